"""The ``database`` fixture: every training-log test runs on SQLite and on PostgreSQL.

Each test gets its own SQLite file or its own PostgreSQL schema, so pytest-xdist workers never
collide. The PostgreSQL leg skips with a message when no server is reachable, and fails instead
when ``CI`` is set (the CI machine has a server on 127.0.0.1:5432).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from occlusion.store.engine import Database, open_database

POSTGRESQL_URL = os.environ.get(
    "OCCLUSION_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_reachable: dict[str, str | None] = {}


def postgresql_problem() -> str | None:
    """Return why PostgreSQL cannot be used for tests, or ``None`` when it can."""
    if "answer" not in _reachable:
        import psycopg

        try:
            dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, connect_timeout=3):
                pass
            _reachable["answer"] = None
        except Exception as exc:  # any failure to connect means "not reachable"
            _reachable["answer"] = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
    return _reachable["answer"]


def require_postgresql() -> None:
    """Skip (locally) or fail (with ``CI`` set) when PostgreSQL is unreachable."""
    problem = postgresql_problem()
    if problem is None:
        return
    message = f"PostgreSQL not reachable at {POSTGRESQL_URL} ({problem})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the PostgreSQL leg")
    pytest.skip(f"{message}; set OCCLUSION_TEST_POSTGRESQL_URL or start a server")


def drop_schema(schema: str) -> None:
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Yield ``{"url": ..., "schema": ...}`` for a fresh, empty training log."""
    if request.param == "sqlite":
        yield {"url": f"sqlite:///{tmp_path / 'log.db'}", "schema": ""}
        return
    require_postgresql()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    try:
        yield {"url": POSTGRESQL_URL, "schema": schema}
    finally:
        drop_schema(schema)


@pytest.fixture
def database(database_target: dict[str, str]) -> Iterator[Database]:
    """Yield an open, migrated, empty training log (SQLite and PostgreSQL)."""
    opened = open_database(database_target["url"], schema=database_target["schema"] or None)
    try:
        yield opened
    finally:
        opened.close()
