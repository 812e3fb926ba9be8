"""Print where the spread of measured seated thigh AOP comes from, per cuff width (Markdown).

The table in docs/physiology.md ("Why the model explains most under the widest cuff") is this
script's output. Run: ``.venv/bin/python scripts/aop_variance_sources.py``.
"""

from __future__ import annotations

from occlusion.physiology.aop_variance import SOURCES, variance_sources

_HEADINGS = {
    "sbp": "SBP",
    "circumference": "circumference",
    "fat": "fat",
    "artery_place": "artery's place",
    "aop_error": "AOP reading error",
    "interaction": "interaction",
}


def main() -> None:
    """Print the table for the 5 cm cuff and Wedig 2025's three widths."""
    print(
        "| Cuff | Measured SD [mmHg] | "
        + " | ".join(f"{_HEADINGS[code]} [%]" for code in SOURCES)
        + " | unseen [%] | explained by TC, SBP, DBP, age, sex [%] |"
    )
    print("|" + "---|" * (len(SOURCES) + 4))
    for width_cm in (5.0, 11.0, 13.0, 18.0):
        result = variance_sources(width_cm)
        shares = " | ".join(f"{100 * result.shares[code]:.1f}" for code in SOURCES)
        print(
            f"| {width_cm:g} cm | {result.measured_sd_mmhg:.1f} | {shares} | "
            f"{100 * result.unseen:.1f} | {100 * result.explained:.1f} |"
        )


if __name__ == "__main__":
    main()
