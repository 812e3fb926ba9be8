"""Use cases for moving the log in and out: JSON export/import, CSV export, Strong import."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from occlusion.errors import InputError
from occlusion.services.people import show_person
from occlusion.store import timestamps
from occlusion.store.csv_formats import StrongImportSummary, export_sets_csv, import_strong_csv
from occlusion.store.csv_reading import MAX_CSV_CHARS
from occlusion.store.engine import Database
from occlusion.store.transfer import (
    MAX_DOCUMENT_CHARS,
    ImportSummary,
    export_document,
    import_document,
)
from occlusion.store.workout_apps import import_hevy_csv

__all__ = [
    "ImportSummary",
    "StrongImportSummary",
    "export_csv",
    "export_json",
    "import_hevy",
    "import_json",
    "import_strong",
    "parse_utc_offset",
    "read_import_file",
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
        raise InputError(
            f"UTC offset {text!r} is not like +02:00 or -05:30",
            code="input.bad-utc-offset", value=text,
        )
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


def import_hevy(
    database: Database, person: str, text: str, *, utc_offset: str | None = None
) -> StrongImportSummary:
    """Import a Hevy CSV export into a person's history (all rows or none)."""
    person_id = uuid.UUID(show_person(database, person).id)
    return import_hevy_csv(database, person_id, text, offset_min=parse_utc_offset(utc_offset))


def read_import_file(path: Path, import_format: str) -> str:
    """Return the text of a file to import, refusing one too large to be an export.

    Raises
    ------
    InputError
        The file is missing, unreadable, not UTF-8, or larger than the format's limit.
    """
    limit = MAX_DOCUMENT_CHARS if import_format == "occlusion" else MAX_CSV_CHARS
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(
                f"{path} is not a file",
                code="import.not-a-file", path=str(path),
            )
        if size > 4 * limit:
            raise InputError(
                f"{path} is {size // (1024 * 1024)} MB, too large to be an export",
                code="import.too-large",
            )
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            f"file {str(path)!r} does not exist",
            code="import.no-such-file", path=str(path),
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"{path} is not UTF-8 text",
            code="import.not-utf8", path=str(path),
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror or exc}",
            code="import.unreadable", path=str(path), detail=exc.strerror or str(exc),
        ) from None
