"""``occlusion protocols list`` and ``occlusion protocols show NAME``: the protocol library."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape

from occlusion.cli.output import console, json_option, print_json
from occlusion.errors import InputError

app = click.Group(
    "protocols",
    help="The cited BFR protocols (sets, rests, load, pressure, restriction time, sources).",
    no_args_is_help=True,
)


def _range(values: list[float] | None, unit: str) -> str:
    if not values:
        return "not specified"
    low, high = values
    return f"{low:g} {unit}" if low == high else f"{low:g}-{high:g} {unit}"


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "not specified"
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


@app.command("list")
@json_option
def list_command(json_output: bool) -> None:
    """List every protocol with its stable name."""
    from occlusion.science.protocols import all_protocols

    protocols = all_protocols()
    if json_output:
        print_json(
            {
                "protocols": [
                    {
                        "name": protocol.name,
                        "title": protocol.title,
                        "mode": protocol.mode,
                        "scheme": protocol.scheme(),
                        "restriction": protocol.restriction,
                        "limbs": list(protocol.limbs),
                        "experimental": protocol.experimental,
                    }
                    for protocol in protocols
                ]
            }
        )
        return
    out = console()
    out.print("[bold]BFR protocols[/bold] (occlusion protocols show NAME for details)")
    for protocol in protocols:
        flag = " [experimental]" if protocol.experimental else ""
        out.print(
            f"  {escape(protocol.name):<34} {escape(protocol.title)}{escape(flag)}\n"
            f"  {'':<34} {escape(protocol.scheme())}, {protocol.restriction}, "
            f"{', '.join(protocol.limbs)}"
        )


def _budgets(protocol: Any, exercises: int, reps_to_failure: int) -> list[dict[str, Any]]:
    from occlusion.errors import NotEstimableError

    budgets: list[dict[str, Any]] = []
    for limb in protocol.limbs:
        try:
            budget = protocol.restriction_budget(
                limb, exercises=exercises, reps_if_to_failure=reps_to_failure
            )
            budgets.append(budget.as_dict())
        except NotEstimableError as exc:
            budgets.append({"limb": limb, "not_estimable": str(exc)})
    return budgets


@app.command("show")
@click.argument("name", help="Stable protocol name, e.g. resistance-30-15-15-15.")
@click.option(
    "--restriction", help="Run the protocol's declared variant: continuous or intermittent."
)
@click.option("--exercises", type=int, default=1, help="Exercises per session.")
@click.option(
    "--reps-to-failure",
    type=int,
    default=30,
    help="Repetitions to budget for each set taken to failure.",
)
@json_option
def show_command(
    name: str, restriction: str | None, exercises: int, reps_to_failure: int, json_output: bool
) -> None:
    """Show one protocol: every parameter, its restriction time per limb and its sources."""
    from occlusion.science.protocols import get_protocol
    from occlusion.vocabulary import Restriction, choose

    protocol = get_protocol(name)
    if not 1 <= exercises <= 12:
        raise InputError(f"--exercises must be between 1 and 12, got {exercises}")
    if not 1 <= reps_to_failure <= 200:
        raise InputError(f"--reps-to-failure must be between 1 and 200, got {reps_to_failure}")
    if restriction is not None:
        protocol = protocol.with_restriction(choose(restriction, Restriction, "restriction"))
    document = protocol.as_dict()
    document["restriction_budgets"] = _budgets(protocol, exercises, reps_to_failure)
    if json_output:
        print_json(document)
        return
    _print_protocol(document)


def _print_protocol(document: dict[str, Any]) -> None:
    from occlusion import NOT_A_MEDICAL_DEVICE

    out = console()
    title = escape(document["title"])
    if document["experimental"]:
        title += escape(" [experimental]")
    out.print(f"[bold]{title}[/bold]  ({escape(document['name'])})")
    out.print(escape(document["summary"]))
    out.print()
    lines = [
        ("Mode", document["mode"]),
        ("Limbs", ", ".join(document["limbs"])),
        ("Sets", document["scheme"]),
        ("Rest between sets", _minutes(document["rest_between_sets_s"])),
        ("Rest between exercises", _minutes(document["rest_between_exercises_s"])),
        ("Load", _range(document["load_pct_1rm"], "% 1RM")),
        ("Pressure", _range(document["pressure_pct_lop"], "% LOP")),
        ("Restriction", document["restriction"]),
        ("Frequency", document["frequency_note"]),
    ]
    if document["alternative_restriction"]:
        lines.append(("Variant", f"--restriction {document['alternative_restriction']}"))
    if document["default_pct_lop"] is not None:
        lines.append(("Default pressure", f"{document['default_pct_lop']:g} % LOP"))
    for rule in document["absolute_pressure_mmhg"] or []:
        lines.append((f"Pressure ({rule['limb']})", f"{rule['label']}; {rule['note'] or ''}"))
    if document["cadence"]:
        cadence = document["cadence"]
        lines.append(
            (
                "Cadence",
                f"{cadence['concentric_s']:g} s up, {cadence['isometric_s']:g} s hold, "
                f"{cadence['eccentric_s']:g} s down",
            )
        )
    if document["intensity_note"]:
        lines.append(("Intensity", document["intensity_note"]))
    if document["progression"]:
        lines.append(("Progression", document["progression"]["description"]))
    if document["band_overlap_pct"] is not None:
        lines.append(("Band overlap", f"{document['band_overlap_pct']:g} %"))
    if document["band_stretch_pct"]:
        lines.append(("Band stretch", _range(document["band_stretch_pct"], "%")))
    if document["reperfusion_s"] is not None:
        lines.append(("Reperfusion", _minutes(document["reperfusion_s"])))
    for label, value in lines:
        out.print(f"  {label + ':':<24}{escape(str(value))}")
    out.print()
    out.print("[bold]Restriction time[/bold]")
    for budget in document["restriction_budgets"]:
        if "not_estimable" in budget:
            out.print(f"  {budget['limb']}: {escape(budget['not_estimable'])}")
            continue
        status = "within" if budget["within_cap"] else "OVER"
        out.print(
            f"  {budget['limb']}: {_minutes(budget['total_restriction_s'])} in the session, "
            f"longest {_minutes(budget['longest_continuous_s'])} without release "
            f"({status} the {_minutes(budget['cap_s'])} cap)"
        )
        for assumption in budget["assumptions"]:
            out.print(f"    assumes {escape(assumption)}")
    if document["notes"]:
        out.print()
        out.print("[bold]Notes[/bold]")
        for note in document["notes"]:
            out.print(f"  - {escape(note)}")
    out.print()
    out.print("[bold]Sources[/bold]")
    for reference in document["references"]:
        where = f"doi:{reference['doi']}" if reference["doi"] else reference["url"] or ""
        parts = [reference["citation"], where, f"[{reference['status']}]"]
        out.print("  - " + escape(" ".join(part for part in parts if part)))
    out.print()
    out.print(escape(NOT_A_MEDICAL_DEVICE))
