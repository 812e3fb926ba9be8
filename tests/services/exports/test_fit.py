"""FIT activities and workouts, read back with an independent decoder (fitdecode)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import fitdecode
import pytest

from occlusion.services.exports import export
from occlusion.services.exports.fit import exercise_category, workout_file
from occlusion.services.record_data import gather
from occlusion.sessions.from_prescription import session_plan_from_prescription
from tests.services.flow import WHEN


def decode(data: bytes) -> list[fitdecode.FitDataMessage]:
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        return [frame for frame in reader if isinstance(frame, fitdecode.FitDataMessage)]


def fields(message: fitdecode.FitDataMessage) -> dict[str, Any]:
    return {field.name: field.value for field in message.fields}


def test_each_session_is_an_activity_with_every_set(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    record = gather(database, person=person)
    exported = export(database, "fit", person=person, now=WHEN)
    assert exported.suffix == ".zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.data))
    names = sorted(archive.namelist())
    assert len(names) == len(record.sessions) == 2
    assert any(exercise_category(ex["name"]) for data in record.sessions
               for ex in data.exercises), "the log has an exercise with a FIT category"
    for name, data in zip(names, record.sessions, strict=True):
        messages = decode(archive.read(name))
        kinds = [message.name for message in messages]
        assert kinds[0] == "file_id" and kinds[-1] == "activity"
        session = fields(next(m for m in messages if m.name == "session"))
        assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
        active = [fields(m) for m in messages if m.name == "set"
                  and fields(m)["set_type"] == "active"]
        expected = data.sets()
        assert len(active) == len(expected)
        for decoded, (exercise, item) in zip(active, expected, strict=True):
            assert decoded["repetitions"] == item["reps"]
            assert decoded["weight"] == pytest.approx(item["load_kg"], abs=1 / 16)
            assert decoded["duration"] == pytest.approx(item["duration_s"], abs=0.001)
            category = exercise_category(exercise["name"])
            if category is None:
                assert "category" not in decoded or decoded["category"] is None
            else:
                assert category in str(decoded["category"])
        rests = [fields(m) for m in messages if m.name == "set" and fields(m)["set_type"] == "rest"]
        assert rests and all(rest["duration"] > 0 for rest in rests)


def test_developer_fields_carry_pressure_and_pct_lop(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    record = gather(database, person=person)
    first = record.sessions[0]
    exported = export(database, "fit", session_ref=first.id[-8:], now=WHEN)
    assert exported.suffix == ".fit"
    messages = decode(exported.data)
    described = {fields(m)["field_name"] for m in messages if m.name == "field_description"}
    assert described == {"cuff_pressure", "pct_lop", "pressure_fidelity"}
    active = [m for m in messages if m.name == "set" and m.get_value("set_type") == "active"]
    for message, (_exercise, item) in zip(active, first.sets(), strict=True):
        assert message.get_value("cuff_pressure") == pytest.approx(item["pressure_mmhg"], abs=0.01)
        assert message.get_value("pct_lop") == pytest.approx(item["pressure_pct_lop"], abs=0.01)
        assert message.get_value("pressure_fidelity") == pytest.approx(
            item["fidelity"]["within_band_pct"], abs=0.01)


def test_plan_as_a_workout(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    record = gather(database, person=person)
    assert record.plan is not None
    plan = session_plan_from_prescription(record.plan["prescription"])
    data = workout_file(plan, "Leg day", datetime(2026, 5, 1, tzinfo=UTC))
    messages = decode(data)
    workout = fields(next(m for m in messages if m.name == "workout"))
    steps = [fields(m) for m in messages if m.name == "workout_step"]
    assert workout["wkt_name"] == "Leg day" and workout["num_valid_steps"] == len(steps)
    active = [step for step in steps if step["intensity"] == "active"]
    planned = [(exercise, item) for exercise in plan.exercises for item in exercise.sets]
    assert len(active) == len(planned)
    for step, (exercise, item) in zip(active, planned, strict=True):
        assert step["wkt_step_name"].startswith(exercise.name)
        if item.target_reps is not None and not item.to_failure:
            assert step["duration_type"] == "reps"
            assert step["duration_reps"] == item.target_reps
        if item.target_load_kg is not None:
            assert step["exercise_weight"] == pytest.approx(item.target_load_kg, abs=0.01)
    rests = [step for step in steps if step["intensity"] == "rest"]
    assert rests and all(step["duration_type"] == "time" for step in rests)


@pytest.mark.parametrize(("name", "category"), [
    ("Bench press (barbell)", "bench_press"), ("Leg curl", "leg_curl"),
    ("Biceps curl", "curl"), ("Leg press", None), ("Back squat", "squat"),
])
def test_exercise_categories(name: str, category: str | None) -> None:
    assert exercise_category(name) == category
