"""The manual LOP walk-through: one driver for every interface, the training log as its store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from occlusion.errors import InputError
from occlusion.science.lop import LopMeasurement, start_measurement
from occlusion.services.lop_walkthrough import measured_now, record_lop, replay, walk
from occlusion.services.measurements import measurements
from occlusion.services.people import add_person

ANSWERS = ["", "", "", "y", "y", "y", "n", "n", "y"]
WHEN = datetime(2026, 5, 1, 18, 30, tzinfo=timezone(timedelta(hours=-5)))


def test_replay_stops_where_the_answers_end_and_finishes_with_all_of_them() -> None:
    waiting = replay(ANSWERS[:4], limb="thigh", sbp_mmhg=123)
    assert not waiting.finished and waiting.step.kind == "pulse-check"
    done = replay([*ANSWERS, "extra"], limb="thigh", sbp_mmhg=123)
    assert (done.outcome, done.lop_mmhg) == ("occluded", 190)


def test_walk_asks_again_after_a_refused_answer_or_raises_without_a_handler() -> None:
    answers = iter(["", "", "", "maybe", *ANSWERS[3:]])
    refused: list[str] = []
    state = walk(
        start_measurement(limb="thigh", sbp_mmhg=123),
        lambda step: next(answers),
        on_refused=lambda error: refused.append(str(error)),
    )
    assert state.lop_mmhg == 190 and len(refused) == 1
    with pytest.raises(InputError, match="not understood"):
        replay(["", "", "", "maybe"], limb="thigh")


def test_endless_answers_are_cut_off() -> None:
    with pytest.raises(InputError) as info:
        walk(start_measurement(limb="thigh"), lambda step: "nonsense", on_refused=lambda e: None)
    assert info.value.code == "lop.too-many-answers"


def test_a_finished_walk_through_is_kept_in_the_training_log(database) -> None:  # type: ignore[no-untyped-def]
    person = add_person(database, name="Ana Silva", now=WHEN)
    state = replay(ANSWERS, limb="thigh", sbp_mmhg=123)
    record = measured_now(
        state, limb="thigh", side="right", posture="seated", cuff_width_cm=11.5,
        cuff_material="nylon", notes="first try",
    )
    assert isinstance(record, LopMeasurement)
    record_lop(database, person.id, record, walk_through=state)
    [kept] = measurements(database, person.id)["lop"]
    assert (kept["lop_mmhg"], kept["source"], kept["method"]) == (190, "manual", "doppler")
    assert kept["details"]["walk_through"]["outcome"] == "occluded"
    assert measured_now(replay([*ANSWERS[:4], "stop"], limb="thigh"), limb="thigh") is None
