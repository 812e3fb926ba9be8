"""``occlusion lop``: estimate, list the equations behind, and measure limb occlusion pressure.

Lengths are typed in the unit their option names (``--circumference-cm`` or
``--circumference-in``, ``--cuff-width-cm`` or ``--cuff-width-in``; give one of each pair).
``--units`` only chooses the unit lengths are shown in on the readable page.
"""

from __future__ import annotations

from typing import Any

import click

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.cli.lop_measure import measure_command, person_on_record
from occlusion.cli.lop_options import (
    length_cm,
    parse_number,
    print_list,
    print_references,
    require_number,
    require_word,
)
from occlusion.cli.messages import warning_text
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.words import word_option
from occlusion.errors import NotEstimableError
from occlusion.science.lop import (
    UNVERIFIED_EQUATIONS,
    LopEstimate,
    estimate,
    methods,
)
from occlusion.units import (
    cm_to_display,
    length_unit_label,
)
from occlusion.vocabulary import (
    CuffMaterial,
    EquipmentKind,
    Limb,
    Posture,
    Sex,
    Side,
    UnitSystem,
)

app = click.Group(
    "lop",
    help="Limb occlusion pressure: estimate it from a published equation, list the equations, "
        "or measure it step by step with a manual cuff.",
    no_args_is_help=True,
)


@app.command("estimate")
@word_option(Limb, "--limb", what="limb", help="The limb (required).")
@click.option("--cuff-width-cm", metavar="CM", help="Cuff width (cm).")
@click.option("--cuff-width-in", metavar="IN", help="Cuff width (in).")
@click.option("--circumference-cm", metavar="CM", help="Limb circumference under the cuff (cm).")
@click.option("--circumference-in", metavar="IN", help="Limb circumference under the cuff (in).")
@click.option("--sbp", metavar="MMHG", help="Resting systolic blood pressure (mmHg, required).")
@click.option("--dbp", metavar="MMHG", help="Resting diastolic pressure (mmHg).")
@click.option("--age", metavar="YEARS", help="Age (years), used by the thigh equation.")
@word_option(Sex, "--sex", what="sex", help="Sex, used by the thigh equation.")
@word_option(
    Posture, "--posture", what="posture", help="Posture you will train in.", default=Posture.SEATED
)
@click.option("--method", metavar="NAME", help="Force an equation by name.")
@word_option(
    CuffMaterial,
    "--cuff-material",
    what="cuff material",
    help="Cuff material (estimates assume nylon).",
    default=CuffMaterial.NYLON,
)
@word_option(
    UnitSystem,
    "--units",
    what="unit system",
    help="Display lengths in these units.",
    default=UnitSystem.METRIC,
)
@click.option(
    "--person",
    metavar="ID",
    help="Also keep the estimate in this person's training log (with --side).",
)
@word_option(Side, "--side", what="side", help="Which limb (needed with --person).")
@json_option
def estimate_command(
    limb: Limb | None,
    cuff_width_cm: str | None,
    cuff_width_in: str | None,
    circumference_cm: str | None,
    circumference_in: str | None,
    sbp: str | None,
    dbp: str | None,
    age: str | None,
    sex: Sex | None,
    posture: Posture,
    method: str | None,
    cuff_material: CuffMaterial,
    units: UnitSystem,
    person: str | None,
    side: Side | None,
    json_output: bool,
) -> int:
    """Estimate limb occlusion pressure with a 95 % prediction interval, or list the other ways."""
    inputs: dict[str, Any] = {
        "limb": require_word(limb, "--limb", "arm or thigh"),
        "cuff_width_cm": length_cm(cuff_width_cm, cuff_width_in, "cuff-width"),
        "circumference_cm": length_cm(circumference_cm, circumference_in, "circumference"),
        "sbp_mmhg": require_number(sbp, "--sbp", "resting systolic pressure in mmHg"),
        "dbp_mmhg": parse_number(dbp, "--dbp"),
        "age_years": parse_number(age, "--age"),
        "sex": sex,
        "posture": posture,
        "cuff_material": cuff_material,
    }
    try:
        result = estimate(**inputs, method=method)
    except NotEstimableError as refusal:
        if method is not None:
            raise
        _show_routes(refusal, inputs, side, json_output)
        # No estimate was made, but the input was fine: 1, not the 2 of a user mistake.
        return 1
    if person is not None:
        person = _keep_estimate(person, result, require_word(side, "--side", "left or right"))
    if json_output:
        print_json(result)
        return 0
    _print_estimate(result, units)
    if person is not None:
        console().print(
            f"Kept as an estimate in the training log of person {person}.", markup=False
        )
    return 0


def _show_routes(
    refusal: NotEstimableError, inputs: dict[str, Any], side: Side | None, json_output: bool
) -> None:
    """Print why there is no estimate and every other way to this limb's LOP."""
    from occlusion.cli.lop_routes import show_routes
    from occlusion.services.lop_routes import lop_routes, situation_from_choices

    routes = lop_routes(situation_from_choices(equipment=EquipmentKind.CUFF, **inputs))
    show_routes(refusal, routes, side=None if side is None else str(side), json_output=json_output)


def _keep_estimate(person: str, result: LopEstimate, side: Side) -> str:
    from occlusion.services import open_log
    from occlusion.services.measurements import record_lop_estimate

    short = person_on_record(person)
    database = open_log()
    try:
        record_lop_estimate(database, short, result, side=side)
    finally:
        database.close()
    return short


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
    print_list(out, "Warnings", [f"! {warning_text(warning)}" for warning in result.warnings])
    print_references(out, result.references)
    out.print("Measured LOP beats any estimate: run 'occlusion lop measure' with your own cuff.")
    out.print(f"[italic]{NOT_A_MEDICAL_DEVICE}[/italic]")


@app.command("methods")
@json_option
def methods_command(json_output: bool) -> None:
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
        out.print(f"  Cuff width: {info.cuff_width_basis}.", markup=False)
    print_list(
        out,
        "Known but not shipped (coefficients not verified in the primary source)",
        [f"{entry.name} ({entry.limb}): {entry.reason}" for entry in UNVERIFIED_EQUATIONS],
    )
    out.print(
        "No arm equation is verified: 'occlusion lop estimate --limb arm' lists the other "
        "ways instead (measure with 'occlusion lop measure', or let a cuff device measure it)."
    )


app.add_command(measure_command)
