"""Training-log timings on SQLite and PostgreSQL as the log grows.

For each database and each size (people × 10 years of sessions, 25 000 sets per person), the
log is built with bulk inserts, then three operations are timed through the real code paths:

- log a set: :class:`occlusion.services.journal.DatabaseJournal` appends a ``set-logged`` event
  (event row + set row, one committed transaction), side by side with a bare one-row commit on
  the same database as the baseline;
- open a history page: :func:`occlusion.services.history.history` (20 sessions with their sets);
- compute progress: :func:`occlusion.services.progress.progress` for the default window (the
  year up to the latest set) and for all ten years of a person's sets, per session and per
  week.

Each is reported as median and p95 in milliseconds; growth is the ratio to the smallest size
measured in the same run.

Run::

    .venv/bin/python benchmarks/store.py --sizes 2,20,200 --databases sqlite,postgresql

(people per size; 200 people is the issue's 5 million sets). With ``--keep DIR`` the logs are
kept and a later run with the same ``--keep`` measures them again without rebuilding (after
migrating them to the current schema).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SESSIONS_PER_PERSON = 3125  # about 6 a week for 10 years
EXERCISES_PER_SESSION = 2
SETS_PER_EXERCISE = 4
SETS_PER_PERSON = SESSIONS_PER_PERSON * EXERCISES_PER_SESSION * SETS_PER_EXERCISE
START = datetime(2016, 1, 4, 17, 0)
SESSION_SPACING = timedelta(days=3652) / SESSIONS_PER_PERSON
POSTGRESQL_URL = os.environ.get(
    "OCCLUSION_BENCH_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(operation: Callable[[], Any], repeats: int) -> tuple[float, float, float]:
    """Return median and p95 wall time and median CPU time of this process [ms].

    On a shared machine the wall time is mostly waiting for a core; the CPU time is what the
    operation itself costs here (the database server's share on PostgreSQL not included).
    """
    samples = []
    cpu = []
    for _ in range(repeats):
        began = time.perf_counter()
        began_cpu = time.process_time()
        operation()
        cpu.append((time.process_time() - began_cpu) * 1000.0)
        samples.append((time.perf_counter() - began) * 1000.0)
    return statistics.median(samples), percentile(samples, 0.95), statistics.median(cpu)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(people: int) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """Yield (table, rows) batches for ``people`` people with 10 years of sessions each."""
    random.seed(7)
    for person_number in range(people):
        person_id = uuid.uuid4()
        yield "person", [(person_id, f"Athlete {person_number}", START)]
        sessions: list[tuple[Any, ...]] = []
        exercises: list[tuple[Any, ...]] = []
        sets: list[tuple[Any, ...]] = []
        for session_number in range(SESSIONS_PER_PERSON):
            session_id = uuid.uuid4()
            started = START + session_number * SESSION_SPACING
            sessions.append((session_id, person_id, started, started + timedelta(minutes=40)))
            for exercise_number in range(EXERCISES_PER_SESSION):
                exercise_id = uuid.uuid4()
                exercises.append((exercise_id, session_id, exercise_number + 1,
                                  ("Leg press", "Knee extension")[exercise_number]))
                load = 40.0 + 5.0 * (session_number // 40) + 10.0 * exercise_number
                for set_number, target in enumerate((30, 15, 15, 15)):
                    sets.append((
                        uuid.uuid4(), exercise_id, session_id, person_id, set_number + 1,
                        started + timedelta(seconds=90 * set_number), load, load, target,
                        target + random.randint(-3, 3), 110.0, 108.0 + random.random() * 4,
                        60.0, 75.0, 30.0, 7.0, random.randint(2, 7),
                    ))
        yield "training_session", sessions
        yield "session_exercise", exercises
        yield "training_set", sets


_COLUMNS = {
    "person": ("id", "name", "created_at"),
    "training_session": ("id", "person_id", "started_at", "ended_at"),
    "session_exercise": ("id", "session_id", "position", "name"),
    "training_set": (
        "id", "exercise_id", "session_id", "person_id", "position", "performed_at",
        "target_load_kg", "load_kg", "target_reps", "reps", "target_pressure_mmhg",
        "pressure_mmhg", "pressure_pct_lop", "restriction_s", "rest_s", "rpe", "discomfort",
    ),
}
_CONSTANTS = {
    "person": {"preferred_units": "metric", "notes": "", "created_offset_min": 60},
    "training_session": {"started_offset_min": 60, "status": "completed",
                         "restriction_kind": "cuff", "source": "occlusion", "notes": ""},
    "session_exercise": {"restricted_limbs": "[]", "restriction": "continuous"},
    "training_set": {"performed_offset_min": 60, "load_entered_unit": "kg", "symptoms": "[]",
                     "notes": ""},
}


def bulk_load_sqlite(path: Path, people: int) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    for table, rows in generate(people):
        columns = [*_COLUMNS[table], *_CONSTANTS[table]]
        constants = tuple(_CONSTANTS[table].values())
        placeholders = ", ".join("?" for _ in columns)
        converted = [
            tuple(
                value.hex if isinstance(value, uuid.UUID)
                else _stamp(value) if isinstance(value, datetime) else value
                for value in row
            ) + constants
            for row in rows
        ]
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", converted
        )
    connection.commit()
    connection.close()


def bulk_load_postgresql(schema: str, people: int) -> None:
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, options=f"-csearch_path={schema}") as connection:
        for table, rows in generate(people):
            columns = [*_COLUMNS[table], *_CONSTANTS[table]]
            constants = tuple(_CONSTANTS[table].values())
            with connection.cursor().copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row + constants)
        connection.commit()


def rebuild_summaries(database: Any) -> None:
    """Fill ``exercise_summary`` as the migration does, then refresh the planner's statistics."""
    from sqlalchemy import text

    from occlusion.store import summaries

    with database.session() as session:
        summaries.rebuild(session)
    if database.dialect == "postgresql":
        # A steady-state table has its visibility map set by autovacuum; do it now so the
        # covering index can answer without visiting the table.
        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE")
            )
    else:
        with database.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def measure(database: Any, people: int, repeats: int) -> dict[str, tuple[float, float, float]]:
    from sqlalchemy import text

    from occlusion.services.history import history
    from occlusion.services.journal import DatabaseJournal
    from occlusion.services.progress import progress
    from occlusion.sessions.events import Event
    from occlusion.sessions.plan import PlannedExercise, PlannedSet, SessionPlan
    from occlusion.store.models import TrainingSession

    with database.session() as session:
        person_ids = [str(row[0]) for row in session.execute(text("SELECT id FROM person"))]
    person_ids = [str(uuid.UUID(value)) for value in person_ids]
    plan = SessionPlan(
        protocol="resistance-30-15-15-15",
        exercises=(PlannedExercise("Leg press", ("left-thigh",), (PlannedSet(30),), 30.0),),
        rest_between_exercises_s=60.0, cadence_s=(2.0, 0.0, 2.0), cap_s={"thigh": 1200.0},
        reperfusion_s=180.0,
    )
    now = datetime.now(UTC).astimezone()
    with database.session() as session:
        running = TrainingSession(
            person_id=uuid.UUID(person_ids[0]), started_at=now.replace(tzinfo=None),
            started_offset_min=0, status="running", restriction_kind="wrap",
            session_plan=plan.as_dict(), notes="",
        )
        session.add(running)
        session.flush()
        session_id = running.id
    journal = DatabaseJournal(database, session_id, plan)
    sequence = iter(range(1, 10**9))
    journal.append(Event.parse(next(sequence), "exercise-started", now, 0.0,
                         {"exercise_index": 0, "name": "Leg press"}))

    def log_one() -> None:
        moment = datetime.now(UTC).astimezone()
        journal.append(Event.parse(next(sequence), "set-logged", moment, 1.0, {
            "exercise_index": 0, "set_index": 0, "target_reps": 30, "reps": 30,
            "target_load_kg": 60.0, "load_kg": 60.0, "load_entered_unit": "kg",
            "target_pressure_mmhg": 110.0, "pressure_mmhg": 109.0, "lop_mmhg": 183.3,
            "restriction_s": 75.0, "rest_s": 30.0, "rpe": 7.0, "discomfort": 4,
            "symptoms": [], "notes": "",
        }))

    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_baseline (value INTEGER)"))

    def bare_commit() -> None:
        with database.engine.begin() as connection:
            connection.execute(text("INSERT INTO bench_baseline (value) VALUES (1)"))

    from occlusion.store import summaries
    from occlusion.store.models import TrainingSet

    def aggregate_sets(person_id: str) -> None:
        # What progress did before the summaries: aggregate every set of the person.
        condition = TrainingSet.person_id == uuid.UUID(person_id)
        with database.session() as session:
            session.execute(summaries._aggregate(database.dialect, condition)).all()

    def page(person_id: str) -> None:
        # The web page /people/{id}/history: the latest 20 sessions and the default progress.
        history(database, person_id, limit=20)
        progress(database, person_id)

    chooser = random.Random(11)
    results = {
        "bare commit (baseline)": timed(bare_commit, repeats * 4),
        "log a set": timed(log_one, repeats * 4),
        "history page (20 sessions)": timed(
            lambda: history(database, chooser.choice(person_ids), limit=20), repeats
        ),
        "what the history page reads": timed(lambda: page(chooser.choice(person_ids)), repeats),
        "progress (last 365 days, default)": timed(
            lambda: progress(database, chooser.choice(person_ids)), repeats
        ),
        "progress (all 10 years)": timed(
            lambda: progress(database, chooser.choice(person_ids), since="all"), repeats
        ),
        "progress (all 10 years, by week)": timed(
            lambda: progress(database, chooser.choice(person_ids), since="all", by="week"),
            repeats,
        ),
        "10 years from the sets (before, SQL)": timed(
            lambda: aggregate_sets(chooser.choice(person_ids)), repeats
        ),
    }
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_baseline"))
    return results


