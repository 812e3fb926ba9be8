"""``occlusion db status`` and ``occlusion db upgrade`` on a fresh log, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from occlusion.store.migrate import head_revision, known_revisions


def test_status_then_upgrade_on_a_fresh_sqlite_log(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    before = cli("db", "status")
    assert before.exit_code == 1
    assert "empty" in before.stdout and "occlusion db upgrade" in before.stdout
    upgraded = cli("db", "upgrade")
    assert upgraded.exit_code == 0
    assert upgraded.stdout.strip() == f"schema upgraded from none to {head_revision()}"
    after = cli("db", "status", "--json")
    assert after.exit_code == 0
    assert after.json()["state"] == "current" and after.json()["pending"] == []
    assert cli("db", "upgrade").stdout.startswith("schema already at")


def test_status_lists_pending_migrations(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine

    from occlusion.store.migrate import migrate_to

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate_to(engine, url, known_revisions()[-2])
    engine.dispose()
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", url)
    status = cli("db", "status", "--json")
    assert status.exit_code == 1
    assert status.json()["state"] == "behind"
    assert status.json()["pending"] == [head_revision()]


def test_unreachable_database_is_one_line(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = cli("db", "status")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot reach the database")
    assert len(result.stderr.strip().splitlines()) == 1


def test_workers_starting_together_migrate_once_on_postgresql() -> None:
    from sqlalchemy import text

    from occlusion.store.engine import open_database
    from tests.store.database import POSTGRESQL_URL, drop_schema, require_postgresql

    require_postgresql()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker() -> None:
        try:
            start.wait()
            open_database(POSTGRESQL_URL, schema=schema).close()
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    # The schema itself stands for the database a deployment already has.
    open_database(POSTGRESQL_URL, schema=schema, check_schema=False).close()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        database = open_database(POSTGRESQL_URL, schema=schema)
        try:
            with database.engine.connect() as connection:
                versions = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert [row[0] for row in versions] == [head_revision()]
        finally:
            database.close()
    finally:
        drop_schema(schema)
