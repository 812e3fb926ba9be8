"""The LOP page's sentences about a cuff width say "an 11 cm", "a 12 cm"."""

from __future__ import annotations

from occlusion.web.lop_words import route_reason


def _refusal(code: str, width_cm: float) -> dict[str, object]:
    return {
        "reason": code,
        "status": "refused",
        "fields": {"cuff_width_cm": width_cm, "limb": "thigh"},
    }


def test_an_11_cm_cuff_is_named_with_an() -> None:
    text = route_reason(_refusal("lop.not-estimable.cuff-width", 11.0))
    assert text.startswith("No checked equation covers an 11 cm cuff on the thigh")
    assert "covers a 12 cm cuff" in route_reason(_refusal("lop.not-estimable.cuff-width", 12.0))


def test_a_narrow_cuff_in_inches_starts_with_the_right_article() -> None:
    assert route_reason(
        _refusal("lop.not-estimable.narrow-thigh-cuff", 5.1), "imperial"
    ).startswith("A 2.0 in (5.1 cm) cuff")
    assert route_reason(
        _refusal("lop.not-estimable.narrow-thigh-cuff", 20.3), "imperial"
    ).startswith("An 8.0 in (20.3 cm) cuff")
