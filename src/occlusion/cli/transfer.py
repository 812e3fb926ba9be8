"""``occlusion export`` and ``occlusion import``: move the training log in and out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from occlusion.cli.output import JSON_OPTION_HELP, console, print_json
from occlusion.cli.person import PERSON_OPTION_HELP
from occlusion.errors import InputError


def export_command(
    export_format: Annotated[
        str,
        typer.Option("--format", help="json (complete, re-importable) or csv (one row per set)."),
    ] = "json",
    person: Annotated[
        str | None, typer.Option("--person", help="Only this person. " + PERSON_OPTION_HELP)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Export the training log: versioned JSON (complete) or CSV (one row per set)."""
    import uuid

    from occlusion.services import open_log
    from occlusion.services.transfer import export_csv, export_json

    if export_format not in ("json", "csv"):
        raise InputError(f"unknown export format {export_format!r}: use json or csv")
    database = open_log()
    try:
        person_id = None
        if person is not None:
            from occlusion.services.people import show_person

            person_id = uuid.UUID(show_person(database, person).id)
        if export_format == "json":
            text = json.dumps(export_json(database, person_id), indent=2, ensure_ascii=False) + "\n"
        else:
            text = export_csv(database, person_id)
    finally:
        database.close()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        typer.echo(f"exported to {output}", err=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="The file to import.", dir_okay=False)],
    import_format: Annotated[
        str, typer.Option("--format", help="occlusion (our JSON export) or strong (Strong CSV).")
    ] = "occlusion",
    person: Annotated[
        str | None, typer.Option("--person", help="Strong: whose history. " + PERSON_OPTION_HELP)
    ] = None,
    weight_unit: Annotated[
        str, typer.Option("--weight-unit", help="Strong: kg or lb, when the file has no unit.")
    ] = "kg",
    utc_offset: Annotated[
        str | None,
        typer.Option("--utc-offset", help="Strong: offset of the file's times, e.g. +02:00."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Import an Occlusion JSON export or a Strong CSV; all of it or nothing."""
    from occlusion.services import open_log
    from occlusion.services.transfer import (
        ImportSummary,
        StrongImportSummary,
        import_json,
        import_strong,
    )

    if import_format not in ("occlusion", "strong"):
        raise InputError(f"unknown import format {import_format!r}: use occlusion or strong")
    if not file.is_file():
        raise InputError(f"file {str(file)!r} does not exist")
    text = file.read_text(encoding="utf-8-sig")
    database = open_log()
    summary: ImportSummary | StrongImportSummary
    try:
        if import_format == "occlusion":
            try:
                document = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"{file} is not valid JSON: {exc}") from None
            summary = import_json(database, document)
        else:
            if person is None:
                raise InputError("a Strong import needs --person: whose history is it?")
            summary = import_strong(
                database, person, text, weight_unit=weight_unit, utc_offset=utc_offset
            )
    finally:
        database.close()
    if json_output:
        print_json(summary)
        return
    console().print(f"imported {file}: {summary.as_dict()}")
