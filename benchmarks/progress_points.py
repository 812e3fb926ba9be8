"""Progress over ten years, per session: this code against an earlier revision, side by side.

Builds nothing: it reads logs kept by ``benchmarks/store.py --keep DIR`` (the PostgreSQL schema
``bench_keep_<people>`` and ``DIR/log-<people>.db``), checks that both versions of
:func:`occlusion.services.progress.progress` return identical results (per session and per
week), then times them alternately in one process and prints the median CPU time of each and
their ratio.

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--before-commit", required=True)
    parser.add_argument("--repeats", type=int, default=25)
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
        database = opener()
        try:
            with database.session() as session:
                person = str(session.execute(text("SELECT id FROM person LIMIT 1")).scalar())
            points = 0
            for by in ("session", "week"):
                old = before.progress(database, person, since="all", by=by)
                new = after.progress(database, person, since="all", by=by)
                if old != new:
                    print(f"{name}: results differ ({by})")
                    return 1
                points += len(new["points"])
            cpu_before, cpu_after = [], []
            for _ in range(options.repeats):
                began = time.process_time()
                before.progress(database, person, since="all")
                cpu_before.append(time.process_time() - began)
                began = time.process_time()
                after.progress(database, person, since="all")
                cpu_after.append(time.process_time() - began)
            old_ms = statistics.median(cpu_before) * 1000.0
            new_ms = statistics.median(cpu_after) * 1000.0
            print(f"{name}: {points:,} points identical (by session and by week); ten years per "
                  f"session, median CPU before {old_ms:.1f} ms, after {new_ms:.1f} ms, "
                  f"x{old_ms / new_ms:.2f}")
        finally:
            database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
