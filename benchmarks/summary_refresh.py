"""CPU cost of refreshing one exercise's summary row, as every logged set does.

Side by side in one process on the same log: the refresh as it is now
(:func:`occlusion.store.summaries.refresh`: statements built once per database kind, the
exercise ids an expanding parameter, run as Core) against the way it was before (the
``INSERT … SELECT … ON CONFLICT DO UPDATE`` statement built anew for every refresh and run
through the ORM session), both refreshing the summary of an exercise with four sets.
Reports the median CPU time of this process per refresh [ms] (the database's own work is the
same for both) and the ratio.

Run::

    .venv/bin/python benchmarks/summary_refresh.py --repeats 300 --databases sqlite,postgresql
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

POSTGRESQL_URL = os.environ.get(
    "OCCLUSION_BENCH_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START = datetime(2026, 3, 2, 16, 0)


def rebuilt_each_time(session: Any, exercise_ids: list[uuid.UUID]) -> None:
    """Refresh as before: a new statement object per call, run through the ORM session."""
    from sqlalchemy.dialects import postgresql, sqlite

    from occlusion.store import summaries
    from occlusion.store.models import ExerciseSummary, TrainingSet

    dialect = session.get_bind().dialect.name
    aggregate = summaries._aggregate(dialect, TrainingSet.exercise_id.in_(exercise_ids))
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(ExerciseSummary).from_select(summaries._COLUMNS, aggregate)
    session.execute(statement.on_conflict_do_update(
        index_elements=["exercise_id"],
        set_={name: statement.excluded[name] for name in summaries._COLUMNS[1:]},
    ))


def cpu_ms(operation: Callable[[], None], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        began = time.process_time()
        operation()
        samples.append((time.process_time() - began) * 1000.0)
    return statistics.median(samples)


def one_exercise(database: Any) -> uuid.UUID:
    from occlusion.store.models import Person, SessionExercise, TrainingSession, TrainingSet

    with database.session() as session:
        person = Person(name="P", preferred_units="metric", notes="", created_at=START,
                        created_offset_min=0)
        session.add(person)
        session.flush()
        training = TrainingSession(person_id=person.id, started_at=START, started_offset_min=0,
                                   status="completed", restriction_kind="cuff", notes="")
        session.add(training)
        session.flush()
        exercise = SessionExercise(session_id=training.id, position=1, name="Leg press",
                                   restricted_limbs=[])
        session.add(exercise)
        session.flush()
        for position, reps in enumerate((30, 15, 15, 15), start=1):
            session.add(TrainingSet(
                exercise_id=exercise.id, session_id=training.id, person_id=person.id,
                position=position, performed_at=START, performed_offset_min=0, load_kg=40.0,
                reps=reps, pressure_mmhg=110.0, target_pressure_mmhg=110.0, discomfort=4,
                symptoms=[], notes="",
            ))
        return exercise.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    options = parser.parse_args()
    from occlusion.store import summaries
    from occlusion.store.engine import open_database

    print(f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
    for name in options.databases.split(","):
        schema = None
        if name == "sqlite":
            folder = tempfile.mkdtemp(prefix="occlusion-bench-")
            database = open_database(f"sqlite:///{Path(folder) / 'log.db'}")
        else:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            database = open_database(POSTGRESQL_URL, schema=schema)
        try:
            exercise_id = one_exercise(database)
            ids = [exercise_id]
            with database.session() as session:
                now = cpu_ms(
                    lambda: summaries.refresh(session, ids, sets_removed=False),  # noqa: B023
                    options.repeats,
                )
                before = cpu_ms(lambda: rebuilt_each_time(session, ids),  # noqa: B023
                                options.repeats)
            print(f"{name}: refresh one summary row, CPU per call: now {now:.3f} ms, "
                  f"rebuilt each time (before) {before:.3f} ms, before / now {before / now:.1f}x")
        finally:
            database.close()
            if schema is not None:
                import psycopg

                dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
                with psycopg.connect(dsn, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
