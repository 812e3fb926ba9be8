from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.science.prescription.profile import profile_from_mapping

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _example(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_example_profiles_validate() -> None:
    validated = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        if "person" in document:
            profile_from_mapping(document)
            validated.append(path.name)
    assert "clinic-thigh-cuff.toml" in validated  # the loop did not pass by finding nothing


def test_inches_and_pounds_are_stored_canonically_with_entered_unit() -> None:
    profile = profile_from_mapping(_example("clinic-thigh-cuff.toml"))
    limb = profile.limbs[0]
    assert limb.circumference_cm == pytest.approx(22 * 2.54)
    assert limb.entered_units == {"circumference_cm": "in"}
    exercise = profile.exercises[0]
    assert exercise.one_rep_max_kg == pytest.approx(60 * 0.45359237)
    assert exercise.entered_units == {"one_rep_max_kg": "lb"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["limbs"][0].update(circumference_cm=-5), "limbs.0: Value error|not plausible"),
        (lambda d: d["limbs"][0].update(limb="leg"), "limbs.0.limb"),
        (lambda d: d["blood_pressure"].update(dbp_mmhg=130), "must be below systolic"),
        (lambda d: d["person"].update(favourite_colour="blue"), "person.favourite_colour: unknown"),
        (lambda d: d.pop("person"), "person: missing"),
        (lambda d: d["exercises"][0].update(one_rep_max_kg=100), "exactly one of"),
        (
            lambda d: d["exercises"][0].update(name="Biceps curl", limb="arm"),
            "which has no limb entry",
        ),
        (lambda d: d["exercises"][0].update(limb="arm"), "Leg press works the thigh, not the arm"),
        (
            lambda d: d["exercises"][0].update(name="Zercher carry", limb=None),
            "not in the catalogue: name the limb",
        ),
        (lambda d: d["limbs"].append(dict(d["limbs"][0])), "listed twice"),
        (lambda d: d["limbs"][0].update(circumference_in=20), "either circumference_cm"),
    ],
)
def test_invalid_profiles_name_the_field(mutate: Any, message: str) -> None:
    document = _example("athlete-wraps.toml")
    mutate(document)
    with pytest.raises(InputError, match=message):
        profile_from_mapping(document)


def test_error_is_one_line() -> None:
    document = _example("athlete-wraps.toml")
    document["person"]["age_years"] = "old"
    with pytest.raises(InputError) as caught:
        profile_from_mapping(document)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("profile field person.age_years")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["person", "limbs", "equipment", "x"]), json_values))
def test_arbitrary_documents_fail_only_with_input_error(document: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        profile_from_mapping(document)
