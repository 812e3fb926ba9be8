"""``occlusion simulate``: the limb simulator from the command line.

Sub-commands: ``aop`` (the model's occlusion pressure), ``flow`` (inflow and outflow at cuff
pressures), ``session`` (one person through a protocol), ``cohort`` (a virtual population) and
``validate`` (regenerate ``docs/validation.md``). Heavy imports happen inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from occlusion.cli.output import console, json_option, print_json, progress_bar
from occlusion.cli.words import word_option
from occlusion.errors import InputError
from occlusion.vocabulary import CuffMaterial, Limb, Posture, Sex

_F = TypeVar("_F", bound=Callable[..., Any])
#: ``simulate flow``'s default reading time [s]: the model's settled reading
#: (``model_choices.SETTLED_FLOW_READING_TIME_S``, the web simulator's), written out so the CLI
#: starts without importing the model; a test ties the two.
SETTLED_READING_TIME_S = 300.0

if TYPE_CHECKING:
    from occlusion.physiology import Cuff, Subject

app = click.Group(
    "simulate",
    help="Simulate a limb under a band or cuff (a calibrated model, not a measurement).",
    no_args_is_help=True,
)


def _person(
    limb: Limb,
    circumference_cm: float,
    sbp: float,
    dbp: float,
    posture: Posture,
    sex: Sex,
    age: float,
    fat_thickness_cm: float | None,
    heart_rate: float,
    width_cm: float,
    material: CuffMaterial,
) -> tuple[Subject, Cuff]:
    from occlusion.physiology import Cuff, Subject

    subject = Subject(
        limb,
        circumference_cm,
        sbp,
        dbp,
        heart_rate_bpm=heart_rate,
        posture=posture,
        sex=sex,
        age_years=age,
        fat_thickness_cm=fat_thickness_cm,
    )
    return subject, Cuff(width_cm, material)


def _person_options(command: _F, *, required: bool) -> _F:
    """Add the limb, cuff and person options to ``command``.

    With ``required`` the limb, cuff width, circumference and blood pressures must be given;
    otherwise they take the model's defaults.
    """

    def given(default: Any) -> dict[str, Any]:
        return {"required": True} if required else {"default": default}

    options: list[Callable[[_F], _F]] = [
        word_option(Limb, "--limb", what="limb", help="The limb.", **given(Limb.THIGH)),
        click.option(
            "--cuff-width-cm", type=float, help="Cuff or band width (cm).", **given(13.5)
        ),
        click.option(
            "--circumference-cm",
            type=float,
            help="Limb circumference under the cuff (cm).",
            **given(55.0),
        ),
        click.option(
            "--sbp", type=float, help="Resting systolic pressure (mmHg).", **given(120.0)
        ),
        click.option(
            "--dbp", type=float, help="Resting diastolic pressure (mmHg).", **given(70.0)
        ),
        word_option(
            Posture, "--posture", what="posture", help="Body position.", default=Posture.SUPINE
        ),
        word_option(Sex, "--sex", what="sex", help="Sex.", default=Sex.MALE),
        click.option("--age", type=float, default=30.0, help="Age (years)."),
        word_option(
            CuffMaterial,
            "--cuff-material",
            what="cuff material",
            help="Nylon (pneumatic) or elastic.",
            default=CuffMaterial.NYLON,
        ),
        click.option(
            "--fat-thickness-cm", type=float, help="Subcutaneous fat under the cuff (cm)."
        ),
        click.option(
            "--heart-rate", type=float, default=60.0, help="Resting heart rate (beats/min)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _model_person_options(command: _F) -> _F:
    """Add the limb, cuff and person options, with the model's defaults, to ``command``."""
    return _person_options(command, required=False)


def _given_person_options(command: _F) -> _F:
    """Add the limb, cuff and person options to ``command``; the measurements are required."""
    return _person_options(command, required=True)


def _disclaimer() -> str:
    from occlusion import NOT_A_MEDICAL_DEVICE

    return NOT_A_MEDICAL_DEVICE


def _check_plot(plot: Path | None) -> None:
    if plot is not None:
        from occlusion.physiology.plots import check_plot_path

        check_plot_path(plot)


