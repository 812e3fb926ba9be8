"""Use case: export a record in the format the reader needs, as one file's bytes.

=========  ==================================================  ====================================
format     what                                                selection
=========  ==================================================  ====================================
json       the complete, re-importable log (versioned)         whole log or ``person``
csv        one row per set, units in the column names          whole log or ``person``
pdf        a clinical report                                   ``person`` (or ``session``), period
fhir       a FHIR R4B Bundle (JSON)                            ``person`` (or ``session``), period
fit        Garmin FIT strength activities (.fit, .zip)         ``session`` or ``person``, period
strong     Strong's CSV layout                                 ``person`` (or ``session``), period
hevy       Hevy's CSV layout                                   ``person`` (or ``session``), period
=========  ==================================================  ====================================

Every refusal is an :class:`~occlusion.errors.InputError` with a code (``export.*``), raised
before any byte is produced.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from occlusion.errors import InputError
from occlusion.services.people import show_person
from occlusion.services.record_data import Period, RecordData, gather
from occlusion.store.engine import Database

FORMATS = ("json", "csv", "pdf", "fhir", "fit", "strong", "hevy")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One export: its bytes, media type and file-name suffix."""

    data: bytes
    media_type: str
    suffix: str

    @property
    def is_text(self) -> bool:
        """Return whether the file is text (it may go to a terminal)."""
        return self.media_type.startswith("text/") or self.media_type.endswith("json")


def export(
    database: Database,
    export_format: str,
    *,
    person: str | None = None,
    session_ref: str | None = None,
    period: Period | None = None,
    now: datetime,
) -> ExportFile:
    """Return the export of ``person`` (or ``session_ref``) over ``period`` in ``export_format``.

    Raises
    ------
    InputError
        Unknown format, person or session; a selection the format does not take; or no session
        in the chosen period for a format made of sessions.
    """
    chosen = period or Period()
    if export_format not in FORMATS:
        raise InputError(
            f"unknown export format {export_format!r}: use one of {', '.join(FORMATS)}",
            code="export.unknown-format",
        )
    if export_format in ("json", "csv"):
        return _log_export(database, export_format, person, session_ref, chosen)
    if person is None and session_ref is None:
        raise InputError(
            f"a {export_format} export is about one person: say whose (or which session)",
            code="export.no-person",
        )
    record = gather(database, person=person, session_ref=session_ref, period=chosen)
    needs_sessions = export_format in ("fit", "strong", "hevy") or not chosen.is_open
    if needs_sessions and not record.sessions:
        raise InputError(_empty_message(record, chosen), code="export.empty-period")
    return _write(export_format, record, session_ref is not None, now)


def _log_export(
    database: Database, export_format: str, person: str | None, session_ref: str | None,
    period: Period,
) -> ExportFile:
    from occlusion.store.csv_formats import export_sets_csv
    from occlusion.store.transfer import export_document

    if session_ref is not None or not period.is_open:
        raise InputError(
            f"the {export_format} export holds whole records: a session or a period applies to "
            "pdf, fhir, fit, strong and hevy",
            code="export.whole-records-only",
        )
    person_id = uuid.UUID(show_person(database, person).id) if person is not None else None
    if export_format == "json":
        text = json.dumps(export_document(database, person_id), indent=2, ensure_ascii=False)
        return ExportFile((text + "\n").encode("utf-8"), "application/json", ".json")
    return ExportFile(export_sets_csv(database, person_id).encode("utf-8"), "text/csv", ".csv")


def _write(export_format: str, record: RecordData, one_session: bool, now: datetime) -> ExportFile:
    if export_format == "strong":
        from occlusion.services.exports.workout_apps import strong_csv

        return ExportFile(strong_csv(record).encode("utf-8"), "text/csv", ".csv")
    if export_format == "hevy":
        from occlusion.services.exports.workout_apps import hevy_csv

        return ExportFile(hevy_csv(record).encode("utf-8"), "text/csv", ".csv")
    if export_format == "fit":
        from occlusion.services.exports.fit import activities_zip, activity_file

        if one_session:
            return ExportFile(activity_file(record, record.sessions[0]), "application/vnd.ant.fit",
                              ".fit")
        return ExportFile(activities_zip(record), "application/zip", ".zip")
    if export_format == "fhir":
        from occlusion.services.exports.fhir import bundle_json

        return ExportFile(bundle_json(record, now).encode("utf-8"), "application/fhir+json",
                          ".json")
    from occlusion.services.exports.pdf import report_pdf

    return ExportFile(report_pdf(record, now), "application/pdf", ".pdf")


def _empty_message(record: RecordData, period: Period) -> str:
    name = record.person.get("name", "this person")
    if period.is_open:
        return f"{name} has no sessions to export"
    start = period.start.isoformat() if period.start else "the first session"
    end = period.end.isoformat() if period.end else "today"
    return f"{name} has no sessions from {start} to {end}"


def plan_workout(prescription: dict[str, Any], now: datetime) -> ExportFile:
    """Return a prescription (``Prescription.as_dict()``) as a FIT workout file."""
    from occlusion.services.exports.fit import workout_file
    from occlusion.sessions.from_prescription import session_plan_from_prescription

    plan = session_plan_from_prescription(prescription)
    protocol = prescription.get("protocol") or {}
    name = str(protocol.get("title") or protocol.get("name") or "BFR plan")
    return ExportFile(workout_file(plan, name, now), "application/vnd.ant.fit", ".fit")


def active_plan_workout(database: Database, person: str, now: datetime) -> ExportFile:
    """Return the person's active plan as a FIT workout file.

    Raises
    ------
    InputError
        Unknown person, or no active plan.
    """
    record = gather(database, person=person, period=Period(date.max, date.max))
    if record.plan is None:
        raise InputError(f"{record.person['name']} has no plan yet", code="export.no-plan")
    return plan_workout(record.plan["prescription"], now)
