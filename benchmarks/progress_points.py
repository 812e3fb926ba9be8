"""Progress over ten years, per session: this code against an earlier revision, side by side.

Builds nothing: it reads logs kept by ``benchmarks/store.py --keep DIR`` (the PostgreSQL schema
``bench_keep_<people>`` and ``DIR/log-<people>.db``; opening them migrates them to this
revision), checks that both versions of :func:`occlusion.services.progress.progress` return
identical results (ten years per session and per week, the default year, one exercise, a
given start date), then times the ten-year per-session read of both alternately in one
process and prints the median CPU time of each and their ratio, and the median and p95 wall
time (on a shared machine mostly waiting for a core; the CPU ratio is the evidence).

Run::

    .venv/bin/python benchmarks/progress_points.py --keep DIR --before-commit REV
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def module_at(revision: str) -> ModuleType:
    """Import ``services/progress.py`` as it was at ``revision`` (beside today's modules)."""
    source = subprocess.run(
        ["git", "show", f"{revision}:src/occlusion/services/progress.py"],
        check=True, capture_output=True, text=True,
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="occlusion-bench-")) / "progress_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("progress_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["progress_before"] = module
    spec.loader.exec_module(module)
    return module


_VIEWS: tuple[tuple[str, dict[str, str]], ...] = (
    ("10 years by session", {"since": "all"}),
    ("10 years by week", {"since": "all", "by": "week"}),
    ("default year", {}),
    ("one exercise", {"exercise": "Leg press", "since": "all"}),
    ("since a date, by week", {"since": "2020-03-01", "by": "week"}),
)


def _spread(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(samples):.0f}/{p95:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--before-commit", required=True)
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--databases", default="postgresql,sqlite")
    options = parser.parse_args(argv)

    from sqlalchemy import text

    from occlusion.services import progress as after
    from occlusion.store.engine import open_database

    before = module_at(options.before_commit)
    schema = f"bench_keep_{options.people}"
    sqlite_path = options.keep / f"log-{options.people}.db"
    databases = (
        ("postgresql", lambda: open_database(POSTGRESQL_URL, schema=schema)),
        ("sqlite", lambda: open_database(f"sqlite:///{sqlite_path}")),
    )
    for name, opener in databases:
        if name not in options.databases.split(","):
            continue
        database = opener()
        try:
            with database.session() as session:
                person = str(session.execute(text("SELECT id FROM person LIMIT 1")).scalar())
            points = 0
            for label, choices in _VIEWS:
                old = before.progress(database, person, **choices)
                new = after.progress(database, person, **choices)
                if old != new:
                    print(f"{name}: results differ ({label})")
                    return 1
                points += len(new["points"])
            cpu: dict[str, list[float]] = {"before": [], "after": []}
            wall: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(options.repeats):
                for label, module in (("before", before), ("after", after)):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    module.progress(database, person, since="all")
                    cpu[label].append((time.process_time() - began_cpu) * 1000.0)
                    wall[label].append((time.perf_counter() - began) * 1000.0)
            old_ms = statistics.median(cpu["before"])
            new_ms = statistics.median(cpu["after"])
            print(f"{name}: {points:,} points identical ({', '.join(view for view, _ in _VIEWS)}); "
                  f"ten years per session, median CPU before {old_ms:.1f} ms, after "
                  f"{new_ms:.1f} ms, x{old_ms / new_ms:.2f}; wall median/p95 before "
                  f"{_spread(wall['before'])}, after {_spread(wall['after'])} ms")
        finally:
            database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