def _references() -> list[dict[str, Any]]:
    from occlusion.physiology.flow import flow_references

    return flow_references()


@app.command("aop")
@_given_person_options
@json_option
def aop_command(
    limb: Limb,
    cuff_width_cm: float,
    circumference_cm: float,
    sbp: float,
    dbp: float,
    posture: Posture,
    sex: Sex,
    age: float,
    cuff_material: CuffMaterial,
    fat_thickness_cm: float | None,
    heart_rate: float,
    json_output: bool,
) -> None:
    """Show the model's limb occlusion pressure for a person and cuff."""
    from occlusion.physiology import occlusion_pressure_mmhg
    from occlusion.physiology.limb import cuff_head_cm
    from occlusion.physiology.transmission import transmitted_fraction

    subject, cuff = _person(
        limb, circumference_cm, sbp, dbp, posture, sex, age, fat_thickness_cm, heart_rate,
        cuff_width_cm, cuff_material,
    )
    from occlusion.physiology.population_band import occlusion_pressure_band

    lop = occlusion_pressure_mmhg(subject, cuff)
    band = occlusion_pressure_band(subject, cuff)
    fraction = transmitted_fraction(
        width_cm=cuff.width_cm,
        circumference_cm=subject.circumference_cm,
        fat_thickness_cm=subject.effective_fat_thickness_cm,
        material=cuff.material,
        limb=subject.limb,
    )
    document = {
        "lop_mmhg": lop,
        "lop_band_mmhg": band.as_dict(),
        "band_basis": _BAND_BASIS,
        "transmitted_fraction": fraction,
        "hydrostatic_head_cm": cuff_head_cm(subject.limb, subject.posture),
        "subject": subject.as_dict(),
        "cuff": cuff.as_dict(),
        "method": "simulated (calibrated lumped model); measure LOP before training",
        "disclaimer": _disclaimer(),
        "references": _references(),
    }
    if json_output:
        print_json(document)
        return
    out = console()
    out.print(f"Model limb occlusion pressure: [bold]{lop:.0f} mmHg[/bold]")
    if subject.fat_thickness_cm is None or subject.limb == "thigh":
        unmeasured = (
            "fat thickness not measured"
            if subject.fat_thickness_cm is None
            else "fat thickness given"
        )
        if subject.limb == "thigh":
            unmeasured += "; the femoral artery's depth varies between people"
        out.print(
            f"  people with these measurements: {band.p5:.0f}-{band.p95:.0f} mmHg (5th-95th "
            f"percentile; {unmeasured})"
        )
    else:
        out.print("  (fat thickness given: no unmeasured input left to spread the value)")
    out.print(
        f"  {subject.limb} {subject.circumference_cm:g} cm, {subject.sbp_mmhg:g}/"
        f"{subject.dbp_mmhg:g} mmHg, {subject.posture}; {cuff.width_cm:g} cm {cuff.material} cuff"
    )
    out.print(f"  {100 * fraction:.0f} % of the cuff pressure reaches the artery in the model.")
    out.print("  A simulation, not a measurement: measure LOP (Doppler or pulse oximeter).")
    out.print(f"\n{_disclaimer()}")


