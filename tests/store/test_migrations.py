"""Migrations: they match the models, run forward without losing rows, and refuse the future."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from occlusion.errors import StoreError
from occlusion.store.engine import open_database
from occlusion.store.migrate import (
    alembic_revisions,
    current_revision,
    head_revision,
    known_revisions,
    migrate_to,
)
from occlusion.store.models import Base


def test_revisions_form_one_line_ending_at_head() -> None:
    assert known_revisions() == [f"{number:04d}" for number in range(1, 14)]
    assert head_revision() == "0013"
    # The fast path reads revision ids from file names; Alembic must agree with it.
    assert alembic_revisions() == known_revisions()


def test_models_match_the_migrations(database) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_from_previous_revision_keeps_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate_to(engine, url, "0001")
    person_id = uuid.uuid4()
    session_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (id, name, preferred_units, notes, created_at,"
                " created_offset_min) VALUES (:id, 'Old Row', 'metric', '', :at, 60)"
            ),
            {"id": person_id.hex, "at": datetime(2025, 1, 2, 3, 4, 5)},
        )
        connection.execute(
            text(
                "INSERT INTO training_session (id, person_id, started_at, started_offset_min,"
                " status, restriction_kind, source, notes)"
                " VALUES (:id, :person, :at, 60, 'completed', 'wrap', 'occlusion', '')"
            ),
            {"id": session_id.hex, "person": person_id.hex, "at": datetime(2025, 1, 2, 3, 5)},
        )
    engine.dispose()
    assert "device_url" not in _columns(tmp_path / "old.db", "training_session")

    database = open_database(url)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as connection:
            rows = connection.execute(text("SELECT name FROM person")).all()
            sessions = connection.execute(text("SELECT status, device_url FROM training_session"))
            assert [tuple(row) for row in sessions] == [("completed", None)]
        assert [row[0] for row in rows] == ["Old Row"]
    finally:
        database.close()
    assert "device_url" in _columns(tmp_path / "old.db", "training_session")


def test_upgrade_on_postgresql_keeps_rows() -> None:
    from tests.store.database import POSTGRESQL_URL, drop_schema, require_postgresql

    require_postgresql()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    database = open_database(POSTGRESQL_URL, schema=schema)
    try:
        migrate_to(database.engine, POSTGRESQL_URL, "0001")
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO person (id, name, preferred_units, notes, created_at,"
                    " created_offset_min) VALUES (:id, 'Old Row', 'metric', '', :at, 0)"
                ),
                {"id": uuid.uuid4(), "at": datetime(2025, 1, 2)},
            )
        database.close()
        reopened = open_database(POSTGRESQL_URL, schema=schema)
        try:
            assert current_revision(reopened.engine) == head_revision()
            with reopened.engine.connect() as connection:
                name = connection.execute(text("SELECT name FROM person")).scalar_one()
                assert name == "Old Row"
        finally:
            reopened.close()
    finally:
        database.close()
        drop_schema(schema)


def test_postgresql_leg_fails_in_ci_and_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.store import database as fixtures

    monkeypatch.setitem(fixtures._reachable, "answer", "OperationalError: refused")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the PostgreSQL leg"):
        fixtures.require_postgresql()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not reachable"):
        fixtures.require_postgresql()


def test_database_from_newer_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'future.db'}"
    open_database(url).close()
    with sqlite3.connect(tmp_path / "future.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreError, match="newer than this version of Occlusion"):
        open_database(url)


def test_out_of_date_database_is_refused_without_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate_to(engine, url, "0001")
    engine.dispose()
    with pytest.raises(StoreError, match="needs upgrading"):
        open_database(url, upgrade=False)


def test_downgrade_then_upgrade_round_trip(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'trip.db'}"
    database = open_database(url)
    migrate_to(database.engine, url, "0001")
    assert current_revision(database.engine) == "0001"
    migrate_to(database.engine, url, "0002")
    assert current_revision(database.engine) == "0002"
    database.close()


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
