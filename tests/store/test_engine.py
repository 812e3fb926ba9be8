"""Opening the log: where it lives, and clear errors when it is locked, full or unreachable."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from occlusion.errors import InputError, StoreError
from occlusion.store.engine import (
    data_directory,
    database_url,
    open_database,
    redact,
    translate_errors,
)
from occlusion.store.models import Person


def test_default_log_is_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    environ = {"OCCLUSION_DATA_DIR": str(tmp_path / "data")}
    assert data_directory(environ) == tmp_path / "data"
    assert database_url(environ) == f"sqlite:///{tmp_path / 'data' / 'occlusion.db'}"
    assert data_directory({}).parts[-3:] == (".local", "share", "occlusion")


def test_database_url_variable_wins_and_names_the_driver() -> None:
    environ = {"OCCLUSION_DATABASE_URL": "postgresql://coach:secret@db.example/clinic"}
    assert database_url(environ) == "postgresql+psycopg://coach:secret@db.example/clinic"


def test_unsupported_url_is_refused_without_its_password() -> None:
    with pytest.raises(InputError, match=r"mysql://u:\*\*\*@h/d"):
        database_url({"OCCLUSION_DATABASE_URL": "mysql://u:pw@h/d"})
    assert redact("postgresql://u:pw@h/d") == "postgresql://u:***@h/d"


def test_opening_creates_the_directory_and_schema(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'new' / 'dir' / 'log.db'}")
    database.close()
    assert (tmp_path / "new" / "dir" / "log.db").exists()


def _person() -> Person:
    return Person(name="A", created_at=datetime(2026, 1, 1), created_offset_min=0)


def test_locked_database_gives_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    database = open_database(f"sqlite:///{path}", busy_timeout_s=0.05)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"), database.session() as s:
            s.add(_person())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        database.close()


def test_full_database_gives_one_clear_error(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        with database.engine.connect() as connection:
            pages = connection.execute(text("PRAGMA page_count")).scalar_one()
            connection.execute(text(f"PRAGMA max_page_count = {pages}"))
            connection.commit()
            with pytest.raises(StoreError, match="full"), translate_errors(database.url):
                for index in range(2000):
                    connection.execute(
                        text(
                            "INSERT INTO person (id, name, preferred_units, notes, created_at,"
                            " created_offset_min) VALUES (:id, :name, 'metric', '', :at, 0)"
                        ),
                        {"id": f"{index:032x}", "name": "x" * 180, "at": datetime(2026, 1, 1)},
                    )
                connection.commit()
    finally:
        database.close()


def test_unreachable_postgresql_gives_one_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach the database at postgresql"):
        open_database("postgresql://nobody:pw@127.0.0.1:9/none", schema="s")


def test_failed_session_rolls_back_everything(database) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(_person())
        session.flush()
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.query(Person).count() == 0


def test_autocommit_commits_each_statement_on_postgresql_only(database) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from sqlalchemy import func, insert, select

    table = Person.__table__
    row = {"id": uuid.uuid4(), "name": "A", "created_at": datetime(2026, 1, 1),
           "created_offset_min": 0}
    with pytest.raises(StoreError), database.autocommit() as connection:
        connection.execute(insert(table), row)
        connection.execute(insert(table), row)  # the same id again: refused
    with database.session() as session:
        kept = session.scalar(select(func.count()).select_from(table))
    # PostgreSQL kept the first row (it committed by itself); SQLite ran one transaction.
    assert kept == (1 if database.dialect == "postgresql" else 0)
