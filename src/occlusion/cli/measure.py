"""``occlusion measure bp|limb|lop``: record measurements for a person in the training log."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from occlusion.cli.lop_words import DETECTION_HELP, method_agreement_lines, step_prompt
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.units_display import length_text
from occlusion.cli.words import device_option, word_option
from occlusion.device.address import DeviceAddress
from occlusion.vocabulary import (
    CuffMaterial,
    DetectionMethod,
    LengthUnit,
    Limb,
    Posture,
    PressureUnit,
    Side,
    UnitSystem,
)

if TYPE_CHECKING:
    from occlusion.science.lop import MeasurementState
from occlusion.cli.messages import warning_text
from occlusion.cli.person import PERSON_OPTION_HELP

app = click.Group(
    "measure",
    help="Record blood pressure, limb circumference and limb occlusion pressure (LOP).",
    no_args_is_help=True,
)


def _show(view: object, json_output: bool, line: str) -> None:
    if json_output:
        print_json(view)
        return
    out = console()
    out.print(line)
    for warning in getattr(view, "warnings", ()):
        out.print(f"[yellow]warning:[/yellow] {escape(warning_text(warning))}")


@app.command("bp")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@click.option("--systolic", type=float, required=True, help="Systolic pressure.")
@click.option("--diastolic", type=float, help="Diastolic pressure.")
@word_option(
    PressureUnit,
    "--unit",
    what="pressure unit",
    help="Unit of the pressures.",
    default=PressureUnit.MMHG,
)
@word_option(Posture, "--posture", what="posture", help="Body position.")
@json_option
def bp_command(
    person: str,
    systolic: float,
    diastolic: float | None,
    unit: PressureUnit,
    posture: Posture | None,
    json_output: bool,
) -> None:
    """Record a resting blood pressure."""
    from occlusion.services import open_log
    from occlusion.services.measurements import record_blood_pressure

    database = open_log()
    try:
        view = record_blood_pressure(
            database, person, systolic=systolic, diastolic=diastolic, unit=unit, posture=posture
        )
    finally:
        database.close()
    record = view.as_dict()
    dbp = record["diastolic_mmhg"]
    _show(
        view, json_output,
        f"recorded blood pressure {record['systolic_mmhg']:.0f}"
        + (f"/{dbp:.0f}" if dbp is not None else "") + " mmHg",
    )


@app.command("limb")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@word_option(Limb, "--limb", what="limb", help="The limb.", required=True)
@word_option(Side, "--side", what="side", help="Which limb.", required=True)
@click.option(
    "--circumference", type=float, required=True, help="Circumference where the band goes."
)
@word_option(
    LengthUnit, "--unit", what="length unit", help="Unit of the length.", default=LengthUnit.CM
)
@json_option
def limb_command(
    person: str, limb: Limb, side: Side, circumference: float, unit: LengthUnit, json_output: bool
) -> None:
    """Record a limb circumference (measured where the cuff or wrap goes)."""
    from occlusion.services import open_log
    from occlusion.services.measurements import record_limb

    database = open_log()
    try:
        view = record_limb(
            database, person, limb=limb, side=side, circumference=circumference, unit=unit
        )
    finally:
        database.close()
    record = view.as_dict()
    # Said back in the unit it was typed in; the record keeps centimetres.
    system = UnitSystem.IMPERIAL if unit == LengthUnit.IN else UnitSystem.METRIC
    said = length_text(record["circumference_cm"], system)
    _show(view, json_output, f"recorded {side} {limb} {said}")


@app.command("lop")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@word_option(Limb, "--limb", what="limb", help="The limb.", required=True)
@word_option(Side, "--side", what="side", help="Which limb.", required=True)
@click.option("--cuff-width-cm", type=float, required=True, help="Cuff width [cm].")
@click.option(
    "--mode",
    default="estimate",
    help="estimate (published equation from the recorded limb and blood pressure), "
    "walk-through (you measure it now, guided step by step: Doppler or pulse "
    "oximeter and a manual cuff), manual (you measured it: give --lop-mmhg) or "
    "device (the cuff measures it from its own pressure oscillations).",
)
@device_option(
    "Device mode: the cuff, 'serial:PORT', 'ble:ADDRESS' or 'sim' (the simulated "
    "cuff measures its own virtual limb, so its result is shown and not recorded).",
    default="sim",
)
@word_option(Posture, "--posture", what="posture", help="Body position.", default=Posture.SEATED)
@word_option(
    CuffMaterial,
    "--cuff-material",
    what="cuff material",
    help="What the cuff is made of.",
    default=CuffMaterial.NYLON,
)
@click.option("--lop-mmhg", type=float, help="Measured LOP (manual mode) [mmHg].")
@word_option(
    DetectionMethod,
    "--method",
    what="pulse detection method",
    help=f"Manual and walk-through: how the pulse is watched: {DETECTION_HELP}.",
    default=DetectionMethod.DOPPLER,
)
@json_option
def lop_command(
    person: str,
    limb: Limb,
    side: Side,
    cuff_width_cm: float,
    mode: str,
    device: DeviceAddress,
    posture: Posture,
    cuff_material: CuffMaterial,
    lop_mmhg: float | None,
    method: DetectionMethod,
    json_output: bool,
) -> None:
    """Record a limb occlusion pressure: estimated, measured by hand, or measured by the cuff."""
    from occlusion.errors import InputError
    from occlusion.services import measurements as service
    from occlusion.services import open_log

    if mode not in ("estimate", "manual", "walk-through", "device"):
        raise InputError(
            f"unknown mode {mode!r}: choose estimate, walk-through, manual or device"
        )
    if mode == "device":
        _measure_with_device(
            person, limb, side, posture, cuff_width_cm, cuff_material, device, json_output
        )
        return
    details: dict[str, object] = {}
    if mode == "walk-through":
        for line in method_agreement_lines(method):
            click.echo(line, err=True)
        state = _walk_through(limb, posture, method)
        if state.outcome != "occluded" or state.lop_mmhg is None:
            raise InputError(
                f"the measurement ended without an LOP ({state.outcome}); nothing was recorded"
            )
        lop_mmhg = state.lop_mmhg
        details = {"walk_through": state.as_dict()}
    if mode == "manual" and lop_mmhg is None:
        raise InputError("manual mode needs --lop-mmhg (the pressure where the pulse stopped)")
    database = open_log()
    try:
        if mode == "estimate":
            view = service.record_estimated_lop(
                database, person, limb=limb, side=side, posture=posture,
                cuff_width_cm=cuff_width_cm, cuff_material=cuff_material,
            )
        else:
            assert lop_mmhg is not None
            view = service.record_measured_lop(
                database, person, limb=limb, side=side, posture=posture,
                cuff_width_cm=cuff_width_cm, cuff_material=cuff_material, lop_mmhg=lop_mmhg,
                source="manual", method=method, details=details,
            )
    finally:
        database.close()
    record = view.as_dict()
    interval = ""
    if record["interval_low_mmhg"] is not None:
        interval = (
            f" (95 % prediction interval {record['interval_low_mmhg']:.0f}-"
            f"{record['interval_high_mmhg']:.0f})"
        )
    _show(
        view, json_output,
        f"recorded LOP {side} {limb} {record['lop_mmhg']:.0f} mmHg{interval}, "
        f"{record['source']} ({escape(record['method'])})",
    )
    if mode == "manual" and not json_output:
        for line in method_agreement_lines(method):
            console().print(line, markup=False)


def _measure_with_device(
    person: str,
    limb: Limb,
    side: Side,
    posture: Posture,
    cuff_width_cm: float,
    cuff_material: CuffMaterial,
    device: DeviceAddress,
    json_output: bool,
) -> None:
    """Let the cuff measure LOP; record it unless the cuff is simulated."""
    from occlusion.services import open_log
    from occlusion.services.device_lop import measure_lop_with_device

    click.echo(
        "Lie still with the cuff on; it inflates slowly and deflates by itself (about 30-60 s).",
        err=True,
    )
    database = open_log()
    try:
        result = measure_lop_with_device(
            database, person, device=device, limb=limb, side=side, posture=posture,
            cuff_width_cm=cuff_width_cm, cuff_material=cuff_material,
        )
    finally:
        database.close()
    if json_output:
        print_json(result.as_dict())
    elif result.lop_mmhg is None:
        console().print(
            f"The cuff could not find the occlusion pressure ({escape(result.reason)}); "
            "nothing was recorded. Keep still and try again, or measure by hand "
            "(--mode walk-through)."
        )
    elif result.simulated:
        console().print(
            f"Simulated cuff: {result.lop_mmhg:.0f} mmHg on its virtual {limb} in "
            f"{result.duration_s:.0f} s (quality {escape(result.quality)}). Not recorded: the "
            "simulator's limb is not yours. Use --device serial:PORT with a real cuff."
        )
    else:
        console().print(
            f"recorded LOP {side} {limb} {result.lop_mmhg:.0f} mmHg, device "
            f"({DEVICE_LOP_LABEL}) in {result.duration_s:.0f} s, quality "
            f"{escape(result.quality)}"
        )
    if result.lop_mmhg is None:
        raise click.exceptions.Exit(1)


DEVICE_LOP_LABEL = "cuff oscillometry"


def _walk_through(limb: Limb, posture: Posture, method: DetectionMethod) -> MeasurementState:
    """Guide the person through the manual LOP protocol; prompts on stderr, answers on stdin."""
    from occlusion.errors import InputError
    from occlusion.science.lop import ProtocolStep, start_measurement
    from occlusion.services.lop_walkthrough import walk

    def ask(step: ProtocolStep) -> str:
        pressure = (
            f" [{step.target_pressure_mmhg:.0f} mmHg]" if step.target_pressure_mmhg else ""
        )
        click.echo(f"{step.title}{pressure}: {step.instruction}", err=True)
        if step.question:
            click.echo(f"  {step_prompt(step)}", err=True)
        line = sys.stdin.readline()
        if line == "":
            raise InputError("the input ended before the measurement finished; nothing recorded")
        return line

    def refused(error: InputError) -> None:
        click.echo(f"error: {error}", err=True)

    return walk(start_measurement(limb=limb, posture=posture, detection=method), ask,
                on_refused=refused)


@app.command("retire-lop")
@click.option("--person", required=True, help=PERSON_OPTION_HELP)
@click.option(
    "--lop",
    "reference",
    required=True,
    help="The LOP's id, or its last digits as 'occlusion person show' prints them.",
)
@click.option(
    "--restore", is_flag=True, help="Use a retired LOP for plans again instead of retiring it."
)
@json_option
def retire_lop_command(person: str, reference: str, restore: bool, json_output: bool) -> None:
    """Retire an LOP: kept in the history and exports, no longer used for new plans."""
    from occlusion.services import open_log
    from occlusion.services.retirement import find_lop_id, restore_lop, retire_lop

    database = open_log()
    try:
        row_id = find_lop_id(database, person, reference)
        change = restore_lop if restore else retire_lop
        record = change(database, person, row_id)
    finally:
        database.close()
    if json_output:
        print_json(record)
        return
    what = (
        f"{record['side']} {record['limb']} LOP {record['lop_mmhg']:.0f} mmHg "
        f"({record['measured_at'][:10]})"
    )
    console().print(
        f"{what} is used for plans again" if restore
        else f"retired the {what}: kept in the history and exports, not used for new plans"
    )