@app.command(
    "flow",
    context_settings={"ignore_unknown_options": True},
)
@click.argument(
    "values",
    nargs=-1,
    required=False,
    help="Cuff pressures (mmHg) or, with --pct-lop, percentages of LOP.",
)
@click.option(
    "--pressures-mmhg", is_flag=True, help="The values that follow are pressures (mmHg)."
)
@click.option("--pct-lop", is_flag=True, help="The values that follow are % of the model LOP.")
@_model_person_options
@click.option(
    "--reading-time-s",
    type=float,
    default=SETTLED_READING_TIME_S,
    show_default=True,
    help="Seconds after inflation at rest to read flows. The default reads them once the veins "
    "below the cuff have filled, as the web simulator does; 60 shows the first minute, while "
    "they are still filling.",
)
@click.option(
    "--wrap-tension-n",
    type=float,
    help="Instead of values: an elastic wrap's tension (N); its Laplace pressure (an "
    "upper bound) is used.",
)
@click.option("--wrap-layers", type=float, default=2.0, help="Wrap layers over the limb.")
@json_option
@click.option(
    "--plot", type=click.Path(path_type=Path), help="Also draw a figure to FILE.png or FILE.svg."
)
def flow_command(
    values: tuple[str, ...],
    pressures_mmhg: bool,
    pct_lop: bool,
    limb: Limb,
    cuff_width_cm: float,
    circumference_cm: float,
    sbp: float,
    dbp: float,
    posture: Posture,
    sex: Sex,
    age: float,
    cuff_material: CuffMaterial,
    fat_thickness_cm: float | None,
    heart_rate: float,
    reading_time_s: float,
    wrap_tension_n: float | None,
    wrap_layers: float,
    json_output: bool,
    plot: Path | None,
) -> None:
    """Show arterial inflow and venous outflow at cuff pressures (vs no restriction).

    Put the values after --pressures-mmhg or --pct-lop, for example
    "--pct-lop 40 80" or "--pressures-mmhg 60 120".
    """
    from occlusion.physiology import occlusion_pressure_mmhg
    from occlusion.science.checks import require_finite

    for value in values or []:
        if value.startswith("--"):
            raise InputError(f"unknown option {value!r} (see 'occlusion simulate flow --help')")
    from occlusion.services import simulator

    wrap_pressure_mmhg: float | None = None
    if wrap_tension_n is not None:
        if values or pressures_mmhg or pct_lop:
            raise InputError("give either --wrap-tension-n or pressure values, not both")
        if cuff_material != CuffMaterial.ELASTIC:
            raise InputError("a wrap is elastic: pass --cuff-material elastic")
        wrap_pressure_mmhg = simulator.wrap_pressure_mmhg(
            tension_n=wrap_tension_n,
            layers=wrap_layers,
            circumference_cm=circumference_cm,
            width_cm=cuff_width_cm,
            cuff_material=cuff_material,
        )
        values, pressures_mmhg = (repr(wrap_pressure_mmhg),), True
    if pressures_mmhg == pct_lop:
        raise InputError("give the values after exactly one of --pressures-mmhg or --pct-lop")
    if not values:
        raise InputError("give at least one value after --pressures-mmhg or --pct-lop")
    numbers = []
    for value in values:
        try:
            number = float(value)
        except ValueError:
            raise InputError(f"{value!r} is not a number") from None
        numbers.append(require_finite(number, "value"))
    _check_plot(plot)
    subject, cuff = _person(
        limb, circumference_cm, sbp, dbp, posture, sex, age, fat_thickness_cm, heart_rate,
        cuff_width_cm, cuff_material,
    )
    lop = occlusion_pressure_mmhg(subject, cuff)
    pressures = simulator.pressures_mmhg(numbers, pct_lop=pct_lop, lop_mmhg=lop)
    from occlusion.physiology.population_band import occlusion_pressure_band, settled_flows

    lop_band = occlusion_pressure_band(subject, cuff)

    # The person and the people like them in one integration.
    flows = settled_flows(subject, cuff, pressures, reading_time_s=reading_time_s)
    points = [flow.point for flow in flows]
    bands = [flow.band for flow in flows]
    if plot is not None:
        from occlusion.physiology.plots import plot_flow_curve

        plot_flow_curve(subject, cuff, plot)
    if json_output:
        print_json(
            {
                "lop_mmhg": lop,
                "lop_band_mmhg": lop_band.as_dict(),
                "subject": subject.as_dict(),
                "cuff": cuff.as_dict(),
                "points": points,
                "bands": [band.as_dict() for band in bands],
                "band_basis": _BAND_BASIS,
                "wrap_pressure_upper_bound_mmhg": wrap_pressure_mmhg,
                "plot": str(plot) if plot else None,
                "disclaimer": _disclaimer(),
                "references": _references(),
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"Flows {points[0].reading_time_s:g} s after inflation (model LOP "
                  f"{lop:.0f} mmHg{_lop_band_words(lop_band)})")
    for header in ("cuff mmHg", "% LOP", "(people like you)", "arterial inflow %",
                   "(people like you)", "venous outflow %", "(people like you)"):
        table.add_column(header, justify="right")
    for point, band in zip(points, bands, strict=True):
        inflow, outflow, share = band.arterial_inflow_pct, band.venous_outflow_pct, band.pct_lop
        table.add_row(
            f"{point.pressure_mmhg:.0f}",
            f"{point.pct_lop:.0f}",
            f"{share.p5:.0f}-{share.p95:.0f}",
            f"{point.arterial_inflow_pct:.0f}",
            f"{inflow.p5:.0f}-{inflow.p95:.0f}",
            f"{point.venous_outflow_pct:.0f}" + ("" if point.venous_outflow_present else " (none)"),
            f"{outflow.p5:.0f}-{outflow.p95:.0f}",
        )
    out = console()
    out.print(table)
    if wrap_pressure_mmhg is not None:
        out.print(
            f"The wrap's Laplace pressure, {wrap_pressure_mmhg:.0f} mmHg, is an upper bound: real "
            "limbs deform, so the true restriction is lower."
        )
    if plot is not None:
        out.print(f"Figure written to {plot}")
    out.print(_disclaimer())


def _series_bands(result: Any, every_s: float) -> dict[str, dict[str, list[float]]]:
    """Return the session's series among people like the person (5th, 95th percentile)."""
    from occlusion.physiology.exercise import protocol_named
    from occlusion.physiology.parameters import model_choices
    from occlusion.physiology.population_band import session_series_band

    bands = session_series_band(
        result.subject, result.cuff, result.schedule, result.cuff_pressure_mmhg,
        limbs_exercised=protocol_named(result.protocol).limbs_exercised,
    )  # fmt: skip
    stride = max(1, round(every_s / model_choices.NATIVE_TIME_STEP_S))
    return {
        name: {"p5": low[::stride].tolist(), "p95": high[::stride].tolist()}
        for name, (low, high) in bands.items()
    }


@app.command("session")
@click.option("--pct-lop", type=float, help="Cuff pressure (% of model LOP); 0 = no cuff.")
@click.option("--pressure-mmhg", type=float, help="Or an absolute cuff pressure (mmHg).")
@click.option(
    "--protocol",
    default="30-15-15-15",
    help="A repetition-based protocol of 'occlusion protocols list' (e.g. "
    "resistance-30-15-15-15; 30-15-15-15 for short), or a study schedule: "
    "5x15, 3x30, 4x20.",
)
@click.option("--load-pct-1rm", type=float, help="Load (% 1RM).")
@click.option("--intermittent", is_flag=True, help="Deflate the cuff between sets.")
@_model_person_options
@click.option(
    "--recovery-s", type=float, default=300.0, help="Recovery simulated after the last set (s)."
)
@click.option("--series", is_flag=True, help="Include time series in the JSON document.")
@click.option("--series-every-s", type=float, default=5.0, help="Spacing of the time series (s).")
@json_option
@click.option(
    "--plot", type=click.Path(path_type=Path), help="Also draw a figure to FILE.png or FILE.svg."
)
def session_command(
    pct_lop: float | None,
    pressure_mmhg: float | None,
    protocol: str,
    load_pct_1rm: float | None,
    intermittent: bool,
    limb: Limb,
    cuff_width_cm: float,
    circumference_cm: float,
    sbp: float,
    dbp: float,
    posture: Posture,
    sex: Sex,
    age: float,
    cuff_material: CuffMaterial,
    fat_thickness_cm: float | None,
    heart_rate: float,
    recovery_s: float,
    series: bool,
    series_every_s: float,
    json_output: bool,
    plot: Path | None,
) -> None:
    """Simulate one person through a protocol under the cuff: pooling, oxygen, lactate."""
    from occlusion.physiology import simulate_session
    from occlusion.science.checks import require_between

    _check_plot(plot)
    require_between(series_every_s, 0.5, 600.0, "series spacing", "s")
    subject, cuff = _person(
        limb, circumference_cm, sbp, dbp, posture, sex, age, fat_thickness_cm, heart_rate,
        cuff_width_cm, cuff_material,
    )
    if (pct_lop is None) == (pressure_mmhg is None):
        raise InputError("give exactly one of --pct-lop or --pressure-mmhg")
    result = simulate_session(
        subject,
        cuff,
        protocol=protocol,
        pct_lop=0.0 if pct_lop is None else pct_lop,
        pressure_mmhg=pressure_mmhg,
        load_pct_1rm=load_pct_1rm,
        intermittent=intermittent,
        recovery_s=recovery_s,
    )
    from occlusion.physiology.population_band import occlusion_pressure_band, session_band

    lop_band = occlusion_pressure_band(subject, cuff)
    bands = session_band(
        subject, cuff, protocol=protocol, pressure_mmhg=result.cuff_pressure_mmhg,
        load_pct_1rm=load_pct_1rm, intermittent=intermittent, recovery_s=recovery_s,
    )
    if plot is not None:
        from occlusion.physiology.plots import plot_session

        plot_session(result, plot)
    if json_output:
        document = {
            **result.as_dict(),
            "lop_band_mmhg": lop_band.as_dict(),
            "bands": {name: band.as_dict() for name, band in bands.items()},
            "band_basis": _BAND_BASIS + _SESSION_BAND_PRESSURE,
            "plot": str(plot) if plot else None,
        }
        if series:
            document["series"] = result.time_series(every_s=series_every_s)
            document["series_bands"] = _series_bands(result, series_every_s)
        document["disclaimer"] = _disclaimer()
        print_json(document)
        return
    summary = result.summary_dict()
    out = console()
    mode = "intermittent" if intermittent else "continuous"
    restriction = (
        "no restriction"
        if result.pct_lop == 0
        else f"{result.pct_lop:.0f} % LOP = {result.cuff_pressure_mmhg:.0f} mmHg, {mode} "
        f"(model LOP {result.occlusion_pressure_mmhg:.0f} mmHg{_lop_band_words(lop_band)})"
    )
    out.print(f"[bold]{result.protocol}[/bold] at {result.load_pct_1rm:g} % 1RM, {restriction}")
    for label, name, style, unit in _SESSION_ROWS:
        band = bands[name]
        out.print(
            f"  {label:<28} {format(summary[name], style)} {unit}  (people like you: "
            f"{format(band.p5, style)}-{format(band.p95, style)})"
        )
    if plot is not None:
        out.print(f"Figure written to {plot}")
    out.print(_disclaimer())


#: The session outputs as people read them: label, output, number format and unit.
_SESSION_ROWS = (
    ("pooled blood (peak)", "pooled_volume_ml", ".0f", "ml"),
    ("muscle swelling (peak)", "swelling_pct", ".1f", "%"),
    ("lowest tissue O2 saturation", "min_tissue_saturation_pct", ".0f", "%"),
    ("peak blood lactate", "peak_lactate_mmol_l", ".2f", "mmol/l"),
    ("peak working-muscle lactate", "peak_muscle_lactate_mmol_l", ".1f", "mmol/l"),
    ("arterial inflow in sets", "mean_inflow_in_sets_pct", ".0f", "% of rest"),
    ("inflow after release (peak)", "peak_hyperaemia_pct", ".0f", "% of rest"),
)


def _cohort_session_lines(session: Any) -> list[str]:
    """Return a cohort's session outputs in words: median and the middle 90 % of people."""
    lines = []
    for label, name, style, unit in _SESSION_ROWS:
        stats = session.get(name)
        if isinstance(stats, dict):
            lines.append(
                f"  {label:<28} median {format(stats['p50'], style)} {unit} (90 % of people "
                f"{format(stats['p5'], style)}-{format(stats['p95'], style)})"
            )
    return lines


_BAND_BASIS = (
    "5th-95th percentile among people with the same limb, circumference, blood pressure and "
    "posture, with the unmeasured fat thickness and, on the thigh, the femoral artery's depth "
    "drawn from the cohort's population"
)
#: A session's band holds the cuff pressure, not the % LOP, for everyone (as a gauge would).
_SESSION_BAND_PRESSURE = "; everyone at the same cuff pressure (mmHg), as on a gauge"


def _lop_band_words(band: Any) -> str:
    """Return ``; people like you 133-157`` for the band of the model's occlusion pressure."""
    return f"; people like you {band.p5:.0f}-{band.p95:.0f}"


def _check_scheduler(address: str) -> None:
    # Dask raises a bare ValueError (a traceback here) for an address without a port.
    import re

    match = re.fullmatch(r"(?:[a-z]+://)?(\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+):(\d{1,5})", address)
    if match is None or not 1 <= int(match.group(2)) <= 65535:
        raise InputError(
            f"--scheduler {address!r} is not a scheduler address: give host and port, "
            "such as tcp://10.0.0.5:8786"
        )


@app.command("cohort")
@click.option("--n", type=int, default=1000, help="Number of simulated people.")
@click.option("--seed", type=int, default=0, help="Random seed.")
@word_option(Limb, "--limb", what="limb", help="The limb.", default=Limb.THIGH)
@word_option(Posture, "--posture", what="posture", help="Body position.", default=Posture.SUPINE)
@click.option("--cuff-width-cm", type=float, default=13.5, help="Cuff or band width (cm).")
@word_option(
    CuffMaterial,
    "--cuff-material",
    what="cuff material",
    help="Nylon (pneumatic) or elastic.",
    default=CuffMaterial.NYLON,
)
@click.option("--female-fraction", type=float, default=0.5, help="Share of women (0-1).")
@click.option("--circumference-mean-cm", type=float, help="Mean circumference (cm).")
@click.option("--circumference-sd-cm", type=float, help="SD of circumference (cm).")
@click.option(
    "--sbp-mean", type=float, default=122.0, help="Mean SBP (mmHg); default NHANES 2001-2008."
)
@click.option("--sbp-sd", type=float, default=12.0, help="SD of SBP (mmHg).")
@click.option("--pressure-mmhg", type=float, help="Report the share whose artery this closes.")
@click.option(
    "--wrap-tension-n", type=float, help="Elastic wrap tension (N) (Laplace upper bound)."
)
@click.option("--wrap-layers", type=float, default=2.0, help="Wrap layers over the limb.")
@click.option("--protocol", help="Also simulate everyone through this.")
@click.option(
    "--pct-lop", type=float, default=50.0, help="Session pressure (% of each person's LOP)."
)
@click.option("--load-pct-1rm", type=float, help="Session load (% 1RM).")
@click.option("--intermittent", is_flag=True, help="Deflate between sets.")
@click.option(
    "--workers",
    type=int,
    help="Run in chunks on this many local processes (0: every core); summaries only.",
)
@click.option(
    "--scheduler", help="Run in chunks on the Dask scheduler at this address (tcp://...)."
)
@json_option
@click.option(
    "--plot", type=click.Path(path_type=Path), help="Also draw a figure to FILE.png or FILE.svg."
)
def cohort_command(
    n: int,
    seed: int,
    limb: Limb,
    posture: Posture,
    cuff_width_cm: float,
    cuff_material: CuffMaterial,
    female_fraction: float,
    circumference_mean_cm: float | None,
    circumference_sd_cm: float | None,
    sbp_mean: float,
    sbp_sd: float,
    pressure_mmhg: float | None,
    wrap_tension_n: float | None,
    wrap_layers: float,
    protocol: str | None,
    pct_lop: float,
    load_pct_1rm: float | None,
    intermittent: bool,
    workers: int | None,
    scheduler: str | None,
    json_output: bool,
    plot: Path | None,
) -> None:
    """Simulate a virtual population: occlusion pressures and closure probabilities."""
    from occlusion.physiology import Cuff
    from occlusion.physiology.cohort import (
        MAX_IN_MEMORY_SUBJECTS,
        Population,
        sample_cohort,
        simulate_cohort,
    )
    from occlusion.physiology.cohort_scale import MAX_SUBJECTS

    _check_plot(plot)
    if wrap_tension_n is not None and cuff_material != CuffMaterial.ELASTIC:
        raise InputError("a wrap is elastic: pass --cuff-material elastic with --wrap-tension-n")
    if workers is not None and scheduler is not None:
        raise InputError("give --workers or --scheduler, not both")
    if scheduler is not None:
        _check_scheduler(scheduler)
    scaled = workers is not None or scheduler is not None
    if scaled and plot is not None:
        raise InputError(
            "--plot needs every person kept in memory: leave out --workers and --scheduler (up "
            "to 1,000,000 people)"
        )
    if not scaled and n > MAX_IN_MEMORY_SUBJECTS:
        raise InputError(
            f"{n:,} people do not fit in memory at once: add --workers 0 to run them in chunks "
            f"on every core (up to {MAX_SUBJECTS:,}), or set --n to {MAX_IN_MEMORY_SUBJECTS:,} "
            "or fewer"
        )
    population = Population(
        limb=limb,
        posture=posture,
        female_fraction=female_fraction,
        circumference_mean_cm=circumference_mean_cm,
        circumference_sd_cm=circumference_sd_cm,
        sbp_mean_mmhg=sbp_mean,
        sbp_sd_mmhg=sbp_sd,
    )
    cuff = Cuff(cuff_width_cm, cuff_material)
    if scaled:
        _cohort_at_scale(
            population, cuff, n, seed, pressure_mmhg, protocol, pct_lop, load_pct_1rm,
            intermittent, workers, scheduler, json_output, wrap_tension_n, wrap_layers,
        )
        return
    cohort = sample_cohort(population, n, seed)
    show_progress = protocol is not None and n > 2000
    if show_progress:
        with progress_bar() as bar:
            task = bar.add_task("simulating the cohort", total=n)
            result = simulate_cohort(
                cohort, cuff, closing_pressure_mmhg=pressure_mmhg, wrap_tension_n=wrap_tension_n,
                wrap_layers=wrap_layers, protocol=protocol, pct_lop=pct_lop,
                load_pct_1rm=load_pct_1rm, intermittent=intermittent,
                progress=lambda done, _total: bar.update(task, completed=done),
            )
    else:
        result = simulate_cohort(
            cohort, cuff, closing_pressure_mmhg=pressure_mmhg, wrap_tension_n=wrap_tension_n,
            wrap_layers=wrap_layers, protocol=protocol, pct_lop=pct_lop,
            load_pct_1rm=load_pct_1rm, intermittent=intermittent,
        )
    if plot is not None:
        from occlusion.physiology.plots import plot_cohort

        plot_cohort(result, plot)
    document = result.as_dict()
    if json_output:
        print_json({**document, "plot": str(plot) if plot else None, "disclaimer": _disclaimer()})
        return
    lop = document["lop_mmhg"]
    assert isinstance(lop, dict)
    out = console()
    out.print(
        f"{n} simulated people, {limb}, {cuff_width_cm:g} cm {cuff_material} cuff, {posture} "
        f"(seed {seed})"
    )
    out.print(
        f"  model LOP: median {lop['p50']:.0f} mmHg, 90 % of people between {lop['p5']:.0f} "
        f"and {lop['p95']:.0f} mmHg"
    )
    if "probability_artery_closed" in document:
        out.print(
            f"  {pressure_mmhg:g} mmHg closes the artery fully in "
            f"{100 * float(document['probability_artery_closed']):.1f} % of people"  # type: ignore[arg-type]
        )
    if "probability_wrap_closes_artery_at_most" in document:
        share = float(document["probability_wrap_closes_artery_at_most"])  # type: ignore[arg-type]
        median = float(document["wrap_pressure_upper_bound_mmhg_median"])  # type: ignore[arg-type]
        out.print(
            f"  the wrap ({wrap_tension_n:g} N, {wrap_layers:g} layers) presses at most "
            f"{median:.0f} mmHg for the median person and closes the artery in at most "
            f"{100 * share:.1f} % of people"
        )
    if result.session is not None:
        for line in _cohort_session_lines(result.session):
            out.print(line)
    if plot is not None:
        out.print(f"Figure written to {plot}")
    out.print(_disclaimer())


def _cohort_at_scale(
    population: Any, cuff: Any, n: int, seed: int, pressure_mmhg: float | None,
    protocol: str | None, pct_lop: float, load_pct_1rm: float | None, intermittent: bool,
    workers: int | None, scheduler: str | None, json_output: bool,
    wrap_tension_n: float | None = None, wrap_layers: float = 2.0,
) -> None:
    """Run a cohort in chunks (summaries only) on local processes or a Dask cluster."""
    import time

    from occlusion.physiology.cohort_scale import (
        CohortJob,
        local_worker_count,
        simulate_cohort_at_scale,
    )

    job = CohortJob(
        population, cuff, n, seed, closing_pressure_mmhg=pressure_mmhg,
        wrap_tension_n=wrap_tension_n, wrap_layers=wrap_layers, protocol=protocol,
        pct_lop=pct_lop, load_pct_1rm=load_pct_1rm, intermittent=intermittent,
    )
    processes = None if scheduler is not None else local_worker_count(workers or 0)
    started = time.perf_counter()
    with progress_bar() as bar:
        task = bar.add_task("simulating the cohort in chunks", total=n)
        totals = simulate_cohort_at_scale(
            job, workers=processes or 1, scheduler=scheduler,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    elapsed_s = time.perf_counter() - started
    document = totals.as_dict()
    execution = {
        "where": "dask" if scheduler is not None else "local processes",
        "workers": processes,
        "elapsed_s": elapsed_s,
        "subjects_per_s": n / elapsed_s if elapsed_s > 0 else None,
    }
    if json_output:
        print_json({**document, "execution": execution, "disclaimer": _disclaimer()})
        return
    out = console()
    lop = document["lop_mmhg"]
    where = f"on the Dask cluster at {scheduler}" if scheduler else f"on {processes} process(es)"
    out.print(
        f"{n:,} simulated people, {population.limb}, {cuff.width_cm:g} cm {cuff.material} cuff, "
        f"{population.posture} (seed {seed}), in {job.chunks} chunk(s) {where}: "
        f"{elapsed_s:.1f} s, {n / max(elapsed_s, 1e-9):,.0f} people/s"
    )
    out.print(
        f"  model LOP: median {lop['p50']:.0f} mmHg, 90 % of people between {lop['p5']:.0f} "
        f"and {lop['p95']:.0f} mmHg (percentiles from histograms)"
    )
    if "probability_artery_closed" in document:
        out.print(
            f"  {pressure_mmhg:g} mmHg closes the artery fully in "
            f"{100 * float(document['probability_artery_closed']):.1f} % of people"
        )
    wrap = document.get("wrap")
    if wrap is not None:
        bound = wrap["pressure_upper_bound_mmhg"]
        out.print(
            f"  the wrap ({wrap_tension_n:g} N, {wrap_layers:g} layers) presses at most "
            f"{bound['p50']:.0f} mmHg for the median person (90 % between {bound['p5']:.0f} and "
            f"{bound['p95']:.0f}) and closes the artery in at most "
            f"{100 * float(wrap['probability_wrap_closes_artery_at_most']):.1f} % of people"
        )
    session = document.get("session")
    if session is not None:
        for line in _cohort_session_lines(session):
            out.print(line)
    out.print(_disclaimer())


@app.command("validate")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("docs/validation.md"),
    help="Markdown report to write.",
)
@click.option(
    "--plots-dir",
    type=click.Path(path_type=Path),
    default=Path("docs/validation"),
    help="Folder for the report's figures.",
)
@json_option
def validate_command(output: Path, plots_dir: Path, json_output: bool) -> None:
    """Run every calibration and validation target and write the report with figures."""
    from occlusion.physiology.validation_report import write_report

    if not output.parent.exists():
        raise InputError(f"folder {str(output.parent)!r} for the report does not exist")
    with progress_bar() as bar:
        task = bar.add_task("evaluating targets", total=None)
        results = write_report(
            output,
            plots_dir,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            generated_by="`occlusion simulate validate`",
        )
    validation = [r for r in results if r.target.role == "validation"]
    passed = sum(r.outcome.passed for r in validation)
    if json_output:
        print_json(
            {
                "report": str(output),
                "plots_dir": str(plots_dir),
                "validation_passed": passed,
                "validation_total": len(validation),
                "targets": [r.as_dict() for r in results],
            }
        )
        return
    out = console()
    for result in results:
        mark = "pass" if result.outcome.passed else "FAIL"
        out.print(f"{mark:4}  {result.target.identifier:8} {result.target.role:11} "
                  f"{result.outcome.model_text}")
    out.print(f"Out-of-sample: {passed} of {len(validation)} pass. Report written to {output}")
