"""``occlusion person add|list|show``: the people whose training is logged."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.units_display import length_text, mass_text
from occlusion.cli.words import word_option
from occlusion.vocabulary import EquipmentKind, LengthUnit, Material, Sex, UnitSystem

app = click.Group(
    "person",
    help="Add, list and show people in the training log.",
    no_args_is_help=True,
)

PERSON_OPTION_HELP = "Person id, or its last (or first) characters as shown by 'person list'."


@app.command("add")
@click.option("--name", required=True, help="How the person is called.")
@word_option(Sex, "--sex", what="sex", help="Sex.")
@click.option("--birth-year", type=int, help="Year of birth.")
@click.option("--body-mass", type=float, help="Body mass in kg (lb with --units imperial).")
@word_option(
    UnitSystem, "--units", what="unit system", help="Preferred units.", default=UnitSystem.METRIC
)
@click.option("--notes", default="", help="Free text.")
@json_option
def add_command(
    name: str,
    sex: Sex | None,
    birth_year: int | None,
    body_mass: float | None,
    units: UnitSystem,
    notes: str,
    json_output: bool,
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
@json_option
def list_command(json_output: bool) -> None:
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
@click.argument("person", help=PERSON_OPTION_HELP)
@json_option
def show_command(person: str, json_output: bool) -> None:
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
        retired = f", retired {lop['retired_at'][:10]}" if lop.get("retired_at") else ""
        out.print(
            f"  LOP {lop['side']} {lop['limb']} {lop['lop_mmhg']:.0f} mmHg{interval} "
            f"{lop['source']} ({escape(lop['method'])}), {lop['cuff_width_cm']:g} cm cuff, "
            f"{lop['posture']}  id {lop['id'].replace('-', '')[-8:]}{retired}"
        )
    out.print(f"[dim]{NOT_A_MEDICAL_DEVICE}[/dim]")


@app.command("equipment")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@word_option(EquipmentKind, "--kind", what="equipment kind", help="What it is.", required=True)
@click.option("--width", type=float, required=True, help="Band or cuff width.")
@word_option(Material, "--material", what="material", help="What it is made of.", required=True)
@click.option("--name", default="", help="What you call it.")
@click.option("--length", type=float, help="Resting length of a wrap or band.")
@word_option(
    LengthUnit, "--unit", what="length unit", help="Unit of the sizes.", default=LengthUnit.CM
)
@json_option
def equipment_command(
    person: str,
    kind: EquipmentKind,
    width: float,
    material: Material,
    name: str,
    length: float | None,
    unit: LengthUnit,
    json_output: bool,
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
