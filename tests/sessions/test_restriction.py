"""Wording of the wrap prompts the person reads."""

from __future__ import annotations

from occlusion.sessions.restriction import WrapRestriction


def test_wrap_prompts_are_sentences_joining_limbs_with_and() -> None:
    wraps = WrapRestriction()
    assert wraps.apply(["left-thigh", "right-thigh"], None) == [
        "Wrap the left thigh and right thigh to the marks on the band, then confirm"
    ]
    assert wraps.apply(["left-arm"], None) == [
        "Wrap the left arm to the marks on the band, then confirm"
    ]
    assert wraps.release(["left-arm", "right-arm", "left-thigh"]) == [
        "Release the wrap on the left arm, right arm and left thigh now"
    ]
    assert wraps.lower(["left-arm"], 10.0)[0].startswith("Loosen")
