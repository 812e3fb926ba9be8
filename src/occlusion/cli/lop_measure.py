"""``occlusion lop measure``: walk a person through measuring LOP and record the result.

The protocol lives in :mod:`occlusion.science.lop.walkthrough` and its one driver in
:mod:`occlusion.services.lop_walkthrough`; this module asks the questions (on the terminal, or
from stdin when scripted), times the holds when asked to, and keeps the result in the person's
training log when ``--person`` names them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import click

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.lop_options import (
    length_cm,
    parse_detection,
    parse_limb,
    parse_material,
    parse_number,
    parse_posture,
    parse_side,
    print_references,
    require_number,
)
from occlusion.cli.lop_words import DETECTION_HELP, method_agreement_lines, step_prompt
from occlusion.cli.output import console, json_option, print_json
from occlusion.science.lop import (
    DEFAULT_CEILING_MMHG,
    LOENNEKE_2012_PROTOCOL,
    LopMeasurement,
    MeasurementState,
    ProtocolStep,
    start_measurement,
)
from occlusion.vocabulary import Mode


def person_on_record(person: str) -> str:
    """Return the short id of ``person`` in the training log (refused before any question)."""
    from occlusion.services import open_log
    from occlusion.services.people import show_person

    database = open_log()
    try:
        return show_person(database, person).short_id
    finally:
        database.close()


def keep_in_log(person: str, record: LopMeasurement, state: MeasurementState | None) -> str:
    """Keep ``record`` in ``person``'s training log; return the person's short id."""
    from occlusion.services import open_log
    from occlusion.services.lop_walkthrough import record_lop

    database = open_log()
    try:
        record_lop(database, person, record, walk_through=state)
    finally:
        database.close()
    return person


def countdown(
    seconds: float, *, sleep: Callable[[float], None], echo: Callable[[str], None]
) -> None:
    """Count ``seconds`` down aloud, one tick per second, using the injected ``sleep``."""
    for remaining in range(round(seconds), 0, -1):
        if remaining % 10 == 0 or remaining <= 3:
            echo(f"    {remaining} s")
        sleep(1.0)
    echo("    time: answer now")


@click.command("measure")
@click.option("--limb", metavar="arm|thigh", help="Limb: arm or thigh (required).")
@click.option("--side", metavar="left|right", help="Which limb (required).")
@click.option(
    "--posture",
    default="seated",
    metavar="supine|seated|standing",
    help="Posture you measure (and will train) in.",
)
@click.option("--cuff-width-cm", metavar="CM", help="Cuff width (cm).")
@click.option("--cuff-width-in", metavar="IN", help="Cuff width (in).")
@click.option("--cuff-material", default="nylon", metavar="nylon|elastic", help="Cuff material.")
@click.option(
    "--detection",
    default="doppler",
    metavar="doppler|pulse-oximeter",
    help=f"How you detect the pulse: {DETECTION_HELP}.",
)
@click.option(
    "--sbp", metavar="MMHG", help="Resting systolic pressure (mmHg), used for the second inflation."
)
@click.option(
    "--max-pressure",
    default=f"{DEFAULT_CEILING_MMHG:g}",
    metavar="MMHG",
    help="Never ask for more than this (mmHg).",
)
@click.option("--notes", default="", metavar="TEXT", help="Free text stored with the record.")
@click.option(
    "--person",
    metavar="ID",
    help="Keep the result in this person's training log (without it nothing is kept).",
)
@click.option(
    "--timer", is_flag=True, help="Count the 5 min rest and the 30 s holds down for you."
)
@json_option
def measure_command(
    limb: str | None,
    side: str | None,
    posture: str,
    cuff_width_cm: str | None,
    cuff_width_in: str | None,
    cuff_material: str,
    detection: str,
    sbp: str | None,
    max_pressure: str,
    notes: str,
    person: str | None,
    timer: bool,
    json_output: bool,
) -> int:
    """Walk through measuring LOP with a manual cuff and Doppler or pulse oximeter.

    Answers are read from the terminal (or from stdin when scripted): Enter to go on,
    y / n for "is the pulse still there?", stop to end at once.
    """
    checked_side = parse_side(side)
    width_cm = length_cm(cuff_width_cm, cuff_width_in, "cuff-width")
    material = parse_material(cuff_material)
    checked_limb = parse_limb(limb)
    checked_posture = parse_posture(posture)
    state = start_measurement(
        limb=checked_limb,
        posture=checked_posture,
        detection=parse_detection(detection),
        sbp_mmhg=parse_number(sbp, "--sbp"),
        ceiling_mmhg=require_number(max_pressure, "--max-pressure", "mmHg"),
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

    if person is not None:
        person = person_on_record(person)

    def say(text: str) -> None:
        click.echo(text, err=json_output)

    say(NOT_A_MEDICAL_DEVICE)
    for line in method_agreement_lines(state.settings.detection):
        say(line)
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
    recorded_for = keep_in_log(person, record, state) if record and person else None
    from occlusion.science.protocols import recommended_pct_lop

    if json_output:
        print_json(
            {
                "outcome": state.outcome,
                "lop_mmhg": state.lop_mmhg,
                "record": record,
                "recorded_for": recorded_for,
                "checks": list(state.checks),
                "resistance_pressures_mmhg": (
                    None
                    if record is None
                    else recommended_pct_lop(limb=record.limb, mode=Mode.RESISTANCE).pressures_mmhg(
                        record.lop_mmhg
                    )
                ),
                "message": state.step.instruction,
                "references": [LOENNEKE_2012_PROTOCOL],
            }
        )
    else:
        _print_measurement_summary(state, record, recorded_for)
    return 0 if record is not None else 1


def _walk(
    state: MeasurementState,
    *,
    say: Callable[[str], None],
    timer: bool,
    prompt_to_stderr: bool,
) -> MeasurementState:
    from occlusion.services.lop_walkthrough import walk

    shown: list[ProtocolStep] = []

    def ask(step: ProtocolStep) -> str:
        if not shown or shown[-1] is not step:
            shown.append(step)
            say("")
            say(f"== {step.title} ==")
            say(step.instruction)
            if timer and step.wait_s is not None:
                countdown(step.wait_s, sleep=time.sleep, echo=say)
            if timer and step.hold_s is not None:
                countdown(step.hold_s, sleep=time.sleep, echo=say)
        try:
            answer: str = click.prompt(
                step_prompt(step), default="", show_default=False, err=prompt_to_stderr
            )
        except click.Abort:
            say("Stopped: deflate the cuff now. Nothing was recorded.")
            raise
        return answer

    state = walk(state, ask, on_refused=lambda error: say(str(error)))
    say("")
    say(state.step.instruction)
    return state


def _print_measurement_summary(
    state: MeasurementState, record: LopMeasurement | None, recorded_for: str | None
) -> None:
    from occlusion.science.protocols import recommended_pct_lop

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
        out.print(
            f"Kept in the training log of person {recorded_for}."
            if recorded_for
            else "Not kept: give --person ID to keep it in a training log."
        )
        advice = recommended_pct_lop(limb=record.limb, mode=Mode.RESISTANCE)
        pressures = advice.pressures_mmhg(record.lop_mmhg)
        out.print(
            f"Resistance BFR with this cuff: {advice.low_pct:g}-{advice.high_pct:g} % LOP = "
            f"{pressures['low_mmhg']:.0f}-{pressures['high_mmhg']:.0f} mmHg; start at "
            f"{advice.default_pct:g} % = {pressures['default_mmhg']:.0f} mmHg.",
            markup=False,
        )
        print_references(out, (LOENNEKE_2012_PROTOCOL, *advice.references))
        return
    print_references(out, (LOENNEKE_2012_PROTOCOL,))
