from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, insert, select

from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.local_iso import local_iso

MOMENTS = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1))
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60)


def _database_iso(database: Database, rows: list[tuple[datetime, int]]) -> list[str]:
    table = Table(
        "local_iso_probe", MetaData(),
        Column("position", Integer, primary_key=True),
        Column("utc", DateTime), Column("offset_min", Integer),
    )
    with database.engine.begin() as connection:
        table.create(connection, checkfirst=True)
        connection.execute(table.delete())
        connection.execute(insert(table), [
            {"position": index, "utc": utc, "offset_min": offset_min}
            for index, (utc, offset_min) in enumerate(rows)
        ])
        expression = local_iso(database.dialect, table.c.utc, table.c.offset_min)
        return list(connection.scalars(select(expression).order_by(table.c.position)))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30,
          deadline=None)
@given(rows=st.lists(st.tuples(MOMENTS, OFFSETS), min_size=1, max_size=40))
# Fractions that millisecond rounding would carry into the next second, minute and day.
@example(rows=[(datetime(2026, 12, 31, 23, 59, 59, 999_600), 0),
               (datetime(2026, 6, 1, 10, 0, 59, 999_999), -330),
               (datetime(2026, 6, 1, 10, 0, 0, 1), 345)])
# Whole seconds (no fraction written), offsets of either sign across midnight and a new year.
@example(rows=[(datetime(2026, 12, 31, 22, 30), 120), (datetime(2027, 1, 1, 0, 15), -60),
               (datetime(2026, 3, 29, 0, 59, 30), 840), (datetime(2026, 3, 29, 1, 0), -720)])
def test_database_writes_the_same_local_time_as_python(
    database: Database, rows: list[tuple[datetime, int]]
) -> None:
    expected = [timestamps.to_iso(utc, offset_min) for utc, offset_min in rows]
    assert _database_iso(database, rows) == expected
