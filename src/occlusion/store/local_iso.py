"""A stored time as its local ISO 8601 text, written by the database.

:func:`local_iso` is the SQL twin of :func:`occlusion.store.timestamps.to_iso`: the naive UTC
value shifted by its offset [min], ``YYYY-MM-DDTHH:MM:SS``, ``.ffffff`` only when the
microseconds are not zero (as :meth:`datetime.datetime.isoformat` writes it), then ``+HH:MM``
or ``-HH:MM``. :mod:`occlusion.store.summaries` writes it into each summary row, so progress
over ten years (thousands of rows) reads finished text instead of building a datetime and a
string per row in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, case, cast, func, literal_column, type_coerce
from sqlalchemy.sql.elements import ColumnElement

# SQLAlchemy writes SQLite times as "YYYY-MM-DD HH:MM:SS.ffffff": the whole seconds end at
# character 19 and the six digits of microseconds start at character 21.


def _text(sql: str) -> ColumnElement[str]:
    """Return a constant written into the statement (not a bound parameter), as text."""
    return literal_column(sql, String)


def _number(sql: str) -> ColumnElement[int]:
    return literal_column(sql, Integer)


def local_iso(dialect: str, utc: Any, offset_min: Any) -> ColumnElement[str]:
    """Return SQL for the local ISO 8601 time of a naive UTC column and its offset [min].

    Parameters
    ----------
    dialect
        ``sqlite`` or ``postgresql`` (the database the statement runs on).
    utc
        A ``DateTime`` column holding naive UTC.
    offset_min
        An integer column: the local offset from UTC [min].
    """
    if dialect == "sqlite":
        return _sqlite(utc, offset_min)
    return _postgresql(utc, offset_min)


def _sqlite(utc: Any, offset_min: Any) -> ColumnElement[str]:
    # strftime would round fractional seconds to milliseconds (59.9996 s becomes the next
    # minute), so it is given the whole seconds only and the stored digits are appended.
    whole = func.substr(utc, _number("1"), _number("19"), type_=String)
    shift = cast(offset_min, String) + _text("' minutes'")
    shifted = func.strftime(_text("'%Y-%m-%dT%H:%M:%S'"), whole, shift, type_=String)
    digits = func.substr(utc, _number("21"), _number("6"), type_=String)
    fraction = case(
        ((digits == _text("''")) | (digits == _text("'000000'")), _text("''")),
        else_=_text("'.'") + digits,
    )
    hours = func.printf(_text("'%02d'"), _hours(offset_min), type_=String)
    minutes = func.printf(_text("'%02d'"), _minutes(offset_min), type_=String)
    return shifted + fraction + _suffix(offset_min, hours, minutes)


def _postgresql(utc: Any, offset_min: Any) -> ColumnElement[str]:
    local = utc + func.make_interval(
        _number("0"), _number("0"), _number("0"), _number("0"), _number("0"), offset_min
    )
    shifted = func.to_char(local, _text("'YYYY-MM-DD\"T\"HH24:MI:SS'"), type_=String)
    microseconds = cast(func.date_part(_text("'microseconds'"), utc), Integer) % _number(
        "1000000"
    )
    fraction = case(
        (microseconds == _number("0"), _text("''")),
        else_=func.to_char(utc, _text("'.US'"), type_=String),
    )
    hours = func.to_char(_hours(offset_min), _text("'FM00'"), type_=String)
    minutes = func.to_char(_minutes(offset_min), _text("'FM00'"), type_=String)
    return shifted + fraction + _suffix(offset_min, hours, minutes)


def _hours(offset_min: Any) -> Any:
    # Whole hours of a non-negative integer: floor division is SQL's integer division here.
    return type_coerce(func.abs(offset_min), Integer) // _number("60")


def _minutes(offset_min: Any) -> Any:
    return type_coerce(func.abs(offset_min), Integer) % _number("60")


def _suffix(
    offset_min: Any, hours: ColumnElement[str], minutes: ColumnElement[str]
) -> ColumnElement[str]:
    sign: ColumnElement[str] = case(
        (offset_min < _number("0"), _text("'-'")), else_=_text("'+'")
    )
    return sign + hours + _text("':'") + minutes
