"""``occlusion person add|list|show``: the people whose training is logged."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.output import JSON_OPTION_HELP, console, print_json
from occlusion.cli.units_display import length_text, mass_text
from occlusion.cli.words import word_option
from occlusion.vocabulary import EquipmentKind, LengthUnit, Material, Sex, UnitSystem

app = typer.Typer(help="Add, list and show people in the training log.", no_args_is_help=True)

PERSON_OPTION_HELP = "Person id, or its last (or first) characters as shown by 'person list'."


@app.command("add")
def add_command(
    name: Annotated[str, typer.Option("--name", help="How the person is called.")],
    sex: Annotated[Sex | None, word_option(Sex, "--sex", what="sex", help="Sex.")] = None,
    birth_year: Annotated[int | None, typer.Option("--birth-year", help="Year of birth.")] = None,
    body_mass: Annotated[
        float | None,
        typer.Option("--body-mass", help="Body mass in kg (lb with --units imperial)."),
    ] = None,
    units: Annotated[
        UnitSystem,
        word_option(UnitSystem, "--units", what="unit system", help="Preferred units."),
    ] = UnitSystem.METRIC,
    notes: Annotated[str, typer.Option("--notes", help="Free text.")] = "",
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Add a person to the training log and print their id."""
    from occlusion.services import open_log
    from occlusion.services.people import add_person

    database = open_log()
    try:
        person = add_person(
            database, name=name, sex=sex, birth_year=birth_year, body_mass=body_mass,
            preferred_units=units, notes=notes,
        )
    finally:
        database.close()
    if json_output:
        print_json({**person.as_dict(), "short_id": person.short_id})
        return
    console().print(f"added {escape(person.name)}  id {person.short_id}  ({person.id})")


@app.command("list")
def list_command(
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """List everyone in the training log."""
    from occlusion.services import open_log
    from occlusion.services.people import list_people

    database = open_log()
    try:
        people = list_people(database)
    finally:
        database.close()
    if json_output:
        print_json([{**person.as_dict(), "short_id": person.short_id} for person in people])
        return
    if not people:
        console().print("nobody yet: add someone with 'occlusion person add --name NAME'")
        return
    table = Table("id", "name", "sex", "born", "units")
    for person in people:
        record = person.as_dict()
        table.add_row(
            person.short_id, escape(person.name), record["sex"] or "",
            str(record["birth_year"] or ""), record["preferred_units"],
        )
    console().print(table)


@app.command("show")
def show_command(
    person: Annotated[str, typer.Argument(help=PERSON_OPTION_HELP)],
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Show a person with their measurements."""
    from occlusion.services import open_log
    from occlusion.services.measurements import measurements
    from occlusion.services.people import show_person

    database = open_log()
    try:
        view = show_person(database, person)
        recorded = measurements(database, view.id)
    finally:
        database.close()
    document: dict[str, Any] = {**view.as_dict(), "short_id": view.short_id, **recorded}
    document.pop("person_id", None)
    if json_output:
        print_json(document)
        return
    out = console()
    system = view.record.get("preferred_units") or "metric"
    out.print(f"[bold]{escape(view.name)}[/bold]  id {view.short_id}  ({view.id})")
    if view.record.get("body_mass_kg") is not None:
        out.print(f"  body mass {mass_text(view.record['body_mass_kg'], system)}")
    for reading in recorded["blood_pressure"][:3]:
        dbp = reading["diastolic_mmhg"]
        out.print(
            f"  blood pressure {reading['systolic_mmhg']:.0f}"
            + (f"/{dbp:.0f}" if dbp is not None else "")
            + f" mmHg  ({reading['measured_at']})"
        )
    for limb in recorded["limbs"][:4]:
        out.print(
            f"  {limb['side']} {limb['limb']} {length_text(limb['circumference_cm'], system)}  "
            f"({limb['measured_at']})"
        )
    for lop in recorded["lop"][:4]:
        interval = ""
        if lop["interval_low_mmhg"] is not None:
            interval = f" (95 % {lop['interval_low_mmhg']:.0f}-{lop['interval_high_mmhg']:.0f})"
        out.print(
            f"  LOP {lop['side']} {lop['limb']} {lop['lop_mmhg']:.0f} mmHg{interval} "
            f"{lop['source']} ({escape(lop['method'])}), {lop['cuff_width_cm']:g} cm cuff, "
            f"{lop['posture']}"
        )
    out.print(f"[dim]{NOT_A_MEDICAL_DEVICE}[/dim]")


@app.command("equipment")
def equipment_command(
    person: Annotated[str, typer.Option("--person", help=PERSON_OPTION_HELP)],
    kind: Annotated[
        EquipmentKind,
        word_option(EquipmentKind, "--kind", what="equipment kind", help="What it is."),
    ],
    width: Annotated[float, typer.Option("--width", help="Band or cuff width.")],
    material: Annotated[
        Material,
        word_option(Material, "--material", what="material", help="What it is made of."),
    ],
    name: Annotated[str, typer.Option("--name", help="What you call it.")] = "",
    length: Annotated[
        float | None, typer.Option("--length", help="Resting length of a wrap or band.")
    ] = None,
    unit: Annotated[
        LengthUnit,
        word_option(LengthUnit, "--unit", what="length unit", help="Unit of the sizes."),
    ] = LengthUnit.CM,
    json_output: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Record a person's cuff, wrap or floss band ('plan --person' uses the newest)."""
    from occlusion.services import open_log
    from occlusion.services.equipment import record_equipment

    database = open_log()
    try:
        record = record_equipment(
            database, person, kind=kind, width=width, material=material, name=name,
            length=length, unit=unit,
        )
    finally:
        database.close()
    if json_output:
        print_json(record)
        return
    console().print(f"recorded {escape(record['name'])} ({record['width_cm']:g} cm wide)")
