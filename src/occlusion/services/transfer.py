"""Use cases for moving the log in and out: JSON export/import, CSV export, Strong import."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from occlusion.errors import InputError
from occlusion.services.people import show_person
from occlusion.store import timestamps
from occlusion.store.csv_formats import StrongImportSummary, export_sets_csv, import_strong_csv
from occlusion.store.engine import Database
from occlusion.store.transfer import ImportSummary, export_document, import_document

__all__ = [
    "ImportSummary",
    "StrongImportSummary",
    "export_csv",
    "export_json",
    "import_json",
    "import_strong",
    "parse_utc_offset",
]


def export_json(database: Database, person_id: uuid.UUID | None = None) -> dict[str, Any]:
    """Return the versioned, complete export document (whole log or one person)."""
    return export_document(database, person_id)


def export_csv(database: Database, person_id: uuid.UUID | None = None) -> str:
    """Return the sets as CSV text, one row per set, units in the column names."""
    return export_sets_csv(database, person_id)


def import_json(database: Database, document: Any) -> ImportSummary:
    """Import an export document in one transaction (nothing is written on any error)."""
    return import_document(database, document)


def parse_utc_offset(text: str | None, when: datetime | None = None) -> int:
    """Return a UTC offset in minutes from ``+02:00``/``-0530``/``Z``; local offset if ``None``."""
    if text is None:
        moment = when or timestamps.now_local()
        offset = moment.utcoffset()
        return int(offset.total_seconds() // 60) if offset is not None else 0
    cleaned = text.strip()
    if cleaned.upper() in ("Z", "UTC"):
        return 0
    match = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})", cleaned)
    if match is None:
        raise InputError(f"UTC offset {text!r} is not like +02:00 or -05:30")
    sign = 1 if match.group(1) == "+" else -1
    return sign * (int(match.group(2)) * 60 + int(match.group(3)))


def import_strong(
    database: Database,
    person: str,
    text: str,
    *,
    weight_unit: str = "kg",
    utc_offset: str | None = None,
) -> StrongImportSummary:
    """Import a Strong CSV export into a person's history (all rows or none)."""
    person_id = uuid.UUID(show_person(database, person).id)
    unit = "lb" if weight_unit in ("lb", "lbs") else weight_unit
    return import_strong_csv(
        database, person_id, text, weight_unit=unit, offset_min=parse_utc_offset(utc_offset)
    )
