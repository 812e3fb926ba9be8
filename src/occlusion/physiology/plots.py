"""Figures a person would rather look at than read (matplotlib, Agg backend, PNG or SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from occlusion.errors import InputError
from occlusion.physiology.exercise import protocol_named
from occlusion.physiology.flow import flow_curve, occlusion_pressure_mmhg
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.population_band import (
    flow_curve_band,
    occlusion_pressure_band,
    session_series_band,
)
from occlusion.physiology.session import SessionResult
from occlusion.physiology.subject import Cuff, Subject

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from occlusion.physiology.cohort import CohortResult

PLOT_SUFFIXES = (".png", ".svg")
_FOOTNOTE = "Simulated by a calibrated model - not a measurement, not a medical device."


def check_plot_path(path: str | Path) -> Path:
    """Return ``path`` if it ends in .png or .svg and its folder exists; else InputError."""
    target = Path(path)
    if target.suffix.lower() not in PLOT_SUFFIXES:
        raise InputError(
            f"plot file {str(target)!r} must end in .png or .svg",
            code="physiology.plot.bad-suffix",
            file=str(target),
            suffixes=list(PLOT_SUFFIXES),
        )
    if not target.parent.exists():
        raise InputError(
            f"folder {str(target.parent)!r} for the plot does not exist",
            code="physiology.plot.no-folder",
            folder=str(target.parent),
        )
    return target


def new_figure(rows: int = 1, height: float = 4.0) -> tuple[Figure, list[Axes]]:
    """Return an Agg figure with ``rows`` stacked axes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.0, height * rows), layout="constrained")
    axes = [figure.add_subplot(rows, 1, index + 1) for index in range(rows)]
    return figure, axes


def save_figure(figure: Figure, path: str | Path) -> Path:
    """Add the not-a-measurement footnote and save as PNG or SVG."""
    target = check_plot_path(path)
    figure.suptitle(_FOOTNOTE, fontsize=7, color="0.4", x=0.99, ha="right")
    figure.savefig(target, dpi=110)
    return target


def plot_flow_curve(subject: Subject, cuff: Cuff, path: str | Path) -> Path:
    """Plot arterial inflow and venous outflow against cuff pressure, thresholds marked."""
    lop = occlusion_pressure_mmhg(subject, cuff)
    pct = np.linspace(0.0, 110.0, 45)
    pressures = [float(p) for p in lop * pct / 100.0]
    settled = flow_curve(subject, cuff, pressures)
    instant = flow_curve(subject, cuff, pressures, reading_time_s=0.0)
    filled = flow_curve(
        subject, cuff, pressures, reading_time_s=model_choices.SETTLED_FLOW_READING_TIME_S
    )
    bands = flow_curve_band(subject, cuff, pressures)
    figure, (axes,) = new_figure()
    for key, colour in (("arterial_inflow_pct", "tab:red"), ("venous_outflow_pct", "tab:blue")):
        axes.fill_between(
            pct,
            [getattr(band, key).p5 for band in bands],
            [getattr(band, key).p95 for band in bands],
            color=colour, alpha=0.15, lw=0,
        )  # fmt: skip
    axes.fill_between([], [], [], color="0.6", alpha=0.3, lw=0,
                      label=f"people like you after {settled[0].reading_time_s:g} s (5th-95th "
                            "percentile)")  # fmt: skip
    axes.plot(pct, [p.arterial_inflow_pct for p in settled], color="tab:red", lw=2,
              label=f"arterial inflow after {settled[0].reading_time_s:g} s")
    axes.plot(pct, [p.arterial_inflow_pct for p in instant], color="tab:red", ls="--", lw=1,
              label="arterial inflow at inflation")
    axes.plot(pct, [p.arterial_inflow_pct for p in filled], color="darkred", ls="-.", lw=1.5,
              label=f"arterial inflow once the veins have filled ({filled[0].reading_time_s:g} s)")
    axes.plot(pct, [p.venous_outflow_pct for p in settled], color="tab:blue", lw=2,
              label=f"venous outflow after {settled[0].reading_time_s:g} s")
    closed = [p.pct_lop for p in settled if not p.venous_outflow_present]
    if closed:
        axes.axvline(min(closed), color="tab:blue", ls=":", lw=1)
        axes.annotate("veins shut", (min(closed), 5), color="tab:blue", rotation=90,
                      ha="right", va="bottom")
    lop_band = occlusion_pressure_band(subject, cuff)
    axes.axvline(100.0, color="tab:red", ls=":", lw=1,
                 label=f"artery shut: model LOP {lop:.0f} mmHg (people like you "
                       f"{lop_band.p5:.0f}-{lop_band.p95:.0f})")  # fmt: skip
    axes.annotate(f"artery shut: {lop:.0f} mmHg", (100.0, 5), color="tab:red", rotation=90,
                  ha="right", va="bottom")
    axes.axvspan(40, 80, color="0.9", zorder=0, label="usual BFR range (40-80 % LOP)")
    axes.set_xlabel("cuff pressure [% of limb occlusion pressure]")
    axes.set_ylabel("flow [% of unrestricted, at rest]")
    axes.set_title(
        f"{subject.limb}, {subject.circumference_cm:g} cm, {subject.sbp_mmhg:g}/"
        f"{subject.dbp_mmhg:g} mmHg, {cuff.width_cm:g} cm {cuff.material} cuff"
    )
    axes.set_ylim(0, max(110.0, max(p.venous_outflow_pct for p in settled) + 5))
    axes.legend(loc="upper right", fontsize=8)
    return save_figure(figure, path)


