"""Occlusion pressure and flows at a cuff pressure for one person: the quick questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import InputError, OutOfRangeError
from occlusion.evidence import cite
from occlusion.physiology.exercise import rest_schedule
from occlusion.physiology.limb import LimbArrays, limb_arrays_for
from occlusion.physiology.model import Forcing, flows_ml_s, resting_state
from occlusion.physiology.parameters import model_choices, spitz_2024
from occlusion.physiology.solver import integrate_fixed
from occlusion.physiology.subject import Cuff, Subject, check_cuff_pressure_mmhg
from occlusion.physiology.transmission import TRANSMISSION_REFERENCES
from occlusion.science.checks import require_between

FloatArray = NDArray[np.float64]

FLOW_REFERENCES = (
    *TRANSMISSION_REFERENCES,
    "hannah_miller_2018_posture",
    "spitz_2024_narrow_cuff_aop",
)


def occlusion_pressure_mmhg(subject: Subject, cuff: Cuff) -> float:
    """Return the model's limb occlusion pressure for a person and cuff [mmHg].

    The cuff pressure at which the pressure reaching the artery equals the local systolic
    pressure: ``(SBP + rho g h) / k`` (see :mod:`occlusion.physiology.transmission`).

    Parameters
    ----------
    subject
        The person (limb, circumference, blood pressure, posture, fat thickness).
    cuff
        Cuff width and material.

    Returns
    -------
    float
        Occlusion pressure [mmHg].

    References
    ----------
    Calibrated to Loenneke 2012 (13.5 cm thigh), Hannah & Miller 2018 (seated) and Buckner 2017
    (elastic); the bound is Spitz et al. 2024; see ``docs/physiology.md``.

    Raises
    ------
    OutOfRangeError
        Code ``physiology.lop-beyond-studied-pressures`` (fields ``lop_mmhg``, ``limit_mmhg``)
        when the model's occlusion pressure is above 907 mmHg, the highest cuff pressure a
        published study applied to people: the model would extrapolate past every observation
        and no cuff pressure the simulator accepts could close the artery. A wider cuff lowers
        it.
    """
    limb = limb_arrays_for([subject], cuff)
    lop_mmhg = float(limb.occlusion_pressure_mmhg[0])
    limit_mmhg = spitz_2024.MAX_STUDIED_CUFF_PRESSURE_MMHG
    if lop_mmhg > limit_mmhg:
        raise OutOfRangeError(
            f"the model's occlusion pressure for this limb and cuff ({lop_mmhg:.0f} mmHg) is above "
            f"{limit_mmhg:.0f} mmHg, the highest cuff pressure a published study applied; a wider "
            "cuff needs less pressure",
            code="physiology.lop-beyond-studied-pressures",
            lop_mmhg=lop_mmhg,
            limit_mmhg=limit_mmhg,
        )
    return lop_mmhg


@dataclass(frozen=True, slots=True)
class FlowPoint:
    """Flows at one cuff pressure, relative to the same person without restriction.

    Attributes
    ----------
    pressure_mmhg
        Cuff pressure [mmHg].
    pct_lop
        That pressure as a percentage of the model's occlusion pressure [%].
    arterial_inflow_pct
        Arterial inflow [% of unrestricted resting inflow].
    venous_outflow_pct
        Venous outflow past the cuff [% of unrestricted resting outflow].
    venous_outflow_present
        Whether venous outflow exceeds the Doppler detection threshold (5 %).
    reading_time_s
        Seconds after inflation at rest at which the flows are read [s].
    """

    pressure_mmhg: float
    pct_lop: float
    arterial_inflow_pct: float
    venous_outflow_pct: float
    venous_outflow_present: bool
    reading_time_s: float

    def as_dict(self) -> dict[str, float | bool]:
        """Return the point as JSON-ready data."""
        return {
            "pressure_mmhg": self.pressure_mmhg,
            "pct_lop": self.pct_lop,
            "arterial_inflow_pct": self.arterial_inflow_pct,
            "venous_outflow_pct": self.venous_outflow_pct,
            "venous_outflow_present": self.venous_outflow_present,
            "reading_time_s": self.reading_time_s,
        }


def flow_curve(
    subject: Subject,
    cuff: Cuff,
    pressures_mmhg: Sequence[float],
    *,
    reading_time_s: float = model_choices.FLOW_READING_TIME_S,
) -> list[FlowPoint]:
    """Return the flows at each cuff pressure, read ``reading_time_s`` after inflation at rest.

    All pressures are simulated together (one vectorised integration).

    Parameters
    ----------
    subject, cuff
        The person and the cuff.
    pressures_mmhg
        Cuff pressures [mmHg], each 0 to 907 (Spitz et al. 2024's highest applied pressure).
    reading_time_s
        Time at rest after inflation at which flows are read [s]; 0 reads them at the moment of
        inflation, before any blood has pooled.

    Returns
    -------
    list of FlowPoint
    """
    pressures = checked_pressures_mmhg(pressures_mmhg)
    steps = reading_steps(reading_time_s)
    limb = limb_arrays_for([subject] * len(pressures), cuff)
    if steps > 0:
        step = model_choices.NATIVE_TIME_STEP_S
        state = integrate_fixed(limb, rest_schedule(steps * step), pressures).states[-1]
    else:
        state = resting_state(limb)
    return flow_points(limb, state, pressures, steps)


def checked_pressures_mmhg(pressures_mmhg: Sequence[float]) -> FloatArray:
    """Return the cuff pressures [mmHg] as an array, each checked; refuse an empty list."""
    if len(pressures_mmhg) == 0:
        raise InputError("give at least one cuff pressure", code="physiology.no-pressures")
    return np.array([check_cuff_pressure_mmhg(p) for p in pressures_mmhg], dtype=float)


def reading_steps(reading_time_s: float) -> int:
    """Return the native steps from inflation to the reading at ``reading_time_s`` [s] (0-3600)."""
    require_between(reading_time_s, 0.0, 3600.0, "reading time", "s")
    return round(reading_time_s / model_choices.NATIVE_TIME_STEP_S)


def flow_points(
    limb: LimbArrays, state: FloatArray, pressures_mmhg: FloatArray, steps: int
) -> list[FlowPoint]:
    """Return the flow points of ``state`` (``(n, 9)``, one subject per pressure), cuff on.

    ``steps`` is the number of native steps since inflation (the reading time).
    """
    inflow, outflow = flows_ml_s(np.ascontiguousarray(state), Forcing(pressures_mmhg), limb)
    resting = limb.resting_flow_ml_s
    lop = limb.occlusion_pressure_mmhg
    threshold = model_choices.VENOUS_DETECTION_THRESHOLD_PCT
    points = []
    for index, pressure in enumerate(pressures_mmhg):
        venous_pct = float(100.0 * outflow[index] / resting[index])
        points.append(
            FlowPoint(
                pressure_mmhg=float(pressure),
                pct_lop=float(100.0 * pressure / lop[index]),
                arterial_inflow_pct=float(100.0 * inflow[index] / resting[index]),
                venous_outflow_pct=venous_pct,
                venous_outflow_present=venous_pct >= threshold,
                reading_time_s=steps * model_choices.NATIVE_TIME_STEP_S,
            )
        )
    return points


def flow_at_pressure(
    subject: Subject,
    cuff: Cuff,
    pressure_mmhg: float,
    *,
    reading_time_s: float = model_choices.FLOW_READING_TIME_S,
) -> FlowPoint:
    """Return arterial inflow and venous outflow at one cuff pressure (see :func:`flow_curve`)."""
    return flow_curve(subject, cuff, [pressure_mmhg], reading_time_s=reading_time_s)[0]


def flow_references() -> list[dict[str, str | None]]:
    """Return the references behind occlusion pressure and flows, JSON-ready."""
    return [reference.as_dict() for reference in cite(*FLOW_REFERENCES)]
