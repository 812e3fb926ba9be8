from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, bindparam, select
from sqlalchemy.exc import DBAPIError

from occlusion.store.driver_rows import DriverQuery
from occlusion.store.engine import Database

_TABLE = Table(
    "driver_rows_probe", MetaData(),
    Column("position", Integer, primary_key=True), Column("name", String(40)),
    Column("at", DateTime), Column("mass_kg", Float),
)
_ROWS = [
    {"position": 1, "name": "Leg press", "at": datetime(2026, 1, 5, 17, 0), "mass_kg": 60.5},
    {"position": 2, "name": "Leg press", "at": datetime(2026, 1, 7, 17, 0, 0, 250),
     "mass_kg": None},
    {"position": 3, "name": "Knee extension", "at": datetime(2026, 1, 9, 8), "mass_kg": 20.0},
]


def _filled(database: Database) -> None:
    with database.engine.begin() as connection:
        _TABLE.create(connection)
        connection.execute(_TABLE.insert(), _ROWS)


def test_rows_are_what_sqlalchemy_reads(database: Database) -> None:
    _filled(database)
    # A time parameter (bind processor on SQLite), a text one and a constant of the statement.
    statement = (
        select(_TABLE.c.position, _TABLE.c.name, _TABLE.c.mass_kg, _TABLE.c.mass_kg * 2.0)
        .where(_TABLE.c.at >= bindparam("start", type_=DateTime))
        .where(_TABLE.c.name == bindparam("name", type_=String))
        .order_by(_TABLE.c.position)
    )
    query = DriverQuery(statement, database.engine.dialect)
    values = {"start": datetime(2026, 1, 6), "name": "Leg press", "unused": 1}
    with database.engine.connect() as connection:
        expected = [tuple(row) for row in connection.execute(statement, values)]
        assert query.rows(connection, values) == expected == [
            (2, "Leg press", None, None)
        ]
        everything = {"start": datetime(2026, 1, 1), "name": "Knee extension"}
        assert query.rows(connection, everything) == [(3, "Knee extension", 20.0, 40.0)]


def test_a_missing_value_is_named(database: Database) -> None:
    _filled(database)
    query = DriverQuery(
        select(_TABLE.c.position).where(_TABLE.c.name == bindparam("name", type_=String)),
        database.engine.dialect,
    )
    with database.engine.connect() as connection, pytest.raises(ValueError, match="name"):
        query.rows(connection, {})


def test_a_driver_failure_is_a_sqlalchemy_error(database: Database) -> None:
    # No table: the driver's own error comes out as DBAPIError, which the store words.
    query = DriverQuery(select(_TABLE.c.position), database.engine.dialect)
    with database.engine.connect() as connection, pytest.raises(DBAPIError):
        query.rows(connection, {})


def test_a_dropped_connection_is_not_used_again(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("the server ends a connection on PostgreSQL only")
    from sqlalchemy import text

    _filled(database)
    query = DriverQuery(select(_TABLE.c.position), database.engine.dialect)
    with database.engine.connect() as connection:
        backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with database.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        with pytest.raises(DBAPIError) as caught:
            query.rows(connection, {})
        assert caught.value.connection_invalidated
    # The pool opens a fresh connection instead of handing back the dead one.
    with database.engine.connect() as connection:
        assert query.rows(connection, {}) == [(1,), (2,), (3,)]
