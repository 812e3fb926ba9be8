"""The database journal: one committed transaction per event, replayable, with device traces."""

from __future__ import annotations

import uuid

import pytest

from occlusion.errors import StoreError
from occlusion.services.journal import DatabaseJournal, load_events
from occlusion.sessions import LoggedSet, ManualClock, SessionRunner, WrapRestriction
from occlusion.sessions.events import Event, SetLogged
from occlusion.store import timestamps
from occlusion.store.models import DeviceAlarm, DeviceSample, Person, TrainingSession, TrainingSet
from occlusion.store.transfer import count_rows
from tests.sessions.helpers import START, plan


def _session(database) -> uuid.UUID:  # type: ignore[no-untyped-def]
    utc, offset = timestamps.split(START)
    with database.session() as session:
        person = Person(name="A", created_at=utc, created_offset_min=offset)
        session.add(person)
        session.flush()
        training = TrainingSession(person_id=person.id, started_at=utc, started_offset_min=offset,
                                   status="running", restriction_kind="wrap",
                                   session_plan=plan(exercises=1).as_dict(), notes="")
        session.add(training)
        session.flush()
        return training.id


def test_journal_writes_sets_and_replays(database) -> None:  # type: ignore[no-untyped-def]
    session_id = _session(database)
    clock = ManualClock(START)
    journal = DatabaseJournal(database, session_id, plan(exercises=1))
    runner = SessionRunner(plan(exercises=1), WrapRestriction(), journal, clock)
    runner.start()
    runner.confirm_applied()
    clock.advance(60)
    runner.log_set(LoggedSet(reps=28, rpe=8, discomfort=5, symptoms=("tingling",)))
    clock.advance(30)
    runner.tick()
    events = load_events(database, session_id)
    assert [event.kind for event in events] == [event_kind for event_kind in (
        "session-started", "exercise-started", "restriction-requested", "restriction-applied",
        "set-started", "set-logged", "stop-rule", "pressure-lowered", "countdown-started",
        "countdown-ended", "set-started")]
    assert events[5].occurred_at == START.replace(minute=1)
    with database.session() as session:
        stored = session.query(TrainingSet).one()
        assert (stored.reps, stored.target_reps, stored.symptoms) == (28, 30, ["tingling"])
        assert stored.restriction_s == 60.0
        assert stored.target_pressure_mmhg == 110.0, "the target when the set was logged"
    replayed = SessionRunner(runner.plan, WrapRestriction(), journal, clock)
    for event in events:
        replayed._on_event(event)
    assert replayed.state == runner.state


def test_a_failing_event_writes_nothing(database) -> None:  # type: ignore[no-untyped-def]
    session_id = _session(database)
    journal = DatabaseJournal(database, session_id, plan(exercises=1))
    before = count_rows(database)
    with pytest.raises(StoreError, match="never started"):
        journal.append(Event(1, START, 0.0, SetLogged(exercise_index=0, set_index=0)))
    assert count_rows(database) == before


def test_device_trace_is_kept(database) -> None:  # type: ignore[no-untyped-def]
    session_id = _session(database)
    journal = DatabaseJournal(database, session_id, plan(exercises=1))
    journal.record_device(
        12.0, START,
        [{"channel": "left-thigh", "pressure_mmhg": 109.5, "target_mmhg": 110.0}],
        [{"channel": "left-thigh", "code": "leak", "severity": "deflate", "message": "leak"}],
    )
    with database.session() as session:
        assert session.query(DeviceSample).one().pressure_mmhg == 109.5
        assert session.query(DeviceAlarm).one().code == "leak"


def test_unknown_session_is_refused(database) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="not in the log"):
        DatabaseJournal(database, uuid.uuid4(), plan(exercises=1))


def test_sets_written_by_the_journal_keep_their_summary_current(database) -> None:  # type: ignore[no-untyped-def]
    """The journal writes with Core (no ORM flush hook): it refreshes the summary itself."""
    from tests.store.test_summaries import _rebuilt, _rows

    session_id = _session(database)
    clock = ManualClock(START)
    journal = DatabaseJournal(database, session_id, plan(exercises=1))
    runner = SessionRunner(plan(exercises=1), WrapRestriction(), journal, clock)
    runner.start()
    runner.confirm_applied()
    for reps in (30, 15):
        clock.advance(45)
        runner.log_set(LoggedSet(reps=reps, load_kg=40.0, rpe=7, discomfort=3))
        runner.skip_countdown()
        if runner.state.step == "apply":
            runner.confirm_applied()
    written = _rows(database)
    assert len(written) == 1 and written[0][5] == 2, "one exercise, two sets"
    assert written == _rebuilt(database)
    runner.stop()
    with database.session() as session:
        training = session.get(TrainingSession, session_id)
        assert training is not None
        assert (training.status, training.stop_reason) == ("stopped", "stopped by the person")
        assert training.ended_at == timestamps.split(clock.now())[0]


def test_a_new_sessions_journal_reads_nothing_back_and_matches_a_reopened_one(database) -> None:  # type: ignore[no-untyped-def]
    session_id = _session(database)
    with database.session() as session:
        training = session.get(TrainingSession, session_id)
        assert training is not None
        person_id = training.person_id
    from tests.services.test_grants import statements

    with statements(database) as sent:
        journal = DatabaseJournal(
            database, session_id, plan(exercises=1), new_for_person=person_id
        )
    assert sent == []
    clock = ManualClock(START)
    runner = SessionRunner(plan(exercises=1), WrapRestriction(), journal, clock)
    runner.start()
    runner.confirm_applied()
    runner.log_set(LoggedSet(reps=30))
    reopened = DatabaseJournal(database, session_id, plan(exercises=1))
    assert reopened.person_id == journal.person_id
    assert reopened._exercise_ids == journal._exercise_ids
    with database.session() as session:
        stored = session.query(TrainingSet).one()
        assert (stored.person_id, stored.exercise_id) == (person_id, journal._exercise_ids[0])
