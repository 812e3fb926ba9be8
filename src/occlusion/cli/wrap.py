"""``occlusion wrap`` and ``occlusion floss``: practical BFR with elastic wraps and floss bands.

Lengths can be typed in centimetres (``--circumference-cm``) or inches (``--circumference-in``);
``--units`` chooses how the page is written. The JSON document always carries centimetres.
"""

from __future__ import annotations

from typing import Any

import click

from occlusion.cli.messages import warning_text
from occlusion.cli.output import console, json_option, print_json
from occlusion.cli.words import word_option
from occlusion.errors import InputError
from occlusion.units import inches_to_cm
from occlusion.vocabulary import Limb, UnitSystem


def _length_cm(value_cm: float | None, value_in: float | None, what: str) -> float | None:
    if value_cm is not None and value_in is not None:
        raise InputError(f"give the {what} in cm or in inches, not both")
    if value_in is not None:
        return inches_to_cm(value_in)
    return value_cm


def _required_length_cm(value_cm: float | None, value_in: float | None, what: str) -> float:
    length = _length_cm(value_cm, value_in, what)
    if length is None:
        flag = what.replace(" ", "-")
        raise InputError(f"the {what} is required: pass --{flag}-cm or --{flag}-in")
    return length


def _tension_n(tension_n: float | None, tension_kgf: float | None) -> float | None:
    from occlusion.science.bands import kgf_to_newtons

    if tension_n is not None and tension_kgf is not None:
        raise InputError("give the band tension in N or in kgf, not both")
    if tension_kgf is not None:
        return kgf_to_newtons(tension_kgf)
    return tension_n


def _references_block(references: list[dict[str, Any]]) -> list[str]:
    lines = []
    for reference in references:
        where = f"doi:{reference['doi']}" if reference.get("doi") else reference.get("url") or ""
        parts = [reference["citation"], where, f"[{reference['status']}]"]
        lines.append("  - " + " ".join(part for part in parts if part))
    return lines


def _mmhg(value: float | None) -> str:
    return "not estimated" if value is None else f"{value:.0f} mmHg"


