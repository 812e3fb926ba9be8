"""One person through one exercise session under a cuff: the summary people read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.evidence import cite
from occlusion.physiology.exercise import Schedule, exercise_schedule, protocol_named
from occlusion.physiology.flow import FLOW_REFERENCES
from occlusion.physiology.limb import LimbArrays, limb_arrays_for
from occlusion.physiology.model import reported_tissue_saturation, resting_state
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.solver import (
    RunningExtremes,
    Trajectory,
    integrate_fixed,
    rows_many,
    step_count,
)
from occlusion.physiology.subject import Cuff, Subject, check_cuff_pressure_mmhg
from occlusion.science.checks import require_between

SESSION_REFERENCES = (
    *FLOW_REFERENCES,
    "gjsm_2018_lactate",
    "wong_2019_swelling",
    "leg_vo2_repeated_submaximal_contractions",
)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session did to the limb, per subject (every field shape ``(n,)``).

    Attributes
    ----------
    pooled_volume_ml
        Largest venous blood volume pooled distal to the cuff [ml].
    swelling_pct
        Largest rise of working-muscle volume from pooled blood and filtered fluid [%].
    min_tissue_saturation_pct
        Lowest tissue oxygen saturation [%] (NIRS-like).
    peak_lactate_mmol_l
        Highest blood lactate [mmol/l].
    peak_muscle_lactate_mmol_l
        Highest lactate in the working muscle [mmol/l].
    mean_inflow_in_sets_pct
        Mean arterial inflow during the sets [% of resting].
    peak_hyperaemia_pct
        Highest arterial inflow after the last release [% of resting].
    """

    pooled_volume_ml: NDArray[np.float64]
    swelling_pct: NDArray[np.float64]
    min_tissue_saturation_pct: NDArray[np.float64]
    peak_lactate_mmol_l: NDArray[np.float64]
    peak_muscle_lactate_mmol_l: NDArray[np.float64]
    mean_inflow_in_sets_pct: NDArray[np.float64]
    peak_hyperaemia_pct: NDArray[np.float64]


def summarise(trajectory: Trajectory, limb: LimbArrays) -> SessionSummary:
    """Reduce a trajectory to the reported outputs."""
    states = trajectory.states
    resting = limb.resting_flow_ml_s
    swelling = 100.0 * (states[:, :, 0] + states[:, :, 1]) / limb.working_volume_ml
    in_set = trajectory.in_set
    if in_set.any():
        mean_inflow = 100.0 * trajectory.inflow_ml_s[in_set].mean(axis=0) / resting
    else:
        mean_inflow = np.full(limb.size, np.nan)
    cuff_rows = np.flatnonzero(trajectory.cuff_on)
    after = cuff_rows[-1] + 1 if cuff_rows.size else 0
    peak_after = 100.0 * trajectory.inflow_ml_s[after:].max(axis=0) / resting
    return SessionSummary(
        pooled_volume_ml=states[:, :, 0].max(axis=0),
        swelling_pct=swelling.max(axis=0),
        min_tissue_saturation_pct=100.0 * reported_tissue_saturation(states[:, :, 2].min(axis=0)),
        peak_lactate_mmol_l=states[:, :, 4].max(axis=0),
        peak_muscle_lactate_mmol_l=states[:, :, 3].max(axis=0),
        mean_inflow_in_sets_pct=mean_inflow,
        peak_hyperaemia_pct=peak_after,
    )


