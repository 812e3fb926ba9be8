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


def test_the_unchecked_equations_for_the_width_are_named_in_words() -> None:
    route = _refusal("lop.not-estimable.cuff-width", 13.0)
    route["fields"]["unchecked_equations"] = ["wedig_2025_thigh_11_13_18cm"]  # type: ignore[index]
    text = route_reason(route)
    assert text.endswith(
        "The 11, 13 and 18 cm thigh equations of Wedig et al. (2025) cover this width but could "
        "not be checked against their paper, so none is used."
    )
    assert "wedig_2025" not in text
