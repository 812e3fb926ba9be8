"""The command line's words for estimated-LOP shares, the manual methods' evidence and steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from occlusion.science.lop import ProtocolStep

_METHOD_NAMES = {"doppler": "hand-held Doppler", "pulse-oximeter": "pulse oximeter"}
_VERDICTS = {
    "agrees": "agreed with ultrasound",
    "disagrees": "did not agree with ultrasound",
    "repeatable": "repeated well",
}


def estimated_share_lines(share: Mapping[str, Any]) -> list[str]:
    """Return the lines explaining a pressure set from an estimated LOP (``as_dict`` form)."""
    low_lop, high_lop = share["lop_interval_95_mmhg"]
    small, large = share["share_of_lop_pct"]
    lines = [
        f"  From an estimate: if your true LOP is anywhere from {low_lop:.0f} to "
        f"{high_lop:.0f} mmHg, {share['pressure_mmhg']:.0f} mmHg is {small:.0f}-{large:.0f} % "
        "of it."
    ]
    cap = share["cap"]
    if cap["applied"]:
        lines.append(
            f"  Lowered from {share['requested_pressure_mmhg']:.0f} mmHg "
            f"({share['requested_pct_lop']:g} % of the estimate) by policy: a pressure from an "
            f"estimate stays within {cap['max_share_at_lower_bound_pct']:g} % of the lowest LOP "
            "the interval allows. Measure LOP to train at the full target."
        )
    return lines


#: The published agreement of each way to watch the pulse, in brief, where people choose one
#: (the studies themselves: :data:`occlusion.science.lop.method_agreement.AGREEMENT_STUDIES`).
DETECTION_HELP = (
    "doppler (hand-held; agreed with ultrasound within about ±6 mmHg on arm and thigh) or "
    "pulse-oximeter (agreed on the arm; on the thigh one study agreed within -16 to +29 mmHg "
    "and another found it not valid)"
)
AGREEMENT_HEADING = (
    "What is published on this method (against ultrasound imaging, and on repeating it):"
)


def method_agreement_lines(method: str) -> list[str]:
    """Return the heading and one indented line per published study of ``method``."""
    from occlusion.science.lop import agreement_studies

    studies = [study.as_dict() for study in agreement_studies(method)]
    lines = agreement_lines(studies) or ["no study of this method was found"]
    return [AGREEMENT_HEADING, *(f"  {line}" for line in lines)]


def agreement_lines(studies: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return one line per published study of a manual method (``AgreementStudy.as_dict``)."""
    lines = []
    for study in studies:
        name = _METHOD_NAMES.get(str(study["method"]), str(study["method"]))
        width = study.get("cuff_width_cm")
        where = f"the {study['limb']}" + (f" ({float(width):g} cm cuff)" if width else "")
        parts = [f"{name} on {where}: {_VERDICTS.get(study['verdict'], '')}"]
        if study["bias_mmhg"] is not None:
            parts.append(f"mean difference {study['bias_mmhg']:+g} mmHg")
        if study["limits_of_agreement_mmhg"]:
            low, high = study["limits_of_agreement_mmhg"]
            parts.append(f"95 % limits {low:g} to {high:+g} mmHg")
        if study["limits_half_width_mmhg"] is not None:
            parts.append(f"95 % limits ±{study['limits_half_width_mmhg']:g} mmHg")
        if study["repeatability_icc"]:
            low, high = study["repeatability_icc"]
            parts.append(f"reliability ICC {low:g}-{high:g}")
        parts.append(f"n = {study['sample_size']} [{study['reference']}]")
        lines.append("; ".join(parts))
    return lines


def step_prompt(step: ProtocolStep) -> str:
    """Return a walk-through step's question with the keys that answer it at a terminal."""
    keys = "y/n/stop" if step.kind == "pulse-check" else "Enter to go on, or type stop"
    return f"{step.question} ({keys})" if step.question else ""
