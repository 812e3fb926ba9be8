"""Validation of people and cuffs: impossible inputs get one clear error."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError, OutOfRangeError
from occlusion.physiology import Cuff, Subject


def test_defaults() -> None:
    person = Subject("arm", 30.0, 120.0, 70.0)
    assert person.posture == "supine" and person.heart_rate_bpm == 60.0
    assert person.effective_fat_thickness_cm == 0.8
    assert person.as_dict()["fat_thickness_cm"] == 0.8


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("thigh", 55.0, 120.0, 120.0), "diastolic pressure 120 mmHg must be below"),
        (("thigh", 55.0, 120.0, 130.0), "must be below"),
        (("thigh", 0.0, 120.0, 70.0), "circumference 0 cm is not plausible"),
        (("leg", 55.0, 120.0, 70.0), "unknown limb 'leg'"),
        (("thigh", float("inf"), 120.0, 70.0), "finite"),
    ],
)
def test_impossible_people_are_refused(arguments: tuple[object, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        Subject(*arguments)  # type: ignore[arg-type]


def test_fat_thicker_than_the_limb_is_refused() -> None:
    with pytest.raises(InputError, match="impossible"):
        Subject("arm", 20.0, 120.0, 70.0, fat_thickness_cm=3.0)


def test_unknown_posture_and_material() -> None:
    with pytest.raises(InputError, match="posture"):
        Subject("arm", 30.0, 120.0, 70.0, posture="kneeling")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="cuff material"):
        Cuff(5.0, "rubber")  # type: ignore[arg-type]
    with pytest.raises(OutOfRangeError, match="cuff width"):
        Cuff(0.0)