@click.command("wrap")
@word_option(Limb, "--limb", what="limb", help="The limb.", required=True)
@click.option(
    "--target-pct-lop", type=float, help="Target restriction [% of LOP]; 40-80 calibrated."
)
@click.option("--circumference-cm", type=float, help="Resting limb circumference at the band [cm].")
@click.option("--circumference-in", type=float, help="The same in inches.")
@click.option("--width-cm", type=float, help="Band width [cm].")
@click.option("--width-in", type=float, help="Band width [in].")
@click.option(
    "--material",
    default="elastic-knee-wrap",
    help="Band from the equipment table: elastic-knee-wrap, elastic-bfr-band, "
    "floss-band-5cm, floss-band-10cm.",
)
@click.option("--wrap-length-cm", type=float, help="Unstretched band length [cm], for turns.")
@click.option("--wrap-length-in", type=float, help="The same in inches.")
@click.option(
    "--tension-n",
    type=float,
    help="Band tension at the planned stretch, measured [N]; enables a pressure estimate.",
)
@click.option(
    "--tension-kgf", type=float, help="The same tension as a luggage-scale reading [kg, i.e. kgf]."
)
@click.option(
    "--method",
    default="stretch",
    help="stretch (default; needs circumference, width and target) or "
    "perceived-tightness (the 0-10 fallback; needs only the limb).",
)
@word_option(
    UnitSystem,
    "--units",
    what="unit system",
    help="How to write lengths on the page.",
    default=UnitSystem.METRIC,
)
@json_option
def wrap_command(
    limb: Limb,
    target_pct_lop: float | None,
    circumference_cm: float | None,
    circumference_in: float | None,
    width_cm: float | None,
    width_in: float | None,
    material: str,
    wrap_length_cm: float | None,
    wrap_length_in: float | None,
    tension_n: float | None,
    tension_kgf: float | None,
    method: str,
    units: UnitSystem,
    json_output: bool,
) -> None:
    """Plan an elastic wrap by the stretch method: marks, stretched length, turns, checks."""
    from occlusion import NOT_A_MEDICAL_DEVICE
    from occlusion.science.bands import perceived_tightness_guide, plan_wrap

    unit_system = units
    chosen_limb = limb
    if method not in ("stretch", "perceived-tightness"):
        raise InputError(
            f"unknown method {method!r}: choose one of stretch, perceived-tightness"
        )
    guide = perceived_tightness_guide(chosen_limb)
    if method == "perceived-tightness":
        _print_tightness_guide(guide.as_dict(), json_output)
        return
    if target_pct_lop is None:
        raise InputError(
            "the stretch method needs --target-pct-lop (40-80); without a tape measure use "
            "--method perceived-tightness"
        )
    plan = plan_wrap(
        limb=chosen_limb,
        circumference_cm=_required_length_cm(circumference_cm, circumference_in, "circumference"),
        width_cm=_required_length_cm(width_cm, width_in, "width"),
        target_pct_lop=target_pct_lop,
        material=material,
        wrap_length_cm=_length_cm(wrap_length_cm, wrap_length_in, "wrap length"),
        tension_n=_tension_n(tension_n, tension_kgf),
        units=unit_system,
    )
    if json_output:
        document = plan.as_dict()
        document["perceived_tightness_fallback"] = guide.as_dict()
        document["not_a_medical_device"] = NOT_A_MEDICAL_DEVICE
        print_json(document)
        return

    data = plan.as_dict()
    out = console()
    out.print(f"[bold]Elastic wrap plan — {plan.limb}, {plan.target_pct_lop:g} % LOP[/bold]")
    out.print(NOT_A_MEDICAL_DEVICE, soft_wrap=True)
    out.print("")
    out.print(f"Stretch: {plan.stretch_pct:.1f} % of the resting circumference.")
    out.print(f"Method: {plan.method}.")
    if plan.turns is not None:
        out.print(f"Turns: about {plan.turns:.1f}, stacked on the top of the limb.")
    if plan.pressure_per_layer_mmhg is None:
        out.print("Pressure: not estimated (the band's tension is not known).")
    elif plan.pressure_estimate_mmhg is None:
        out.print(
            f"Pressure (Laplace upper bound): one layer {_mmhg(plan.pressure_per_layer_mmhg)}; "
            "give the band length for all layers."
        )
    else:
        out.print(
            f"Pressure (Laplace upper bound): at most {_mmhg(plan.pressure_estimate_mmhg)} under "
            f"all layers ({_mmhg(plan.pressure_per_layer_mmhg)} a layer); measured bandage "
            f"pressures ran up to 42 % lower (about {_mmhg(data['pressure_lower_bound_mmhg'])})."
        )
    out.print("")
    out.print("[bold]Steps[/bold]")
    for number, step in enumerate(plan.instructions, start=1):
        out.print(f"  {number}. {step}", markup=False)
    out.print("")
    out.print("[bold]Limits of this plan[/bold]")
    for warning in plan.warnings:
        out.print(f"  - {warning_text(warning)}", markup=False)
    out.print("")
    out.print("[bold]Fallback: perceived tightness[/bold]")
    out.print(
        f"  Without a tape measure, tighten to {guide.target_rating}/10 (moderate pressure, no "
        f"pain). In a study that was {guide.seven_out_of_ten.pressure_mean_mmhg:g} mmHg on "
        f"average ({guide.seven_as_pct_of_aop:.0f} % of occlusion pressure), varying about "
        f"±{guide.day_to_day_spread_pct:g} % from day to day: less reliable than the stretch. "
        f"Details: occlusion wrap --limb {plan.limb} --method perceived-tightness",
        markup=False,
    )
    out.print("")
    out.print("[bold]References[/bold]")
    for line in _references_block(data["references"]):
        out.print(line, markup=False)


def _print_tightness_guide(guide: dict[str, Any], json_output: bool) -> None:
    from occlusion import NOT_A_MEDICAL_DEVICE

    if json_output:
        print_json({**guide, "not_a_medical_device": NOT_A_MEDICAL_DEVICE})
        return
    seven = guide["seven_out_of_ten"]
    out = console()
    out.print(f"[bold]Perceived tightness (fallback) — {guide['limb']}[/bold]")
    out.print(NOT_A_MEDICAL_DEVICE, soft_wrap=True)
    out.print("")
    out.print(
        f"Target: {guide['target_rating']}/10, {guide['anchors'][str(guide['target_rating'])]}. "
        f"In the study that was {seven['pressure_mean_mmhg']:g} ({seven['pressure_sd_mmhg']:g}) "
        f"mmHg against an occlusion pressure of {guide['aop_mean_mmhg']:g} "
        f"({guide['aop_sd_mmhg']:g}) mmHg; day to day about ±{guide['day_to_day_spread_pct']:g} %."
    )
    out.print("")
    out.print("[bold]Steps[/bold]")
    for number, step in enumerate(guide["steps"], start=1):
        out.print(f"  {number}. {step}", markup=False)
    out.print("")
    out.print("[bold]Limits of this method[/bold]")
    for caveat in guide["caveats"]:
        out.print(f"  - {caveat}", markup=False)
    out.print("")
    out.print("[bold]References[/bold]")
    for line in _references_block(guide["references"]):
        out.print(line, markup=False)


