"""``exercise_summary`` always equals a fresh aggregate of the sets, whatever wrote them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from occlusion.science.loads import brzycki_1993
from occlusion.store import summaries
from occlusion.store.engine import Database, open_database
from occlusion.store.ids import new_id
from occlusion.store.migrate import head_revision, migrate_to
from occlusion.store.models import (
    ExerciseSummary,
    Person,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)
from occlusion.store.transfer import export_document, import_document
from tests.store.populate import START, populate


def _rows(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        rows = session.execute(
            select(ExerciseSummary).order_by(ExerciseSummary.exercise_id)
        ).scalars()
        return [
            (
                str(row.exercise_id), str(row.person_id), row.name, row.started_at,
                row.started_offset_min, row.sets, _round(row.volume_load_kg),
                _round(row.one_rep_max_kg), _round(row.pressure_sum_mmhg), row.pressure_count,
                _round(row.target_pressure_sum_mmhg), row.target_pressure_count,
                _round(row.discomfort_sum), row.discomfort_count, row.last_set_reps,
            )
            for row in rows
        ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _rebuilt(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        summaries.rebuild(session)
    return _rows(database)


def test_orm_writes_keep_the_summary_current(database: Database) -> None:
    person_id = populate(database, "Ana")
    [row] = _rows(database)
    assert row[1:6] == (str(person_id), "leg press", START, 60, 4)
    # populate(): load 40 + i kg for 30 - i reps, pressure 101.5 of 103 mmHg, discomfort 5.
    assert row[6] == sum((40 + i) * (30 - i) for i in range(4))
    assert row[7] is None, "no set of 10 repetitions or fewer"
    assert row[8:14] == (4 * 101.5, 4, 4 * 103.0, 4, 20.0, 4)
    assert row[14] == 27
    with database.session() as session:
        exercise = session.scalars(select(SessionExercise)).one()
        exercise.name = "Leg press"
        last = session.scalars(select(TrainingSet).where(TrainingSet.position == 4)).one()
        last.reps, last.load_kg = 8, 100.0
    [row] = _rows(database)
    assert row[2] == "Leg press" and row[14] == 8
    assert row[7] == round(brzycki_1993(100.0, 8), 6)
    with database.session() as session:
        training = session.scalars(select(TrainingSession)).one()
        training.started_at = START + timedelta(days=1)
        session.delete(session.scalars(select(TrainingSet).where(TrainingSet.position == 4)).one())
    [row] = _rows(database)
    assert row[3] == START + timedelta(days=1) and row[5] == 3 and row[14] == 28
    assert _rows(database) == _rebuilt(database)


def test_deleting_a_person_or_every_set_removes_their_rows(database: Database) -> None:
    ana = populate(database, "Ana")
    populate(database, "Ben")
    with database.session() as session:
        session.execute(delete(Person).where(Person.id == ana))
    assert [row[2] for row in _rows(database)] == ["leg press"]
    with database.session() as session:
        for item in session.scalars(select(TrainingSet)):
            session.delete(item)
    assert _rows(database) == []


def test_imported_log_has_the_same_summaries(database: Database, tmp_path: Path) -> None:
    populate(database, "Ana")
    populate(database, "Ben", sets=7)
    empty = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        import_document(empty, export_document(database))
        assert _rows(empty) == _rows(database)
    finally:
        empty.close()


def test_migration_backfills_existing_sets(database: Database) -> None:
    populate(database, "Ana")
    populate(database, "Ben", sets=6)
    expected = _rows(database)
    migrate_to(database.engine, database.url, "0004")
    migrate_to(database.engine, database.url, head_revision())
    assert _rows(database) == expected


_SET = st.tuples(
    st.one_of(st.none(), st.integers(0, 40)),  # reps
    st.one_of(st.none(), st.floats(0.0, 300.0, allow_nan=False).map(lambda v: round(v, 1))),
    st.one_of(st.none(), st.integers(0, 10)),  # discomfort
    st.one_of(st.none(), st.floats(30.0, 300.0).map(lambda v: round(v, 1))),  # pressure
)


@pytest.fixture(scope="module")
def shared_log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('summary') / 'log.db'}")
    yield database
    database.close()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_SET, min_size=1, max_size=8))
def test_summary_equals_the_aggregate_of_any_sets(
    shared_log: Database, sets: list[tuple[Any, ...]]
) -> None:
    database = shared_log
    with database.session() as session:
        session.execute(delete(Person))
    person_id, session_id, exercise_id = new_id(), new_id(), new_id()
    with database.session() as session:
        session.add(Person(id=person_id, name="P", preferred_units="metric", notes="",
                           created_at=START, created_offset_min=0))
        session.flush()
        session.add(TrainingSession(id=session_id, person_id=person_id, started_at=START,
                                    started_offset_min=0, status="completed",
                                    restriction_kind="cuff", notes=""))
        session.flush()
        session.add(SessionExercise(id=exercise_id, session_id=session_id, position=1,
                                    name="Row", restricted_limbs=[]))
        session.flush()
        for index, (reps, load, discomfort, pressure) in enumerate(sets):
            session.add(TrainingSet(exercise_id=exercise_id, session_id=session_id,
                                    person_id=person_id, position=index + 1,
                                    performed_at=START, performed_offset_min=0,
                                    load_kg=load, reps=reps, discomfort=discomfort,
                                    pressure_mmhg=pressure, target_pressure_mmhg=pressure,
                                    symptoms=[], notes=""))
            session.flush()  # one flush per set, as the runner's journal does
    [row] = _rows(database)
    volumes = [load * reps for reps, load, _, _ in sets if load is not None and reps]
    volumes += [0.0 for reps, load, _, _ in sets if load is not None and reps == 0]
    estimates = [brzycki_1993(load, reps) for reps, load, _, _ in sets
                 if reps is not None and 1 <= reps <= 10 and load is not None and load > 0]
    discomforts = [value for _, _, value, _ in sets if value is not None]
    assert row[5] == len(sets)
    assert row[6] == (pytest.approx(sum(volumes), abs=1e-5) if volumes else None)
    assert row[7] == (pytest.approx(max(estimates), abs=1e-5) if estimates else None)
    assert row[12:14] == (float(sum(discomforts)) if discomforts else None, len(discomforts))
    assert row[14] == sets[-1][0]
    assert _rows(database) == _rebuilt(database)

