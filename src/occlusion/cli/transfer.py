"""``occlusion export`` and ``occlusion import``: move the training log in and out."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from occlusion.cli.files import json_words
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.person import PERSON_OPTION_HELP
from occlusion.errors import InputError

if TYPE_CHECKING:
    from occlusion.services.transfer import ImportSummary, StrongImportSummary

_FORMAT_HELP = (
    "json (complete, re-importable), csv (one row per set), pdf (clinical report), "
    "fhir (FHIR R4B bundle), "
    "fit (Garmin activities: one .fit for --session, a .zip for --person), "
    "strong or hevy (each app's CSV)."
)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date like 2026-05-01") from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no partial file is ever left.

    Raises
    ------
    InputError
        The file cannot be written (missing folder, no permission, a folder in the way, a full
        disk); nothing is left behind.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private (0600); give it the mode any new file would get.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


@click.command("export")
@click.option("--format", "export_format", default="json", help=_FORMAT_HELP)
@click.option("--person", help="Only this person. " + PERSON_OPTION_HELP)
@click.option("--session", help="Only this session (its id, or 4+ digits of it).")
@click.option("--from", "start", help="First day of the period, e.g. 2026-05-01.")
@click.option("--to", "end", help="Last day of the period (included).")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write to this file (text formats: default stdout).",
)
def export_command(
    export_format: str,
    person: str | None,
    session: str | None,
    start: str | None,
    end: str | None,
    output: Path | None,
) -> None:
    """Export the log or one person's record in the format the reader needs."""
    from occlusion.services import open_log
    from occlusion.services.exports import export
    from occlusion.services.record_data import Period
    from occlusion.store import timestamps

    period = Period(_day(start, "--from"), _day(end, "--to"))
    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    database = open_log()
    try:
        exported = export(
            database, export_format, person=person, session_ref=session, period=period,
            now=timestamps.now_local(),
        )
    finally:
        database.close()
    if output is None:
        if not exported.is_text:
            raise InputError(f"a {export_format} export is a binary file: give --output FILE")
        click.echo(exported.data.decode("utf-8"), nl=False)
        return
    write_atomically(output, exported.data)
    click.echo(f"exported to {output}", err=True)


def _document(text: str, file: Path) -> Any:
    """Return the JSON of an export file, a syntax fault said like the TOML and JSON readers."""
    from occlusion.store.transfer import parse_document

    try:
        return parse_document(text, str(file))
    except InputError as error:
        if error.code != "import.not-json":
            raise
        line, column = error.fields["line"], error.fields["column"]
        raise InputError(
            f"import file {str(file)!r}, line {line}, column {column}: "
            f"{json_words(str(error.fields['reason']))}",
            code="file.malformed",
            file=str(file),
            line=line,
            column=column,
        ) from None


@click.command("import")
@click.argument(
    "file", type=click.Path(dir_okay=False, path_type=Path), help="The file to import."
)
@click.option(
    "--format",
    "import_format",
    default="occlusion",
    help="occlusion (our JSON export), strong or hevy (their CSV).",
)
@click.option("--person", help="Strong, Hevy: whose history. " + PERSON_OPTION_HELP)
@click.option("--weight-unit", default="kg", help="Strong: kg or lb, when the file has no unit.")
@click.option("--utc-offset", help="Strong, Hevy: offset of the file's times, e.g. +02:00.")
@json_option
def import_command(
    file: Path,
    import_format: str,
    person: str | None,
    weight_unit: str,
    utc_offset: str | None,
    json_output: bool,
) -> None:
    """Import an Occlusion JSON export, or a Strong or Hevy CSV; all of it or nothing."""
    from occlusion.services import open_log
    from occlusion.services.transfer import (
        import_hevy,
        import_json,
        import_strong,
        read_import_file,
    )
    if import_format not in ("occlusion", "strong", "hevy"):
        raise InputError(
            f"unknown import format {import_format!r}: use occlusion, strong or hevy"
        )
    if import_format != "occlusion" and person is None:
        raise InputError(f"a {import_format.title()} import needs --person: whose history is it?")
    text = read_import_file(file, import_format)
    database = open_log()
    summary: ImportSummary | StrongImportSummary
    try:
        if import_format == "occlusion":
            summary = import_json(database, _document(text, file))
        elif import_format == "strong":
            assert person is not None
            summary = import_strong(
                database, person, text, weight_unit=weight_unit, utc_offset=utc_offset
            )
        else:
            assert person is not None
            summary = import_hevy(database, person, text, utc_offset=utc_offset)
    finally:
        database.close()
    if json_output:
        print_json(summary)
        return
    console().print(import_words(summary, file), soft_wrap=True)


#: What each exported table holds, as a person counts it.
_TABLE_WORDS = {
    "person": ("person", "people"),
    "blood_pressure_reading": ("blood pressure reading", "blood pressure readings"),
    "limb_measurement": ("limb measurement", "limb measurements"),
    "equipment": ("piece of equipment", "pieces of equipment"),
    "lop_record": ("occlusion pressure record", "occlusion pressure records"),
    "screening_record": ("screening", "screenings"),
    "clinician_clearance": ("clinician clearance", "clinician clearances"),
    "plan": ("plan", "plans"),
    "training_session": ("session", "sessions"),
    "session_exercise": ("session exercise", "session exercises"),
    "training_set": ("set", "sets"),
    "session_event": ("session event", "session events"),
    "device_sample": ("cuff reading", "cuff readings"),
    "device_alarm": ("cuff alarm", "cuff alarms"),
}


def _count(number: int, table: str) -> str:
    one, many = _TABLE_WORDS[table]
    return f"{number:,} {one if number == 1 else many}"


def import_words(summary: ImportSummary | StrongImportSummary, file: Path) -> str:
    """Say what an import added and what it left because it was already in the log."""
    from occlusion.services.transfer import StrongImportSummary

    if isinstance(summary, StrongImportSummary):
        skipped = summary.skipped_sessions
        if not summary.sessions:
            return f"Nothing new in {file}: every session in it is already in the log."
        sets = _count(summary.sets, "training_set")
        line = f"Imported {_count(summary.sessions, 'training_session')} and {sets} from {file}."
        if skipped:
            left = "was left as it was" if skipped == 1 else "were left as they were"
            line += f" {_count(skipped, 'training_session')} already in the log {left}."
        return line
    added_parts = [_count(n, t) for t, n in summary.inserted.items() if n]
    kept = sum(summary.skipped_identical.values())
    line = (
        f"Imported {', '.join(added_parts)} from {file}."
        if added_parts
        else f"Nothing new in {file}: everything in it is already in the log."
    )
    if kept and added_parts:
        verb = "record already in the log was" if kept == 1 else "records already in the log were"
        line += f" {kept:,} {verb} left as {'it was' if kept == 1 else 'they were'}."
    return line
