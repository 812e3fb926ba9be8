"""One-row journal writes on PostgreSQL: a transaction each (before) or autocommit (after).

Most events of a live session (rests, countdowns, confirmations) write their own
``session_event`` row and nothing else; one statement commits atomically by itself, so the
journal writes them on a connection in autocommit instead of in a transaction of their own
(``Database.autocommit``), saving the BEGIN and COMMIT round trips. Both ways write the very
row the journal writes, side by side in one run, in alternating blocks so the machine's other
load falls on both alike; printed: client CPU and wall time per write, and their ratios.

Run: ``.venv/bin/python benchmarks/journal_autocommit.py`` (PostgreSQL at 127.0.0.1:5432, a
scratch schema dropped at the end; ``--writes``, ``--block``).
"""

from __future__ import annotations

import argparse
import os
import time
import uuid

from sqlalchemy import Table, insert

ADMIN_DSN = os.environ.get("OCCLUSION_BENCH_POSTGRESQL", "postgresql://postgres@127.0.0.1:5432/test")


def main() -> None:
    """Write ``--writes`` event rows each way and print the cost per write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=4000)
    parser.add_argument("--block", type=int, default=200)
    options = parser.parse_args()
    if not (100 <= options.writes <= 100_000 and 10 <= options.block <= options.writes):
        parser.error("keep it bounded: writes 100-100000, block 10-writes")
    import psycopg

    from occlusion.sessions.plan import SessionPlan  # noqa: F401  (models import it)
    from occlusion.store import timestamps
    from occlusion.store.engine import open_database
    from occlusion.store.ids import new_id
    from occlusion.store.models import Person, SessionEvent, TrainingSession

    schema = f"bench_journal_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    url = "postgresql+psycopg://" + ADMIN_DSN.split("://", 1)[1]
    database = open_database(url, schema=schema)
    try:
        utc, offset = timestamps.split(timestamps.now_local())
        with database.session() as session:
            person = Person(name="Bench", created_at=utc, created_offset_min=offset)
            session.add(person)
            session.flush()
            training = TrainingSession(person_id=person.id, started_at=utc,
                                       started_offset_min=offset, status="running",
                                       restriction_kind="wrap", session_plan={}, notes="")
            session.add(training)
            session.flush()
            session_id = training.id
        table: Table = SessionEvent.__table__  # type: ignore[assignment]
        sequence = iter(range(1, 10**9))

        def row() -> dict[str, object]:
            return {"id": new_id(), "session_id": session_id, "sequence": next(sequence),
                    "occurred_at": utc, "occurred_offset_min": offset, "elapsed_s": 1.0,
                    "kind": "countdown-started", "payload": {"kind": "rest", "seconds": 30}}

        ways = {"transaction each (before)": database.transaction,
                "autocommit (after)": database.autocommit}
        cpu = dict.fromkeys(ways, 0.0)
        wall = dict.fromkeys(ways, 0.0)
        for opened in ways.values():  # warm both: connections, compiled statements
            for _ in range(20):
                with opened() as connection:
                    connection.execute(insert(table), row())
        for _ in range(options.writes // options.block):
            for name, opened in ways.items():
                cpu_before, wall_before = time.process_time(), time.perf_counter()
                for _ in range(options.block):
                    with opened() as connection:
                        connection.execute(insert(table), row())
                cpu[name] += time.process_time() - cpu_before
                wall[name] += time.perf_counter() - wall_before
        writes = options.block * (options.writes // options.block)
        print(f"{writes} one-row event writes each way, PostgreSQL, load {os.getloadavg()[0]:.1f}")
        for name in ways:
            print(f"  {name:28} client CPU {1e6 * cpu[name] / writes:6.0f} us/write, "
                  f"wall {1e3 * wall[name] / writes:6.2f} ms/write")
        before, after = ways
        print(f"  ratio before/after: CPU {cpu[before] / cpu[after]:.2f}x, "
              f"wall {wall[before] / wall[after]:.2f}x")
    finally:
        database.close()
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
