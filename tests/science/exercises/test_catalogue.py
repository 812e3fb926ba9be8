"""The exercise catalogue: each exercise names the limb it works, and names are found as typed."""

from __future__ import annotations

import pytest

from occlusion import evidence
from occlusion.science.exercises import (
    CATALOGUE,
    EXERCISE_LIMB_POLICY,
    find_exercise,
    limbs_worked,
    normalised_name,
)
from occlusion.vocabulary import Limb


@pytest.mark.parametrize(
    ("typed", "key", "limb"),
    [
        ("Leg press", "leg-press", Limb.THIGH),
        ("leg presses", "leg-press", Limb.THIGH),
        ("Back squats", "squat", Limb.THIGH),
        ("Knee extension", "knee-extension", Limb.THIGH),
        ("Leg Extensions", "knee-extension", Limb.THIGH),
        ("hamstring curl", "leg-curl", Limb.THIGH),
        ("Calf raises", "calf-raise", Limb.THIGH),
        ("Biceps curls", "biceps-curl", Limb.ARM),
        ("bicep curl", "biceps-curl", Limb.ARM),
        ("Hammer curl", "biceps-curl", Limb.ARM),
        ("Triceps extensions", "triceps-extension", Limb.ARM),
        ("Triceps pushdowns", "triceps-extension", Limb.ARM),
        ("Bench press", "bench-press", Limb.ARM),
        ("press-ups", "push-up", Limb.ARM),
    ],
)
def test_exercises_name_the_limb_they_work(typed: str, key: str, limb: Limb) -> None:
    entry = find_exercise(typed)
    assert entry is not None
    assert (entry.key, entry.limb) == (key, limb)
    assert entry.limbs == (limb,)


def test_a_leg_curl_is_not_a_biceps_curl() -> None:
    # "curl" alone means the arm curl; "leg curl" is the thigh's.
    curl, leg_curl = find_exercise("curl"), find_exercise("Leg curl")
    assert curl is not None and curl.limb == Limb.ARM
    assert leg_curl is not None and leg_curl.limb == Limb.THIGH


def test_unknown_exercise_is_not_guessed() -> None:
    assert find_exercise("Zercher carry") is None
    assert find_exercise("") is None


def test_every_name_is_unique_and_every_reference_is_registered() -> None:
    names = [
        name for entry in CATALOGUE for name in {normalised_name(name) for name in entry.names()}
    ]
    assert len(names) == len(set(names))
    assert len({entry.key for entry in CATALOGUE}) == len(CATALOGUE)
    for entry in CATALOGUE:
        keys = entry.as_dict()["references"]
        assert keys[0] == EXERCISE_LIMB_POLICY.key
        assert [reference.key for reference in evidence.cite(*keys)] == keys
    assert EXERCISE_LIMB_POLICY.status == "policy"
    assert {entry.limb for entry in CATALOGUE} == set(Limb)


def test_limbs_worked_are_distinct_in_vocabulary_order() -> None:
    assert limbs_worked([Limb.THIGH, Limb.ARM, Limb.THIGH]) == (Limb.ARM, Limb.THIGH)
    assert limbs_worked([]) == ()