def integrate_summary(
    limb: LimbArrays,
    schedule: Schedule,
    cuff_pressure_mmhg: NDArray[np.float64],
    *,
    time_step_s: float = model_choices.NATIVE_TIME_STEP_S,
) -> SessionSummary:
    """Integrate and reduce on the fly: ``summarise(integrate_fixed(...))`` without the trajectory.

    Memory is a few arrays of ``(n,)`` whatever the session's length, so cohorts of any size run
    in chunks of constant memory. The numbers equal :func:`summarise` of the stored trajectory
    (same steps, same rows; tested).

    Raises
    ------
    ModelError
        If the run leaves the model's range (the checks of ``solver.check_validity``).
    """
    size = limb.size
    pressures = np.broadcast_to(np.asarray(cuff_pressure_mmhg, dtype=float), (size,))
    in_set_rows: list[bool] = []
    cuff_rows: list[bool] = []
    for segment in schedule.segments:
        steps = step_count(segment.duration_s, time_step_s)
        in_set_rows.extend([segment.in_set] * steps)
        cuff_rows.extend([segment.cuff_on] * steps)
    in_set_rows.append(False)
    cuff_on = [index for index, on in enumerate(cuff_rows) if on]
    after = cuff_on[-1] + 1 if cuff_on else 0
    working = limb.working_volume_ml
    pooled_max = np.full(size, -np.inf)
    swelling_max = np.full(size, -np.inf)
    extremes = RunningExtremes(size)
    blood_lactate_max = np.full(size, -np.inf)
    muscle_lactate_max = np.full(size, -np.inf)
    inflow_sum = np.zeros(size)
    inflow_rows = 0
    hyperaemia_max = np.full(size, -np.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        for row, state, inflow, _ in rows_many(
            limb, schedule, pressures, time_step_s, resting_state(limb).T
        ):
            pooled, fluid, _saturation, muscle_lactate, blood_lactate = state[:5]
            extremes.add(state)
            np.maximum(pooled_max, pooled, out=pooled_max)
            np.maximum(swelling_max, pooled + fluid, out=swelling_max)
            np.maximum(blood_lactate_max, blood_lactate, out=blood_lactate_max)
            np.maximum(muscle_lactate_max, muscle_lactate, out=muscle_lactate_max)
            if in_set_rows[row]:
                inflow_sum += inflow
                inflow_rows += 1
            if row >= after:
                np.maximum(hyperaemia_max, inflow, out=hyperaemia_max)
    extremes.check()
    resting = limb.resting_flow_ml_s
    mean_inflow = (
        100.0 * (inflow_sum / inflow_rows) / resting if inflow_rows else np.full(size, np.nan)
    )
    return SessionSummary(
        pooled_volume_ml=pooled_max,
        swelling_pct=100.0 * swelling_max / working,
        min_tissue_saturation_pct=100.0 * reported_tissue_saturation(extremes.saturation_min),
        peak_lactate_mmol_l=blood_lactate_max,
        peak_muscle_lactate_mmol_l=muscle_lactate_max,
        mean_inflow_in_sets_pct=mean_inflow,
        peak_hyperaemia_pct=100.0 * hyperaemia_max / resting,
    )


@dataclass(frozen=True, slots=True)
class SessionResult:
    """A simulated session for one person.

    Attributes
    ----------
    subject, cuff
        Who and with what.
    protocol
        Protocol name.
    pct_lop
        Cuff pressure as % of the model's occlusion pressure (0 means no restriction).
    cuff_pressure_mmhg
        Cuff pressure [mmHg].
    occlusion_pressure_mmhg
        The model's occlusion pressure for this person and cuff [mmHg].
    load_pct_1rm
        Load [% 1RM].
    intermittent
        Whether the cuff was deflated between sets.
    summary
        Scalar outputs (see :class:`SessionSummary`).
    trajectory
        Time series on the native grid.
    schedule
        The segments simulated.
    resting_flow_ml_s
        The person's unrestricted resting inflow [ml/s], the 100 % of the flow series.
    """

    subject: Subject
    cuff: Cuff
    protocol: str
    pct_lop: float
    cuff_pressure_mmhg: float
    occlusion_pressure_mmhg: float
    load_pct_1rm: float
    intermittent: bool
    summary: SessionSummary
    trajectory: Trajectory
    schedule: Schedule
    resting_flow_ml_s: float

    def summary_dict(self) -> dict[str, float]:
        """Scalar outputs, JSON-ready."""
        s = self.summary
        return {
            "pooled_volume_ml": float(s.pooled_volume_ml[0]),
            "swelling_pct": float(s.swelling_pct[0]),
            "min_tissue_saturation_pct": float(s.min_tissue_saturation_pct[0]),
            "peak_lactate_mmol_l": float(s.peak_lactate_mmol_l[0]),
            "peak_muscle_lactate_mmol_l": float(s.peak_muscle_lactate_mmol_l[0]),
            "mean_inflow_in_sets_pct": float(s.mean_inflow_in_sets_pct[0]),
            "peak_hyperaemia_pct": float(s.peak_hyperaemia_pct[0]),
        }

    def time_series(self, every_s: float = 1.0) -> dict[str, list[float]]:
        """Time series sampled every ``every_s`` seconds, JSON-ready."""
        trajectory = self.trajectory
        step = float(trajectory.times_s[1] - trajectory.times_s[0])
        stride = max(1, round(every_s / step))
        rows = slice(None, None, stride)
        resting = self.resting_flow_ml_s
        states = trajectory.states[rows, 0, :]
        return {
            "time_s": trajectory.times_s[rows].tolist(),
            "pooled_volume_ml": states[:, 0].tolist(),
            "tissue_saturation_pct": (100.0 * reported_tissue_saturation(states[:, 2])).tolist(),
            "blood_lactate_mmol_l": states[:, 4].tolist(),
            "muscle_lactate_mmol_l": states[:, 3].tolist(),
            "arterial_inflow_pct": (100.0 * trajectory.inflow_ml_s[rows, 0] / resting).tolist(),
            "venous_outflow_pct": (100.0 * trajectory.outflow_ml_s[rows, 0] / resting).tolist(),
        }

    def as_dict(self) -> dict[str, object]:
        """Return inputs, summary and references (no time series), JSON-ready."""
        return {
            "subject": self.subject.as_dict(),
            "cuff": self.cuff.as_dict(),
            "protocol": self.protocol,
            "pct_lop": self.pct_lop,
            "cuff_pressure_mmhg": self.cuff_pressure_mmhg,
            "lop_mmhg": self.occlusion_pressure_mmhg,
            "load_pct_1rm": self.load_pct_1rm,
            "intermittent": self.intermittent,
            **self.summary_dict(),
            "references": [reference.as_dict() for reference in cite(*SESSION_REFERENCES)],
        }


def simulate_session(
    subject: Subject,
    cuff: Cuff,
    *,
    protocol: str = "30-15-15-15",
    pct_lop: float = 50.0,
    load_pct_1rm: float | None = None,
    intermittent: bool = False,
    recovery_s: float = 300.0,
    pressure_mmhg: float | None = None,
) -> SessionResult:
    """Simulate one person through one protocol with the cuff at ``pct_lop`` % of the model LOP.

    Parameters
    ----------
    subject, cuff
        The person and the cuff.
    protocol
        Protocol name (see :data:`occlusion.physiology.exercise.PROTOCOLS`).
    pct_lop
        Cuff pressure [% of the model's occlusion pressure]; 0 means no restriction.
    load_pct_1rm
        Load [% 1RM]; the protocol default if ``None``.
    intermittent
        Deflate between sets.
    recovery_s
        Recovery simulated after the last set [s].
    pressure_mmhg
        An absolute cuff pressure [mmHg] instead of ``pct_lop`` (as many studies report).

    Returns
    -------
    SessionResult
    """
    chosen = protocol_named(protocol)
    limb = limb_arrays_for([subject], cuff, limbs_exercised=chosen.limbs_exercised)
    lop = float(limb.occlusion_pressure_mmhg[0])
    if pressure_mmhg is not None:
        pct_lop = 100.0 * check_cuff_pressure_mmhg(pressure_mmhg) / lop
    require_between(pct_lop, 0.0, 150.0, "cuff pressure", "% LOP")
    load = chosen.default_load_pct_1rm if load_pct_1rm is None else load_pct_1rm
    schedule = exercise_schedule(
        chosen,
        load_pct_1rm=load,
        intermittent=intermittent,
        restricted=pct_lop > 0,
        recovery_s=recovery_s,
    )
    pressure = lop * pct_lop / 100.0
    trajectory = integrate_fixed(limb, schedule, np.array([pressure]))
    return SessionResult(
        subject=subject,
        cuff=cuff,
        protocol=chosen.name,
        pct_lop=pct_lop,
        cuff_pressure_mmhg=pressure,
        occlusion_pressure_mmhg=lop,
        load_pct_1rm=float(load),
        intermittent=intermittent,
        summary=summarise(trajectory, limb),
        trajectory=trajectory,
        schedule=schedule,
        resting_flow_ml_s=float(limb.resting_flow_ml_s[0]),
    )
