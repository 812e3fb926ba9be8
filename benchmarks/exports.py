"""Export time of a year of cuff sessions, against a naive fidelity computation, side by side.

Builds a throw-away SQLite log for one person: ``--sessions`` cuff sessions (default 60), each
with 8 logged sets and a two-channel pressure trace at 1 Hz (3,600 s, so 432,000 samples by
default). Then it times, alternately:

- **ours**: :func:`occlusion.services.record_data.gather` (one sorted column query per session,
  each set's samples found by bisection) and the PDF, FHIR and FIT writers;
- **baseline**: the same gathering with the naive fidelity many first versions write: one ORM
  query per set for that set's samples, loaded as objects.

It prints the medians and the ratio baseline / ours for the gathering, and the writers' times.

Usage::

    .venv/bin/python benchmarks/exports.py [--sessions N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from occlusion.services import fidelity, record_data
from occlusion.store.engine import Database, open_database
from occlusion.store.ids import new_id
from occlusion.store.models import (
    DeviceSample,
    Person,
    SessionEvent,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)

SETS = 8
SESSION_S = 3600
CHANNELS = ("left-thigh", "right-thigh")
TARGET_MMHG = 120.0


def build(database: Database, sessions: int) -> str:
    """Fill ``database`` with one person's cuff sessions; return the person id."""
    person_id = new_id()
    start = datetime(2026, 1, 5, 17, 0)
    with database.session() as session:
        session.add(Person(id=person_id, name="Benchmark Person", preferred_units="metric",
                           notes="", created_at=start, created_offset_min=60))
        session.flush()
        for number in range(sessions):
            began = start + timedelta(days=number * 6 // 1)
            training_id = new_id()
            session.add(TrainingSession(
                id=training_id, person_id=person_id, started_at=began, started_offset_min=60,
                ended_at=began + timedelta(seconds=SESSION_S), status="completed",
                restriction_kind="cuff", source="occlusion", notes=""))
            session.flush()
            exercise_id = new_id()
            session.add(SessionExercise(
                id=exercise_id, session_id=training_id, position=1, name="Leg press",
                restricted_limbs=list(CHANNELS), restriction="continuous",
                target_pressure_mmhg=TARGET_MMHG, target_pct_lop=60.0))
            session.flush()
            events: list[dict[str, Any]] = []
            for index in range(SETS):
                set_start = 60.0 + index * (SESSION_S - 120) / SETS
                set_end = set_start + 240.0
                for kind, elapsed in (("set-started", set_start), ("set-logged", set_end)):
                    events.append({
                        "id": new_id(), "session_id": training_id,
                        "sequence": len(events) + 1,
                        "occurred_at": began + timedelta(seconds=elapsed),
                        "occurred_offset_min": 60, "elapsed_s": elapsed, "kind": kind,
                        "payload": {"exercise_index": 0, "set_index": index}})
                session.add(TrainingSet(
                    exercise_id=exercise_id, session_id=training_id, person_id=person_id,
                    position=index + 1, performed_at=began + timedelta(seconds=set_end),
                    performed_offset_min=60, target_load_kg=60.0, load_kg=60.0,
                    target_reps=15, reps=15, target_pressure_mmhg=TARGET_MMHG,
                    pressure_mmhg=TARGET_MMHG, pressure_pct_lop=60.0, restriction_s=240.0,
                    rest_s=30.0, symptoms=[], notes=""))
            session.execute(insert(SessionEvent), events)
            samples = [
                {"id": new_id(), "session_id": training_id, "elapsed_s": float(second),
                 "channel": channel,
                 "pressure_mmhg": TARGET_MMHG + 15.0 * ((second * 7 + offset) % 11 - 5) / 5,
                 "target_mmhg": TARGET_MMHG}
                for second in range(SESSION_S)
                for offset, channel in enumerate(CHANNELS)
            ]
            for first in range(0, len(samples), 5000):
                session.execute(insert(DeviceSample), samples[first:first + 5000])
    return str(person_id)


def naive_session_fidelity(
    session: Any, session_id: uuid.UUID, targets: dict[tuple[int, int], float | None]
) -> list[fidelity.SetFidelity]:
    """Compute fidelity the naive way: one ORM query per set, samples loaded as objects."""
    rows = session.execute(
        select(SessionEvent.kind, SessionEvent.elapsed_s, SessionEvent.payload)
        .where(SessionEvent.session_id == session_id).order_by(SessionEvent.sequence)
    ).all()
    windows = fidelity.set_windows((row[0], row[1], row[2]) for row in rows)
    result = []
    for key, (start_s, end_s) in sorted(windows.items()):
        samples = session.scalars(
            select(DeviceSample).where(
                DeviceSample.session_id == session_id,
                DeviceSample.elapsed_s >= start_s, DeviceSample.elapsed_s <= end_s)
        ).all()
        summary = fidelity.fidelity_of_samples(
            [(sample.elapsed_s, sample.pressure_mmhg, sample.target_mmhg) for sample in samples],
            targets.get(key))
        if summary is not None:
            count, within, low, high, target = summary
            result.append(fidelity.SetFidelity(key[0], key[1], count, within, low, high, target))
    return result


def timed(action: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        person = build(database, options.sessions)
        samples = options.sessions * SESSION_S * len(CHANNELS)
        print(f"{options.sessions} cuff sessions, {options.sessions * SETS} sets, "
              f"{samples:,} pressure samples (SQLite)")
        ours: list[float] = []
        baseline: list[float] = []
        original = fidelity.session_fidelity
        record = None
        for _ in range(options.runs):
            seconds, record = timed(lambda: record_data.gather(database, person=person))
            ours.append(seconds)
            fidelity.session_fidelity = naive_session_fidelity
            try:
                seconds, naive = timed(lambda: record_data.gather(database, person=person))
            finally:
                fidelity.session_fidelity = original
            baseline.append(seconds)
            assert [item["fidelity"] for data in naive.sessions for _e, item in data.sets()] == [
                item["fidelity"] for data in record.sessions for _e, item in data.sets()]
        assert record is not None
        ours_s, baseline_s = statistics.median(ours), statistics.median(baseline)
        print(f"gather the record   ours {ours_s:6.2f} s   naive baseline {baseline_s:6.2f} s   "
              f"ratio {baseline_s / ours_s:4.1f}x")
        from occlusion.services.exports.fhir import bundle_json
        from occlusion.services.exports.fit import activities_zip
        from occlusion.services.exports.pdf import report_pdf

        now = datetime.now().astimezone()
        for name, write in (("pdf", lambda: report_pdf(record, now)),
                            ("fhir", lambda: bundle_json(record, now)),
                            ("fit", lambda: activities_zip(record))):
            seconds, data = timed(write)
            print(f"write {name:<5}          {seconds:6.2f} s   {len(data):>10,} bytes")
        database.close()


if __name__ == "__main__":
    main()
