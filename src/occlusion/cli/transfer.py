"""``occlusion export`` and ``occlusion import``: move the training log in and out."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from occlusion.cli.output import JSON_OPTION_HELP, console, print_json
from occlusion.cli.person import PERSON_OPTION_HELP
from occlusion.errors import InputError

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


def export_command(
    export_format: Annotated[str, typer.Option("--format", help=_FORMAT_HELP)] = "json",
    person: Annotated[
        str | None, typer.Option("--person", help="Only this person. " + PERSON_OPTION_HELP)
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="Only this session (its id, or 4+ digits of it)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day of the period, e.g. 2026-05-01.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (included).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (text formats: default stdout)."),
    ] = None,
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
        typer.echo(exported.data.decode("utf-8"), nl=False)
        return
    write_atomically(output, exported.data)
    typer.echo(f"exported to {output}", err=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="The file to import.", dir_okay=False)],
    import_format: Annotated[
        str,
        typer.Option("--format", help="occlusion (our JSON export), strong or hevy (their CSV)."),
    ] = "occlusion",
    person: Annotated[
        str | None,
        typer.Option("--person", help="Strong, Hevy: whose history. " + PERSON_OPTION_HELP),
    ] = None,
    weight_unit: Annotated[
        str, typer.Option("--weight-unit", help="Strong: kg or lb, when the file has no unit.")
    ] = "kg",
    utc_offset: Annotated[
        str | None,
        typer.Option("--utc-offset", help="Strong, Hevy: offset of the file's times, e.g. +02:00."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Import an Occlusion JSON export, or a Strong or Hevy CSV; all of it or nothing."""
    from occlusion.services import open_log
    from occlusion.services.transfer import (
        ImportSummary,
        StrongImportSummary,
        import_hevy,
        import_json,
        import_strong,
        read_import_file,
    )
    from occlusion.store.transfer import parse_document

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
            summary = import_json(database, parse_document(text, str(file)))
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
    console().print(f"imported {file}: {summary.as_dict()}")
