"""Time under restriction per limb, read from a session's journal."""

from __future__ import annotations

import pytest

from occlusion.services.fidelity import restricted_s_by_limb

BOTH = {"limbs": ["left-thigh", "right-thigh"]}


def test_a_continuous_session_counts_its_rests() -> None:
    events = [
        ("restriction-applied", 10.0, BOTH),
        ("set-started", 10.0, {"exercise_index": 0, "set_index": 0}),
        ("set-logged", 40.0, {"exercise_index": 0, "set_index": 0}),
        ("set-started", 43.0, {"exercise_index": 0, "set_index": 1}),
        ("set-logged", 60.0, {"exercise_index": 0, "set_index": 1}),
        ("restriction-released", 60.0, BOTH),
    ]
    assert restricted_s_by_limb(events) == {"left-thigh": 50.0, "right-thigh": 50.0}


def test_an_intermittent_session_leaves_out_the_rests_off() -> None:
    arm = {"limbs": ["right-arm"]}
    events = [
        ("restriction-applied", 0.0, arm),
        ("restriction-released", 30.0, arm),
        ("restriction-applied", 90.0, arm),
        ("restriction-released", 105.5, arm),
    ]
    assert restricted_s_by_limb(events) == {"right-arm": pytest.approx(45.5)}


def test_one_limb_released_early_and_one_still_on() -> None:
    events = [
        ("restriction-applied", 0.0, BOTH),
        ("restriction-released", 20.0, {"limbs": ["left-thigh"]}),
        ("set-logged", 25.0, {"exercise_index": 0, "set_index": 0}),
    ]
    # Still on at the last event, or until the moment asked for (a session under way).
    assert restricted_s_by_limb(events) == {"left-thigh": 20.0, "right-thigh": 25.0}
    assert restricted_s_by_limb(events, end_s=31.0) == {"left-thigh": 20.0, "right-thigh": 31.0}


def test_nothing_applied_is_nothing_counted() -> None:
    assert restricted_s_by_limb([("set-started", 0.0, {})]) == {}
    assert restricted_s_by_limb([("restriction-released", 5.0, BOTH)]) == {}
