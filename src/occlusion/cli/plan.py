"""``occlusion plan``: the whole prescription for a profile, as a page for the gym or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from occlusion.cli.messages import warning_text
from occlusion.cli.output import console, json_option, print_json
from occlusion.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from occlusion.science.prescription import LimbPlan, Prescription


def read_profile_document(path: Path) -> dict[str, Any]:
    """Read a TOML (or JSON, by extension) profile file into a mapping.

    Raises
    ------
    InputError
        If the file is missing, unreadable, malformed (the line and column are named) or not a
        table (:func:`occlusion.cli.files.read_table_file`).
    """
    from occlusion.cli.files import read_table_file

    return read_table_file(path, "profile")


@click.command("plan")
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Profile file (TOML, or JSON by extension). With --person, only what the "
    "training log lacks: [equipment], [[exercises]], [training].",
)
@click.option("--person", help="Plan for this person in the training log and keep it.")
@json_option
@click.option(
    "--format",
    "plan_format",
    default="text",
    help="text, json, or fit: a Garmin FIT workout a watch steps through (needs "
    "--output; with --person alone, the person's active plan).",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="With --format fit: the file to write."
)
def plan_command(
    profile: Path | None,
    person: str | None,
    json_output: bool,
    plan_format: str,
    output: Path | None,
) -> None:
    """Print the complete, cited, screened plan for the person in a profile file."""
    from occlusion.science.prescription import prescribe, profile_from_mapping

    if plan_format not in ("text", "json", "fit"):
        raise InputError(f"unknown plan format {plan_format!r}: use text, json or fit")
    if plan_format == "fit":
        _write_fit_workout(person, profile, output)
        return
    if person is not None:
        from occlusion.services.plans import write_plan_for

        prescription = write_plan_for(person, read_profile_document(profile) if profile else {})
    elif profile is None:
        raise InputError("give --profile FILE, or --person ID (with --profile for the exercises)")
    else:
        prescription = prescribe(profile_from_mapping(read_profile_document(profile)))
    if json_output or plan_format == "json":
        print_json(prescription.as_dict())
    else:
        render_plan(prescription, console())


def _write_fit_workout(person: str | None, profile: Path | None, output: Path | None) -> None:
    from occlusion.cli.transfer import write_atomically
    from occlusion.services.exports import active_plan_workout, plan_workout
    from occlusion.store import timestamps

    if output is None:
        raise InputError("a FIT workout is a binary file: give --output FILE")
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    now = timestamps.now_local()
    if person is not None and profile is None:
        from occlusion.services import open_log

        database = open_log()
        try:
            workout = active_plan_workout(database, person, now)
        finally:
            database.close()
    else:
        from occlusion.science.prescription import prescribe, profile_from_mapping

        if person is not None:
            from occlusion.services.plans import write_plan_for

            prescription = write_plan_for(person, read_profile_document(profile))  # type: ignore[arg-type]
        elif profile is None:
            raise InputError("give --profile FILE, or --person ID")
        else:
            prescription = prescribe(profile_from_mapping(read_profile_document(profile)))
        document = prescription.as_dict()
        workout = plan_workout(document, now)
    write_atomically(output, workout.data)
    click.echo(f"wrote the plan as a FIT workout to {output}", err=True)


def _mass(value_kg: float, units: str) -> str:
    from occlusion.cli.units_display import mass_text

    return mass_text(value_kg, units)


def _minutes(duration_s: float) -> str:
    minutes, seconds = divmod(round(duration_s), 60)
    return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"


def _render_limb(limb: LimbPlan, out: Console) -> None:
    side = "" if limb.side == "both" else f" ({limb.side})"
    out.print(f"[bold]{limb.limb.capitalize()}{side}[/bold] — {limb.equipment_kind}")
    if limb.equipment_kind == "cuff" and limb.pressure_mmhg is not None:
        if limb.occlusion_pressure is None:
            out.print(f"  Inflate to [bold]{limb.pressure_mmhg:.0f} mmHg[/bold]. {limb.rationale}")
        else:
            source = limb.occlusion_pressure
            interval = (
                f" (95 % interval {source.interval_95_mmhg[0]:.0f}-"
                f"{source.interval_95_mmhg[1]:.0f} mmHg)"
                if source.interval_95_mmhg
                else ""
            )
            out.print(
                f"  Inflate to [bold]{limb.pressure_mmhg:.0f} mmHg[/bold] = {limb.pct_lop:g} % of "
                f"a limb occlusion pressure of {source.lop_mmhg:.0f} mmHg{interval}, "
                f"{source.kind} ({source.method})."
            )
            if limb.estimated_lop_share is not None:
                from occlusion.cli.lop_words import estimated_share_lines

                for line in estimated_share_lines(limb.estimated_lop_share.as_dict()):
                    out.print(line, markup=False)
    if limb.wrap is not None:
        out.print(
            f"  Target {limb.pct_lop:g} % LOP by the stretch method: stretch the band "
            f"[bold]{limb.wrap.stretch_pct:.0f} %[/bold] over one circumference."
        )
        for number, step in enumerate(limb.wrap.instructions, start=1):
            out.print(f"   {number}. {step}")
        if limb.wrap.pressure_estimate_mmhg is not None:
            out.print(
                f"  Pressure under the wrap: at most about {limb.wrap.pressure_estimate_mmhg:.0f}"
                " mmHg (Laplace-law upper bound)."
            )
    if limb.tightness_fallback is not None:
        guide = limb.tightness_fallback
        out.print(
            f"  No tape measure? Fallback: wrap to {guide.target_rating}/10 tightness — in studies "
            f"that was about {guide.seven_as_pct_of_aop:.0f} % of occlusion pressure on average, "
            f"and it varied ±{guide.day_to_day_spread_pct:.0f} % from day to day."
        )
    if limb.budget is not None:
        budget = limb.budget
        out.print(
            f"  Restriction time: {_minutes(budget.total_restriction_s)} per session, longest "
            f"stretch {_minutes(budget.longest_continuous_s)} (cap {_minutes(budget.cap_s)})."
        )


def render_plan(prescription: Prescription, out: Console) -> None:
    """Write the plan as a page a person can follow at the gym."""
    from rich.panel import Panel
    from rich.table import Table

    from occlusion import NOT_A_MEDICAL_DEVICE

    protocol = prescription.protocol
    out.print(
        Panel.fit(
            f"[bold]Occlusion plan for {prescription.person_name}[/bold]\n"
            f"{protocol.title} ({protocol.name}) — goal: {prescription.goal}, "
            f"posture: {prescription.posture}",
        )
    )
    out.print(f"[yellow]{NOT_A_MEDICAL_DEVICE}[/yellow]\n")
    screening = prescription.screening
    out.print(f"[bold]Screening:[/bold] {screening.decision}")
    for reason in screening.reasons:
        out.print(f"  - {reason.text}")
    if prescription.clinician_clearance:
        out.print("  Clinician clearance recorded.")
    out.print("\n[bold]Restriction[/bold]")
    for limb in prescription.limbs:
        _render_limb(limb, out)
    if prescription.exercises:
        table = Table(title="Exercises", show_lines=False)
        for column in ("Exercise", "Load", "Sets x reps", "Rest", "Tempo"):
            table.add_column(column)
        for exercise in prescription.exercises:
            load = "-"
            if exercise.load is not None:
                load = (
                    f"{_mass(exercise.load.load_kg, prescription.units)} "
                    f"({exercise.load.achieved_pct_one_rep_max:.0f} % of "
                    f"{_mass(round(exercise.one_rep_max.one_rep_max_kg, 1), prescription.units)}"
                    " 1RM)"
                )
            tempo = "-"
            if exercise.cadence:
                tempo = (
                    f"{exercise.cadence['concentric_s']:g} s up / "
                    f"{exercise.cadence['eccentric_s']:g} s down"
                )
            table.add_row(
                exercise.name,
                load,
                exercise.scheme,
                f"{exercise.rest_between_sets_s:g} s",
                tempo,
            )
        out.print(table)
    restriction = (
        "keep the restriction on through the rests of an exercise"
        if protocol.restriction == "continuous"
        else "release the restriction between sets"
    )
    out.print(f"Restriction pattern: {protocol.restriction} — {restriction}.")
    if protocol.rest_between_exercises_s:
        out.print(
            f"Between exercises: release and rest {protocol.rest_between_exercises_s:g} s."
        )
    if protocol.sessions_per_week:
        low, high = protocol.sessions_per_week
        out.print(f"Frequency: {low}-{high} sessions per week. {protocol.frequency_note}")
    elif protocol.frequency_note:
        out.print(f"Frequency: {protocol.frequency_note}")
    if protocol.progression is not None:
        out.print(f"Progression: {protocol.progression.description}")
    out.print("\n[bold]Stop at once[/bold]")
    for rule in prescription.stop_rules:
        out.print(f"  - {rule.condition}: {rule.advice}")
    if prescription.warnings:
        out.print("\n[bold]Warnings[/bold]")
        for warning in prescription.warnings:
            out.print(f"  - {warning_text(warning)}")
    out.print("\n[bold]References[/bold]")
    for number, reference in enumerate(prescription.references, start=1):
        out.print(f"  [{number}] {reference.short()} ({reference.status})")