def plot_session(result: SessionResult, path: str | Path) -> Path:
    """Plot pooled volume, tissue saturation and lactate over a session."""
    series = result.time_series(every_s=model_choices.NATIVE_TIME_STEP_S)
    time_min = np.asarray(series["time_s"]) / 60.0
    figure, axes = new_figure(rows=3, height=2.4)
    panels = (
        ("pooled_volume_ml", "pooled blood [ml]", "tab:purple"),
        ("tissue_saturation_pct", "tissue O2 saturation [%]", "tab:red"),
    )
    # The same series among people with the person's measurements (5th-95th percentile).
    bands = session_series_band(
        result.subject, result.cuff, result.schedule, result.cuff_pressure_mmhg,
        limbs_exercised=protocol_named(result.protocol).limbs_exercised,
    )  # fmt: skip
    for ax, (key, label, colour) in zip(axes[:2], panels, strict=True):
        ax.fill_between(time_min, *bands[key], color=colour, alpha=0.2, lw=0)
        ax.plot(time_min, series[key], color=colour, lw=1.5)
        ax.set_ylabel(label)
    axes[2].fill_between(time_min, *bands["blood_lactate_mmol_l"], color="tab:green", alpha=0.2,
                         lw=0, label="people like you (5th-95th percentile)")  # fmt: skip
    axes[2].plot(time_min, series["blood_lactate_mmol_l"], color="tab:green", lw=1.5,
                 label="blood")
    axes[2].plot(time_min, series["muscle_lactate_mmol_l"], color="tab:olive", lw=1, ls="--",
                 label="working muscle")
    axes[2].set_ylabel("lactate [mmol/l]")
    axes[2].legend(fontsize=8)
    axes[2].set_xlabel("time [min]")
    for ax in axes:
        for start, end in result.schedule.set_intervals_s():
            ax.axvspan(start / 60.0, end / 60.0, color="0.85", zorder=0)
        for start, end in result.schedule.cuff_intervals_s():
            ax.axvline(start / 60.0, color="0.3", lw=0.8, ls=":")
            ax.axvline(end / 60.0, color="0.3", lw=0.8, ls=":")
    mode = "intermittent" if result.intermittent else "continuous"
    restriction = f"{result.pct_lop:g} % LOP ({result.cuff_pressure_mmhg:.0f} mmHg), {mode}"
    if result.pct_lop == 0:
        restriction = "no restriction"
    axes[0].set_title(
        f"{result.protocol} at {result.load_pct_1rm:g} % 1RM, {restriction} "
        "(grey: sets; dotted: cuff on/off)",
        fontsize=10,
    )
    return save_figure(figure, path)


def plot_cohort(result: CohortResult, path: str | Path) -> Path:
    """Plot the cohort's distribution of occlusion pressure for the cuff."""
    figure, (axes,) = new_figure()
    axes.hist(result.occlusion_pressure_mmhg, bins=40, color="tab:red", alpha=0.7)
    pressure = result.closure_checks.get("closing_pressure_mmhg")
    if pressure is not None:
        share = result.closure_checks["probability_artery_closed"]
        axes.axvline(pressure, color="k", ls="--",
                     label=f"{pressure:g} mmHg closes the artery in {100 * share:.1f} %")
        axes.legend(fontsize=8)
    axes.set_xlabel("limb occlusion pressure [mmHg]")
    axes.set_ylabel("people")
    cuff = result.cuff
    axes.set_title(
        f"{result.cohort.size} simulated people, {result.cohort.population.limb}, "
        f"{cuff.width_cm:g} cm {cuff.material} cuff, {result.cohort.population.posture}"
    )
    return save_figure(figure, path)