def run(
    database_name: str, people: int, repeats: int, keep: Path | None = None
) -> dict[str, tuple[float, float, float]]:
    """Build (or, with ``keep``, reuse and keep) a log of ``people`` people and measure it.

    With ``keep``, the SQLite file is ``keep/log-<people>.db`` and the PostgreSQL schema
    ``bench_keep_<people>``; a log already there is opened (and migrated) instead of rebuilt,
    so a second run measures the same data without the build.
    """
    from occlusion.store.engine import open_database

    began = time.perf_counter()
    if database_name == "sqlite":
        directory = keep if keep is not None else Path(tempfile.mkdtemp(prefix="occlusion-bench-"))
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"log-{people}.db"
        reused = keep is not None and path.exists()
        if not reused:
            open_database(f"sqlite:///{path}").close()
            bulk_load_sqlite(path, people)
        database = open_database(f"sqlite:///{path}")
        size = f"{path.stat().st_size / 1e6:.0f} MB"
    else:
        schema = f"bench_keep_{people}" if keep is not None else f"bench_{uuid.uuid4().hex[:8]}"
        reused = keep is not None and _schema_exists(schema)
        if not reused:
            open_database(POSTGRESQL_URL, schema=schema).close()
            bulk_load_postgresql(schema, people)
        database = open_database(POSTGRESQL_URL, schema=schema)
        size = "-"
    if not reused:
        rebuild_summaries(database)
    elif database.dialect == "postgresql":
        # A migration may have rewritten every summary row; autovacuum would set the visibility
        # map again in time, as on a steady server (cheap when nothing changed).
        from sqlalchemy import text

        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE exercise_summary")
            )
    built_s = time.perf_counter() - began
    try:
        what = "opened and migrated" if reused else "built"
        print(f"  {what} {people * SETS_PER_PERSON:,} sets in {built_s:.0f} s ({size})",
              flush=True)
        return measure(database, people, repeats)
    finally:
        database.close()
        if keep is None and database_name == "sqlite":
            for item in directory.iterdir():
                item.unlink()
            directory.rmdir()
        elif keep is None:
            import psycopg

            dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _schema_exists(schema: str) -> bool:
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = %s", (schema,)
        ).fetchone()
    return bool(row and row[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2,20", help="people per size, comma separated")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument(
        "--keep", type=Path, default=None,
        help="keep the built logs (SQLite files in this folder, PostgreSQL schemas "
        "bench_keep_<people>) and reuse them when already there",
    )
    options = parser.parse_args(argv)
    sizes = [int(item) for item in options.sizes.split(",")]
    print(f"python {sys.version.split()[0]}; {SETS_PER_PERSON:,} sets per person (10 years)")
    for database_name in options.databases.split(","):
        baseline: dict[str, float] = {}
        for people in sizes:
            print(f"{database_name}: {people} people, {people * SETS_PER_PERSON:,} sets",
                  flush=True)
            results = run(database_name, people, options.repeats, options.keep)
            for name, (median, p95, cpu) in results.items():
                baseline.setdefault(name, median)
                growth = median / baseline[name] if baseline[name] else float("nan")
                print(f"  {name:<38} median {median:8.2f} ms   p95 {p95:8.2f} ms   "
                      f"cpu {cpu:7.2f} ms   x{growth:5.2f} vs smallest", flush=True)
            print(f"  load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}",
                  flush=True)
            ratio = results["log a set"][0] / results["bare commit (baseline)"][0]
            print(f"  log a set / bare commit: {ratio:.2f}", flush=True)
            before = results["10 years from the sets (before, SQL)"][1]
            after = results["progress (all 10 years)"][1]
            print(f"  p95 progress 10 years / reading the sets before: {after / before:.2f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
