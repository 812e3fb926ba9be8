"""Export the training log as one versioned JSON document, and import such a document.

The document is complete (every table, every column) and deterministic (tables in dependency
order, rows sorted by id, no export timestamp), so export → import into an empty log → export
gives an identical document. An import is one transaction: it is checked row by row, and any
problem leaves the log exactly as it was. Records that already exist with identical values are
skipped (so the same file can be imported twice); a record that exists with different values is
refused.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from occlusion.device.firmware.limits import limit
from occlusion.errors import InputError
from occlusion.store import summaries
from occlusion.store.database_rows import dict_to_values, values_to_dict
from occlusion.store.engine import Database
from occlusion.store.migrate import head_revision
from occlusion.store.models import Base

FORMAT_NAME = "occlusion-training-log"
FORMAT_VERSION = 1
#: Tables in the order a foreign key needs them (parents first).
TABLE_ORDER = (
    "person",
    "blood_pressure_reading",
    "limb_measurement",
    "equipment",
    "lop_record",
    "screening_record",
    "clinician_clearance",
    "plan",
    "training_session",
    "session_exercise",
    "training_set",
    "session_event",
    "device_sample",
    "device_alarm",
)
_CHUNK = 500


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def export_document(database: Database, person_id: uuid.UUID | None = None) -> dict[str, Any]:
    """Return the whole log (or one person's part of it) as a JSON-ready document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with database.session() as session:
        session_ids: list[uuid.UUID] | None = None
        for name in TABLE_ORDER:
            table = _table(name)
            statement = select(table).order_by(table.c.id)
            if person_id is not None:
                if name == "person":
                    statement = statement.where(table.c.id == person_id)
                elif "person_id" in table.c:
                    statement = statement.where(table.c.person_id == person_id)
                else:
                    if session_ids is None:
                        session_table = _table("training_session")
                        session_ids = list(
                            session.scalars(
                                select(session_table.c.id).where(
                                    session_table.c.person_id == person_id
                                )
                            )
                        )
                    statement = statement.where(table.c.session_id.in_(session_ids))
            rows = session.execute(statement).mappings()
            tables[name] = [values_to_dict(table, dict(row)) for row in rows]
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema_revision": head_revision(),
        "tables": tables,
    }


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did, per table."""

    inserted: dict[str, int]
    skipped_identical: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "inserted": dict(self.inserted),
            "skipped_identical": dict(self.skipped_identical),
            "total_inserted": sum(self.inserted.values()),
        }


#: Largest export file imported [characters]: a year of daily cuff sessions with their traces
#: is about 100 MB (benchmarks/exports.py), so this leaves room for several.
MAX_DOCUMENT_CHARS = 1024 * 1024 * 1024


def parse_document(text: str, name: str) -> Any:
    """Return the JSON value of an export file's text, refusing what cannot be parsed safely.

    Raises
    ------
    InputError
        The text is larger than :data:`MAX_DOCUMENT_CHARS`, not JSON, or nested deeper than the
        parser's recursion limit (an export is nested a few levels deep; thousands of levels
        are a crafted file).
    """
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(
            f"{name} is larger than {MAX_DOCUMENT_CHARS // (1024 * 1024)} MB; not an export",
            code="import.too-large",
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON: {exc}",
            code="import.not-json",
            line=exc.lineno,
            column=exc.colno,
            reason=exc.msg,
        ) from None
    except RecursionError:
        raise InputError(
            f"{name} is nested too deeply to be an Occlusion export", code="import.too-deep"
        ) from None


def check_header(document: Any) -> dict[str, Any]:
    """Return the ``tables`` of an export document after checking its format and version."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InputError(
            f"not an Occlusion export: expected \"format\": \"{FORMAT_NAME}\"",
            code="import.not-this-format", expected=FORMAT_NAME,
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(
            "the export has no valid \"version\"",
            code="import.no-version",
        )
    if version > FORMAT_VERSION:
        raise InputError(
            f"the export uses format version {version}, newer than this version of Occlusion "
            f"reads ({FORMAT_VERSION}); upgrade Occlusion to import it",
            code="import.newer-version", version=version, readable_version=FORMAT_VERSION
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InputError(
            "the export has no \"tables\" object",
            code="import.no-tables",
        )
    unknown = sorted(set(tables) - set(TABLE_ORDER))
    if unknown:
        raise InputError(
            f"the export has unknown table(s): {', '.join(unknown)}",
            code="import.unknown-tables", tables=unknown,
        )
    for name, rows in tables.items():
        if not isinstance(rows, list):
            raise InputError(
                f"table {name} in the export must be a list of records",
                code="import.table-not-a-list", table=name,
            )
    return tables


def import_document(database: Database, document: Any) -> ImportSummary:
    """Import an export document in one transaction; nothing is written if anything is wrong.

    Raises
    ------
    InputError
        The document is not an export, is of a newer version, or a record is invalid, refers to
        a missing record, or clashes with a different record of the same id.
    """
    tables = check_header(document)
    parsed: dict[str, list[dict[str, Any]]] = {}
    for name in TABLE_ORDER:
        table = _table(name)
        rows = tables.get(name, [])
        parsed[name] = [
            _validated(table, dict_to_values(table, row, f"{name} record {index + 1}"))
            for index, row in enumerate(rows)
        ]
        ids = [values["id"] for values in parsed[name]]
        if len(set(ids)) != len(ids):
            raise InputError(
                f"table {name} in the export lists the same id twice",
                code="import.duplicate-id", table=name,
            )
    inserted: dict[str, int] = {}
    skipped: dict[str, int] = {}
    try:
        with database.session() as session:
            for name in TABLE_ORDER:
                table = _table(name)
                fresh, identical = _split_existing(session, table, parsed[name])
                for start in range(0, len(fresh), _CHUNK):
                    session.execute(insert(table), fresh[start : start + _CHUNK])
                session.flush()
                inserted[name] = len(fresh)
                skipped[name] = identical
            # Core inserts bypass the ORM's flush hook: bring the summaries of what came in.
            summaries.refresh(
                session, (row["exercise_id"] for row in parsed["training_set"])
            )
    except InputError:
        raise
    except Exception as exc:
        if isinstance(getattr(exc, "__cause__", None), IntegrityError) or isinstance(
            exc, IntegrityError
        ):
            raise InputError(
                "import refused, nothing was written: a record refers to a person, session or "
                "exercise that is neither in the file nor in the log",
                code="import.dangling-reference"
            ) from exc
        raise
    return ImportSummary(inserted, skipped)


def _split_existing(
    session: Any, table: Table, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    fresh: list[dict[str, Any]] = []
    identical = 0
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        existing = {
            row["id"]: values_to_dict(table, dict(row))
            for row in session.execute(
                select(table).where(table.c.id.in_([values["id"] for values in chunk]))
            ).mappings()
        }
        for values in chunk:
            if values["id"] not in existing:
                fresh.append(values)
                continue
            if existing[values["id"]] != values_to_dict(table, _complete(table, values)):
                raise InputError(
                    f"record {values['id']} in table {table.name} already exists with different "
                    "values; nothing was imported",
                    code="import.conflicting-record", table=table.name, record=str(values["id"])
                )
            identical += 1
    return fresh, identical


def _complete(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    completed = dict(values)
    for column in table.columns:
        if column.name not in completed:
            argument = getattr(column.default, "arg", None)
            completed[column.name] = None if callable(argument) else argument
    return completed


# A measured pressure is a sensor reading: a deflated cuff open to air reads a few tenths of a
# mmHg below zero (the gauge's offset), and such readings are kept as recorded so a trace exports
# and imports unchanged. Only readings the firmware itself treats as a broken sensor are refused.
_SENSOR_RANGE_MMHG = (limit("sensor_minimum_mmhg"), limit("sensor_maximum_mmhg"))

# Ranges that catch typing mistakes in imported numbers (the same bounds the services use).
_RANGES: dict[str, tuple[float, float]] = {
    "reps": (0, 10_000),
    "target_reps": (0, 10_000),
    "load_kg": (0, 1_000),
    "target_load_kg": (0, 1_000),
    "rpe": (0, 10),
    "discomfort": (0, 10),
    "pressure_mmhg": _SENSOR_RANGE_MMHG,
    "target_pressure_mmhg": (0, 400),
    "target_mmhg": (0, 400),
    "systolic_mmhg": (70, 250),
    "diastolic_mmhg": (30, 150),
    "lop_mmhg": (50, 350),
    "circumference_cm": (12, 110),
    "restriction_s": (0, 86_400),
    "rest_s": (0, 86_400),
    "pressure_pct_lop": (0, 200),
    "target_pct_lop": (0, 200),
}


# A device trace is what the sensor reported, kept as recorded: when a sensor fails (a broken
# wire reads far below zero, a railed one far above) the firmware raises an alarm, deflates, and
# those readings stay in the trace next to the alarm. Only what no gauge can read is refused:
# below a perfect vacuum (-760 mmHg relative to the atmosphere), or not a finite number.
_VACUUM_MMHG = -760.0
_TABLE_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "device_sample": {"pressure_mmhg": (_VACUUM_MMHG, float("inf"))},
}


def _validated(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    ranges = {**_RANGES, **_TABLE_RANGES.get(table.name, {})}
    for column, (low, high) in ranges.items():
        value = values.get(column)
        if value is not None and not low <= value <= high:
            raise InputError(
                f"{table.name} record {values.get('id')}: {column} {value:g} is outside "
                f"{low:g} to {high:g}",
                code="import.value-out-of-range",
                table=table.name,
                record=str(values.get("id")),
                column=column,
                value=value,
                low=low,
                high=high,
            )
    return values


def count_rows(database: Database, names: Iterable[str] = TABLE_ORDER) -> dict[str, int]:
    """Return the number of rows in each table (used by tests and the import summary)."""
    from sqlalchemy import func

    with database.session() as session:
        return {
            name: session.execute(select(func.count()).select_from(_table(name))).scalar_one()
            for name in names
        }
