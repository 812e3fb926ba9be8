"""Turn stored rows into JSON-ready mappings and back, losslessly.

One mapping per row, one key per column, except that each ``*_at`` column and its
``*_offset_min`` partner become a single ISO 8601 local time with its offset
(``"2026-05-01T18:30:00.250000+02:00"``). Ids are UUID strings. Parsing such a mapping gives
back exactly the stored values, which is what makes export → import → export identical.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.schema import Column, Table
from sqlalchemy.types import JSON

from occlusion.errors import InputError
from occlusion.store import timestamps

#: Time columns without an offset partner of their own borrow the one named here.
SHARED_OFFSETS = {"ended_at": "started_offset_min"}


def offset_column(table: Table, time_column: str) -> str:
    """Return the name of the offset column that goes with ``time_column``."""
    if time_column in SHARED_OFFSETS:
        return SHARED_OFFSETS[time_column]
    candidate = time_column.removesuffix("_at") + "_offset_min"
    if candidate not in table.columns:
        raise KeyError(f"{table.name}.{time_column} has no offset column")
    return candidate


def _offset_columns(table: Table) -> set[str]:
    return {
        offset_column(table, column.name)
        for column in table.columns
        if isinstance(column.type, DateTime)
    }


def row_to_dict(row: DeclarativeBase) -> dict[str, Any]:
    """Return the JSON-ready mapping of an ORM row (see the module docstring)."""
    table: Table = row.__table__  # type: ignore[assignment]
    values = {column.name: getattr(row, _attribute(row, column)) for column in table.columns}
    return values_to_dict(table, values)


def values_to_dict(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON-ready mapping of raw column ``values`` of ``table``."""
    skip = _offset_columns(table)
    document: dict[str, Any] = {}
    for column in table.columns:
        if column.name in skip:
            continue
        value = values[column.name]
        if isinstance(column.type, DateTime):
            offset = values[offset_column(table, column.name)]
            document[column.name] = timestamps.to_iso(value, offset)
        elif isinstance(value, uuid.UUID):
            document[column.name] = str(value)
        else:
            document[column.name] = value
    return document


def dict_to_values(table: Table, document: Any, where: str) -> dict[str, Any]:
    """Parse a mapping made by :func:`values_to_dict` back into checked column values.

    Raises
    ------
    InputError
        A key is unknown or missing, or a value has the wrong type; ``where`` names the record.
    """
    if not isinstance(document, dict):
        raise InputError(
            f"{where}: expected an object, got {type(document).__name__}",
            code="import.record-not-an-object", where=where, found=type(document).__name__,
        )
    skip = _offset_columns(table)
    expected = {column.name for column in table.columns} - skip
    unknown = sorted(set(document) - expected)
    if unknown:
        raise InputError(
            f"{where}: unknown field(s) {', '.join(unknown)}",
            code="import.unknown-fields", where=where, unknown=unknown,
        )
    missing = sorted(
        name
        for name in expected - set(document)
        if not table.columns[name].nullable and table.columns[name].default is None
    )
    if missing:
        raise InputError(
            f"{where}: missing field(s) {', '.join(missing)}",
            code="import.missing-fields", where=where, missing=missing,
        )
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in skip or column.name not in document:
            continue
        value = document[column.name]
        label = f"{where} field {column.name}"
        if value is None:
            if not column.nullable:
                raise InputError(
                    f"{label} must not be null",
                    code="import.null-value", what=label,
                )
            values[column.name] = None
            if isinstance(column.type, DateTime) and column.name not in SHARED_OFFSETS:
                values[offset_column(table, column.name)] = None
            continue
        if isinstance(column.type, DateTime):
            if not isinstance(value, str):
                raise InputError(
                    f"{label} must be an ISO 8601 time",
                    code="input.bad-time", what=label, value=str(value),
                )
            utc, offset = timestamps.split(timestamps.parse_iso(value, label))
            values[column.name] = utc
            offset_name = offset_column(table, column.name)
            if column.name not in SHARED_OFFSETS:
                values[offset_name] = offset
        else:
            values[column.name] = _checked(column, value, label)
    return values


def _checked(column: Column[Any], value: Any, label: str) -> Any:
    kind = column.type
    if isinstance(kind, Uuid):
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise InputError(
                f"{label} must be a UUID, got {value!r}",
                code="import.not-a-uuid", what=label, value=str(value),
            ) from None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise InputError(
                f"{label} must be true or false",
                code="import.not-a-boolean", what=label, value=str(value),
            )
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(
                f"{label} must be a whole number, got {value!r}",
                code="import.not-whole", what=label, value=str(value),
            )
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(
                f"{label} must be a number, got {value!r}",
                code="import.not-a-number", what=label, value=str(value),
            )
        if not math.isfinite(value):
            raise InputError(
                f"{label} must be finite",
                code="import.not-finite", what=label, value=str(value),
            )
        return float(value)
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise InputError(
                f"{label} must be text, got {value!r}",
                code="import.not-text", what=label, value=str(value),
            )
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise InputError(
                f"{label} is longer than {length} characters",
                code="import.text-too-long", what=label, max_chars=length,
            )
        return value
    if isinstance(kind, JSON):
        return value
    raise InputError(
        f"{label} has an unsupported type",
        code="import.unsupported-type", what=label,
    )  # pragma: no cover - schema is fixed


def _attribute(row: DeclarativeBase, column: Column[Any]) -> str:
    mapper = row.__mapper__
    return mapper.get_property_by_column(column).key