@click.command("floss")
@click.option(
    "--site",
    required=True,
    help="Where: ankle, calf, knee, thigh, wrist, forearm, elbow, arm or shoulder.",
)
@click.option("--circumference-cm", type=float, help="Circumference where the band goes [cm].")
@click.option("--circumference-in", type=float, help="The same in inches.")
@click.option("--width-cm", type=float, help="Band width [cm].")
@click.option("--width-in", type=float, help="Band width [in].")
@click.option(
    "--stretch-pct", type=float, default=50.0, help="Band elongation [%]; 50 typical, 50-90 usual."
)
@click.option(
    "--overlap-pct", type=float, default=50.0, help="Overlap of each turn on the last [%]; 50."
)
@click.option("--duration-s", type=float, default=120.0, help="Application time [s]; 60-180.")
@click.option("--band", help="Floss band key: floss-band-5cm or floss-band-10cm.")
@click.option("--band-length-cm", type=float, help="Unstretched band length [cm].")
@click.option("--band-length-in", type=float, help="The same in inches.")
@click.option(
    "--tension-n",
    type=float,
    help="Band tension at the planned stretch, measured [N]; enables a pressure estimate.",
)
@click.option(
    "--tension-kgf", type=float, help="The same tension as a luggage-scale reading [kg, i.e. kgf]."
)
@word_option(
    UnitSystem,
    "--units",
    what="unit system",
    help="How to write lengths on the page.",
    default=UnitSystem.METRIC,
)
@json_option
def floss_command(
    site: str,
    circumference_cm: float | None,
    circumference_in: float | None,
    width_cm: float | None,
    width_in: float | None,
    stretch_pct: float,
    overlap_pct: float,
    duration_s: float,
    band: str | None,
    band_length_cm: float | None,
    band_length_in: float | None,
    tension_n: float | None,
    tension_kgf: float | None,
    units: UnitSystem,
    json_output: bool,
) -> None:
    """Plan a floss-band application: overlap, stretch, timed movement, pressure upper bound."""
    from occlusion import NOT_A_MEDICAL_DEVICE
    from occlusion.science.bands import plan_floss

    unit_system = units
    plan = plan_floss(
        site=site,
        circumference_cm=_required_length_cm(circumference_cm, circumference_in, "circumference"),
        width_cm=_required_length_cm(width_cm, width_in, "width"),
        stretch_pct=stretch_pct,
        overlap_pct=overlap_pct,
        duration_s=duration_s,
        band=band,
        band_length_cm=_length_cm(band_length_cm, band_length_in, "band length"),
        tension_n=_tension_n(tension_n, tension_kgf),
        units=unit_system,
    )
    if json_output:
        document = plan.as_dict()
        document["not_a_medical_device"] = NOT_A_MEDICAL_DEVICE
        print_json(document)
        return

    data = plan.as_dict()
    out = console()
    out.print(f"[bold]Floss band plan — {plan.site}, {plan.duration_s:g} s[/bold]")
    out.print(NOT_A_MEDICAL_DEVICE, soft_wrap=True)
    out.print("")
    out.print(
        f"Stretch {plan.stretch_pct:g} %, overlap {plan.overlap_pct:g} % ({plan.layers:g} "
        f"layers). Pressure (Laplace upper bound): {_mmhg(plan.pressure_estimate_mmhg)}"
        + (
            ""
            if data["pressure_lower_bound_mmhg"] is None
            else f"; up to 42 % lower in measurements (about "
            f"{_mmhg(data['pressure_lower_bound_mmhg'])})"
        )
        + "."
    )
    if plan.turns is not None and plan.covered_length_cm is not None:
        from occlusion.units import cm_to_display, length_unit_label

        covered = cm_to_display(plan.covered_length_cm, unit_system)
        out.print(
            f"The band makes about {plan.turns:.1f} turns and covers {covered:.1f} "
            f"{length_unit_label(unit_system)} of the limb."
        )
    out.print("")
    out.print("[bold]Steps[/bold]")
    for number, step in enumerate(plan.instructions, start=1):
        out.print(f"  {number}. {step}", markup=False)
    if plan.warnings:
        out.print("")
        out.print("[bold]Limits of this plan[/bold]")
        for warning in plan.warnings:
            out.print(f"  - {warning_text(warning)}", markup=False)
    out.print("")
    out.print("[bold]References[/bold]")
    for line in _references_block(data["references"]):
        out.print(line, markup=False)
