from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.errors import InputError
from occlusion.science.loads import brzycki_1993
from occlusion.services.history import history, progress
from occlusion.services.sessions import log_set, start_session
from occlusion.sessions import ManualClock
from occlusion.store.csv_formats import import_strong_csv
from tests.services.flow import WHEN, ready_person
from tests.services.test_sessions import run_whole_session


def test_history_pages_back_through_sessions(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    for _ in range(3):
        run_whole_session(start_session(database, person, clock=clock), clock)
        clock.advance(86400 * 2)
    first = history(database, person, limit=2)
    assert len(first["sessions"]) == 2
    assert first["sessions"][0]["started_at"] > first["sessions"][1]["started_at"]
    leg_press = first["sessions"][0]["exercises"][0]
    assert leg_press["name"] == "Leg press"
    assert [item["reps"] for item in leg_press["sets"]] == [30, 15, 15, 15]
    assert leg_press["sets"][0]["target_reps"] == 30
    second = history(database, person, limit=2, before=first["next_before"])
    assert len(second["sessions"]) == 1 and second["next_before"] is None
    with pytest.raises(InputError, match="1 to 200"):
        history(database, person, limit=0)
    with pytest.raises(InputError, match="ISO 8601"):
        history(database, person, before="last week")


def test_progress_matches_hand_computed_values(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    handle = start_session(database, person, clock=clock)
    handle.runner.confirm_applied()
    for reps, discomfort in ((30, 4), (15, 5), (15, 6), (17, 7)):
        clock.advance(60)
        log_set(handle, reps=reps, discomfort=discomfort)
        if handle.runner.view().step == "rest":
            clock.advance(30)
            handle.runner.tick()
    handle.runner.stop()
    strong = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        "2026-05-03 10:00:00,Heavy,1h,Leg press,1,140,8,0,0,,,\n"
        "2026-05-03 10:00:00,Heavy,1h,Leg press,2,150,5,0,0,,,\n"
    )
    import uuid

    from occlusion.services.people import show_person

    import_strong_csv(database, uuid.UUID(show_person(database, person).id), strong,
                      offset_min=120)
    points = progress(database, person, exercise="Leg press")["points"]
    assert len(points) == 2
    guided, heavy = points
    assert guided["volume_load_kg"] == pytest.approx(60 * (30 + 15 + 15 + 17))
    assert guided["last_set_reps"] == 17
    assert guided["estimated_one_rep_max_kg"] is None, "no set of 10 reps or fewer"
    assert guided["mean_discomfort"] == pytest.approx(5.5)
    assert guided["pressure_held_pct_of_target"] is None, "wraps: no pressure measured"
    assert heavy["estimated_one_rep_max_kg"] == pytest.approx(
        max(brzycki_1993(140, 8), brzycki_1993(150, 5)), abs=1e-3)
    assert heavy["last_set_reps"] == 5
    assert heavy["volume_load_kg"] == pytest.approx(140 * 8 + 150 * 5)


def test_weekly_progress_sums_the_week(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    # WHEN is Friday 2026-05-01; sessions on Friday, Sunday (same ISO week) and next Tuesday.
    clock = ManualClock(WHEN + timedelta(hours=1))
    for number, last_reps in enumerate((16, 12, 14)):
        if number:
            clock.advance(2 * 86400)
        run_whole_session(start_session(database, person, clock=clock), clock,
                          last_set_reps=last_reps)
    weekly = progress(database, person, exercise="Leg press", since="all", by="week")
    assert [point["started_at"] for point in weekly["points"]] == ["2026-04-27", "2026-05-04"]
    first, second = weekly["points"]
    assert first["sets"] == 8
    # Session 1 at 60 kg (set 4: 16 reps > 15, so session 2 is at 65 kg).
    expected = 60 * (30 + 15 + 15 + 16) + 65 * (30 + 15 + 15 + 12)
    assert first["volume_load_kg"] == pytest.approx(expected)
    assert first["last_set_reps"] == pytest.approx(14.0)
    assert second["sets"] == 4 and second["last_set_reps"] == pytest.approx(14.0)
    per_session = progress(database, person, exercise="Leg press", since="all")
    assert [point["last_set_reps"] for point in per_session["points"]] == [16, 12, 14]
    with pytest.raises(InputError, match="session or week"):
        progress(database, person, by="month")


def test_history_rows_match_the_stored_records(database) -> None:  # type: ignore[no-untyped-def]
    """The page (read as rows of columns) shows every stored field, with a cuff's fidelity."""
    from sqlalchemy import select

    from occlusion.store.models import SessionExercise, TrainingSession, TrainingSet
    from tests.store.populate import populate

    person_id = populate(database, sets=3)
    page = history(database, str(person_id), limit=5)
    with database.session() as session:
        training = session.scalars(select(TrainingSession)).one()
        exercise = session.scalars(select(SessionExercise)).one()
        stored = session.scalars(select(TrainingSet).order_by(TrainingSet.position)).all()
        expected_sets = [
            {
                "id": str(row.id), "position": row.position, "target_reps": row.target_reps,
                "reps": row.reps, "target_load_kg": row.target_load_kg, "load_kg": row.load_kg,
                "load_entered_unit": row.load_entered_unit,
                "target_pressure_mmhg": row.target_pressure_mmhg,
                "pressure_mmhg": row.pressure_mmhg, "pressure_pct_lop": row.pressure_pct_lop,
                "restriction_s": row.restriction_s, "rpe": row.rpe,
                "discomfort": row.discomfort, "symptoms": list(row.symptoms), "notes": row.notes,
            }
            for row in stored
        ]
        (shown,) = page["sessions"]
        assert shown["session_id"] == str(training.id)
        assert (shown["status"], shown["restriction"], shown["source"]) == (
            "completed", "cuff", "occlusion"
        )
        assert shown["started_at"] == "2026-03-02T17:00:00.123456+01:00"
        assert shown["ended_at"] == "2026-03-02T17:20:00.123456+01:00"
        (shown_exercise,) = shown["exercises"]
        assert shown_exercise["name"] == exercise.name
        assert shown_exercise["restricted_limbs"] == ["left-thigh"]
        assert (shown_exercise["target_pressure_mmhg"], shown_exercise["target_pct_lop"]) == (
            103.0, 60.0
        )
        sets = shown_exercise["sets"]
        fidelities = [item.pop("fidelity") for item in sets]
        assert sets == expected_sets
        from occlusion.services import fidelity

        targets = {(1, row.position): row.target_pressure_mmhg for row in stored}
        computed = {
            entry.set_position: entry.as_dict()
            for entry in fidelity.session_fidelity(session, training.id, targets)
        }
        assert fidelities == [computed.get(row.position) for row in stored]
    assert page["person"] == "Zoë =Tricky, \"quoted\"" and page["next_before"] is None
    assert [(month["month"], month["days"]) for month in page["adherence"]] == [("2026-03", 1)]
