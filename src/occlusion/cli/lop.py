"""``occlusion lop``: estimate, list the equations behind, and measure limb occlusion pressure.

Lengths are typed in the unit their option names (``--circumference-cm`` or
``--circumference-in``, ``--cuff-width-cm`` or ``--cuff-width-in``; give one of each pair).
``--units`` only chooses the unit lengths are shown in on the readable page.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import typer

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.output import JSON_OPTION_HELP, console, print_json
from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.science.common import (
    CUFF_MATERIALS,
    LIMBS,
    POSTURES,
    SEXES,
    CuffMaterial,
    Limb,
    Posture,
    Sex,
    choose,
)
from occlusion.science.lop import LopEstimate, estimate, methods, record_estimate
from occlusion.science.lop_equations import UNVERIFIED_EQUATIONS
from occlusion.science.lop_measurement import (
    DEFAULT_CEILING_MMHG,
    DETECTION_METHODS,
    LOENNEKE_2012_PROTOCOL,
    SIDES,
    DetectionMethod,
    LopMeasurement,
    MeasurementState,
    Side,
    advance,
    parse_answer,
    start_measurement,
)
from occlusion.units import (
    UnitSystem,
    cm_to_display,
    inches_to_cm,
    length_unit_label,
    parse_unit_system,
)

app = typer.Typer(
    name="lop",
    help=(
        "Limb occlusion pressure: estimate it from a published equation, list the equations, "
        "or measure it step by step with a manual cuff."
    ),
    no_args_is_help=True,
)

MEASUREMENTS_FILE_NAME = "lop-measurements.jsonl"
DEFAULT_DATA_DIR = "~/.local/share/occlusion"


# Numbers and required options are read as text and checked here, so that every mistake ends
# in the same one-line project error whatever the installed typer/click does with its own.
def _number(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{option} must be a number, got {text!r}") from None


def _required(text: str | None, option: str, hint: str) -> str:
    if text is None:
        raise InputError(f"{option} is required ({hint})")
    return text


def _required_number(text: str | None, option: str, hint: str) -> float:
    value = _number(_required(text, option, hint), option)
    assert value is not None
    return value


def _length_cm(value_cm: str | None, value_in: str | None, what: str) -> float:
    if value_cm is not None and value_in is not None:
        raise InputError(
            f"give the {what.replace('-', ' ')} once: either --{what}-cm or --{what}-in"
        )
    centimetres = _number(value_cm, f"--{what}-cm")
    if centimetres is not None:
        return centimetres
    inches = _number(value_in, f"--{what}-in")
    if inches is not None:
        return inches_to_cm(inches)
    raise InputError(f"the {what.replace('-', ' ')} is required: give --{what}-cm or --{what}-in")


def _limb(text: str | None) -> Limb:
    text = _required(text, "--limb", "arm or thigh")
    choose(text, LIMBS, "limb")
    return "arm" if text == "arm" else "thigh"


def _posture(text: str) -> Posture:
    choose(text, POSTURES, "posture")
    return "supine" if text == "supine" else "standing" if text == "standing" else "seated"


def _material(text: str) -> CuffMaterial:
    choose(text, CUFF_MATERIALS, "cuff material")
    return "elastic" if text == "elastic" else "nylon"


def _sex(text: str | None) -> Sex | None:
    if text is None:
        return None
    choose(text, SEXES, "sex")
    return "male" if text == "male" else "female"


@app.command("estimate")
def estimate_command(
    limb: str | None = typer.Option(
        None, "--limb", metavar="arm|thigh", help="Limb: arm or thigh (required)."
    ),
    cuff_width_cm: str | None = typer.Option(
        None, "--cuff-width-cm", metavar="CM", help="Cuff width (cm)."
    ),
    cuff_width_in: str | None = typer.Option(
        None, "--cuff-width-in", metavar="IN", help="Cuff width (in)."
    ),
    circumference_cm: str | None = typer.Option(
        None, "--circumference-cm", metavar="CM", help="Limb circumference under the cuff (cm)."
    ),
    circumference_in: str | None = typer.Option(
        None, "--circumference-in", metavar="IN", help="Limb circumference under the cuff (in)."
    ),
    sbp: str | None = typer.Option(
        None, "--sbp", metavar="MMHG", help="Resting systolic blood pressure (mmHg, required)."
    ),
    dbp: str | None = typer.Option(
        None, "--dbp", metavar="MMHG", help="Resting diastolic pressure (mmHg)."
    ),
    age: str | None = typer.Option(
        None, "--age", metavar="YEARS", help="Age (years), used by the thigh equation."
    ),
    sex: str | None = typer.Option(
        None, "--sex", metavar="male|female", help="Sex, used by the thigh equation."
    ),
    posture: str = typer.Option(
        "seated", "--posture", metavar="supine|seated|standing", help="Posture you will train in."
    ),
    method: str | None = typer.Option(
        None, "--method", metavar="NAME", help="Force an equation by name."
    ),
    cuff_material: str = typer.Option(
        "nylon",
        "--cuff-material",
        metavar="nylon|elastic",
        help="Cuff material (estimates assume nylon).",
    ),
    units: str = typer.Option(
        "metric",
        "--units",
        metavar="metric|imperial",
        help="Display lengths in metric or imperial.",
    ),
    save: str | None = typer.Option(
        None,
        "--save",
        metavar="FILE",
        help="Also append the estimate as a record to this JSON-lines file.",
    ),
    side: str | None = typer.Option(
        None, "--side", metavar="left|right", help="Which limb (needed with --save)."
    ),
    json_output: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """Estimate limb occlusion pressure with a 95 % prediction interval, or say how to measure."""
    unit_system = parse_unit_system(units)
    result = estimate(
        limb=_limb(limb),
        cuff_width_cm=_length_cm(cuff_width_cm, cuff_width_in, "cuff-width"),
        circumference_cm=_length_cm(circumference_cm, circumference_in, "circumference"),
        sbp_mmhg=_required_number(sbp, "--sbp", "resting systolic pressure in mmHg"),
        dbp_mmhg=_number(dbp, "--dbp"),
        age_years=_number(age, "--age"),
        sex=_sex(sex),
        posture=_posture(posture),
        cuff_material=_material(cuff_material),
        method=method,
    )
    if save is not None:
        record = record_estimate(result, side=_side(side), local_time=datetime.now().astimezone())
        append_measurement(Path(save), record)
    if json_output:
        print_json(result)
        return
    _print_estimate(result, unit_system)
    if save is not None:
        console().print(f"Recorded as an estimate in {save}", markup=False)


def _print_estimate(result: LopEstimate, units: UnitSystem) -> None:
    out = console()
    inputs = result.inputs
    label = length_unit_label(units)
    width = cm_to_display(inputs["cuff_width_cm"], units)
    circumference = cm_to_display(inputs["circumference_cm"], units)
    low, high = result.interval_95_mmhg
    out.print(
        f"[bold]Limb occlusion pressure estimate[/bold] ({inputs['limb']}, {width:.1f} {label} "
        f"{inputs['cuff_material']} cuff, circumference {circumference:.1f} {label}, "
        f"{inputs['posture']})"
    )
    out.print(f"  LOP ≈ [bold]{result.lop_mmhg:.0f} mmHg[/bold]")
    out.print(f"  95 % prediction interval: {low:.0f} to {high:.0f} mmHg")
    quantile = f" × t {result.t_quantile:.3f}"
    out.print(
        f"  Method: {result.method} (interval = ± {result.error_statistic} "
        f"{result.error_mmhg:g} mmHg{quantile})"
    )
    _print_list(out, "Warnings", [f"! {warning}" for warning in result.warnings])
    _print_references(out, result.references)
    out.print("Measured LOP beats any estimate: run 'occlusion lop measure' with your own cuff.")
    out.print(f"[italic]{NOT_A_MEDICAL_DEVICE}[/italic]")


def _print_list(out: Any, title: str, lines: list[str]) -> None:
    if not lines:
        return
    out.print(f"[bold]{title}[/bold]")
    for line in lines:
        out.print(f"  {line}", markup=False)


def _print_references(out: Any, references: tuple[Reference, ...]) -> None:
    lines = [f"- {reference.short()} [{reference.status}]" for reference in references]
    _print_list(out, "References", lines)


@app.command("methods")
def methods_command(
    json_output: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """List the verified LOP equations with their validity, and the ones left out."""
    equations = methods()
    if json_output:
        print_json(
            {
                "equations": [info.as_dict() for info in equations],
                "unverified": [entry.as_dict() for entry in UNVERIFIED_EQUATIONS],
            }
        )
        return
    from rich.table import Table

    out = console()
    table = Table(title="Verified LOP equations")
    for column in ("method", "limb", "cuff", "posture", "n", "error", "R²", "inputs"):
        table.add_column(column)
    for info in equations:
        low, high = info.applicable_cuff_width_cm
        table.add_row(
            info.name,
            info.limb,
            f"{info.cuff_width_cm:g} cm (used {low:g}-{high:g})",
            info.posture or "not reported",
            str(info.sample_size),
            f"{info.error_statistic} {info.error_mmhg:g} mmHg",
            f"{info.r_squared:g}",
            ", ".join(info.predictors),
        )
    out.print(table)
    for info in equations:
        out.print(f"{info.name}: {info.population}; ranges: {info.range_basis}.", markup=False)
    _print_list(
        out,
        "Known but not shipped (coefficients not verified in the primary source)",
        [f"{entry.name} ({entry.limb}): {entry.reason}" for entry in UNVERIFIED_EQUATIONS],
    )
    out.print(
        "No arm equation is verified: 'occlusion lop estimate --limb arm' refuses; measure "
        "with 'occlusion lop measure'."
    )


def default_measurements_path() -> Path:
    """Return ``$OCCLUSION_DATA_DIR/lop-measurements.jsonl`` (default ``~/.local/share``)."""
    data_dir = os.environ.get("OCCLUSION_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(data_dir).expanduser() / MEASUREMENTS_FILE_NAME


def append_measurement(path: Path, record: LopMeasurement) -> None:
    """Append ``record`` as one JSON line to ``path``, creating its folder if needed."""
    line = json.dumps(record.as_dict(), ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write of a complete line, so an interrupted run never leaves half a record.
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)


def countdown(
    seconds: float, *, sleep: Callable[[float], None], echo: Callable[[str], None]
) -> None:
    """Count ``seconds`` down aloud, one tick per second, using the injected ``sleep``."""
    for remaining in range(round(seconds), 0, -1):
        if remaining % 10 == 0 or remaining <= 3:
            echo(f"    {remaining} s")
        sleep(1.0)
    echo("    time: answer now")


@app.command("measure")
def measure_command(
    limb: str | None = typer.Option(
        None, "--limb", metavar="arm|thigh", help="Limb: arm or thigh (required)."
    ),
    side: str | None = typer.Option(
        None, "--side", metavar="left|right", help="Which limb (required)."
    ),
    posture: str = typer.Option(
        "seated",
        "--posture",
        metavar="supine|seated|standing",
        help="Posture you measure (and will train) in.",
    ),
    cuff_width_cm: str | None = typer.Option(
        None, "--cuff-width-cm", metavar="CM", help="Cuff width (cm)."
    ),
    cuff_width_in: str | None = typer.Option(
        None, "--cuff-width-in", metavar="IN", help="Cuff width (in)."
    ),
    cuff_material: str = typer.Option(
        "nylon", "--cuff-material", metavar="nylon|elastic", help="Cuff material."
    ),
    detection: str = typer.Option(
        "doppler",
        "--detection",
        metavar="doppler|pulse-oximeter",
        help="How you detect the pulse: doppler or pulse-oximeter.",
    ),
    sbp: str | None = typer.Option(
        None,
        "--sbp",
        metavar="MMHG",
        help="Resting systolic pressure (mmHg), used for the second inflation.",
    ),
    max_pressure: str = typer.Option(
        f"{DEFAULT_CEILING_MMHG:g}",
        "--max-pressure",
        metavar="MMHG",
        help="Never ask for more than this (mmHg).",
    ),
    notes: str = typer.Option(
        "", "--notes", metavar="TEXT", help="Free text stored with the record."
    ),
    save: str | None = typer.Option(
        None, "--save", metavar="FILE", help="JSON-lines file to append the record to."
    ),
    no_save: bool = typer.Option(False, "--no-save", help="Do not store the record."),
    timer: bool = typer.Option(False, "--timer", help="Count the 30 s holds down for you."),
    json_output: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> int:
    """Walk through measuring LOP with a manual cuff and Doppler or pulse oximeter.

    Answers are read from the terminal (or from stdin when scripted): Enter to go on,
    y / n for "is the pulse still there?", stop to end at once.
    """
    checked_side = _side(side)
    width_cm = _length_cm(cuff_width_cm, cuff_width_in, "cuff-width")
    material = _material(cuff_material)
    checked_limb = _limb(limb)
    checked_posture = _posture(posture)
    state = start_measurement(
        limb=checked_limb,
        posture=checked_posture,
        detection=_detection(detection),
        sbp_mmhg=_number(sbp, "--sbp"),
        ceiling_mmhg=_required_number(max_pressure, "--max-pressure", "mmHg"),
    )
    # Validate the record fields before the person spends ten minutes measuring.
    LopMeasurement.at_local_time(
        datetime.now().astimezone(),
        limb=checked_limb,
        side=checked_side,
        posture=checked_posture,
        cuff_width_cm=width_cm,
        cuff_material=material,
        method="doppler",
        lop_mmhg=100.0,
        notes=notes,
    )
    target = None if no_save else (Path(save) if save else default_measurements_path())

    def say(text: str) -> None:
        click.echo(text, err=json_output)

    say(NOT_A_MEDICAL_DEVICE)
    state = _walk(state, say=say, timer=timer, prompt_to_stderr=json_output)

    record: LopMeasurement | None = None
    if state.outcome == "occluded" and state.lop_mmhg is not None:
        record = LopMeasurement.at_local_time(
            datetime.now().astimezone(),
            limb=checked_limb,
            side=checked_side,
            posture=checked_posture,
            cuff_width_cm=width_cm,
            cuff_material=material,
            method=state.settings.detection,
            lop_mmhg=state.lop_mmhg,
            notes=notes,
        )
        if target is not None:
            append_measurement(target, record)
    saved_to = str(target) if record is not None and target is not None else None
    from occlusion.science.pressure_targets import recommended_pct_lop

    if json_output:
        print_json(
            {
                "outcome": state.outcome,
                "lop_mmhg": state.lop_mmhg,
                "record": record,
                "saved_to": saved_to,
                "checks": list(state.checks),
                "resistance_pressures_mmhg": (
                    None
                    if record is None
                    else recommended_pct_lop(limb=record.limb, mode="resistance").pressures_mmhg(
                        record.lop_mmhg
                    )
                ),
                "message": state.step.instruction,
                "references": [LOENNEKE_2012_PROTOCOL],
            }
        )
    else:
        _print_measurement_summary(state, record, saved_to)
    return 0 if record is not None else 1


def _side(text: str | None) -> Side:
    text = _required(text, "--side", "left or right")
    choose(text, SIDES, "side")
    return "left" if text == "left" else "right"


def _detection(text: str) -> DetectionMethod:
    choose(text, DETECTION_METHODS, "pulse detection method")
    return "doppler" if text == "doppler" else "pulse-oximeter"


def _walk(
    state: MeasurementState,
    *,
    say: Callable[[str], None],
    timer: bool,
    prompt_to_stderr: bool,
) -> MeasurementState:
    while not state.finished:
        step = state.step
        say("")
        say(f"== {step.title} ==")
        say(step.instruction)
        if timer and step.hold_s is not None:
            countdown(step.hold_s, sleep=time.sleep, echo=say)
        question = step.question or ""
        while True:
            try:
                text = click.prompt(question, default="", show_default=False, err=prompt_to_stderr)
            except click.exceptions.Abort:
                say("Stopped: deflate the cuff now. Nothing was recorded.")
                raise
            try:
                parse_answer(state, text)
            except InputError as exc:
                say(str(exc))
                continue
            break
        state = advance(state, text)
    say("")
    say(state.step.instruction)
    return state


def _print_measurement_summary(
    state: MeasurementState, record: LopMeasurement | None, saved_to: str | None
) -> None:
    from occlusion.science.pressure_targets import recommended_pct_lop

    out = console()
    out.print(f"[bold]Outcome:[/bold] {state.outcome}")
    checks = ", ".join(
        f"{check.pressure_mmhg:g} mmHg {'pulse' if check.pulse_present else 'no pulse'}"
        for check in state.checks
    )
    if checks:
        out.print(f"Checks: {checks}", markup=False)
    if record is not None:
        out.print(
            f"[bold]LOP {record.lop_mmhg:g} mmHg[/bold] ({record.limb}, {record.side}, "
            f"{record.posture}, {record.cuff_width_cm:g} cm {record.cuff_material} cuff, "
            f"{record.method}), {record.measured_at_local.isoformat(timespec='minutes')}"
        )
        out.print(f"Saved to {saved_to}" if saved_to else "Not saved (--no-save).")
        advice = recommended_pct_lop(limb=record.limb, mode="resistance")
        pressures = advice.pressures_mmhg(record.lop_mmhg)
        out.print(
            f"Resistance BFR with this cuff: {advice.low_pct:g}-{advice.high_pct:g} % LOP = "
            f"{pressures['low_mmhg']:.0f}-{pressures['high_mmhg']:.0f} mmHg; start at "
            f"{advice.default_pct:g} % = {pressures['default_mmhg']:.0f} mmHg.",
            markup=False,
        )
        _print_references(out, (LOENNEKE_2012_PROTOCOL, *advice.references))
        return
    _print_references(out, (LOENNEKE_2012_PROTOCOL,))
