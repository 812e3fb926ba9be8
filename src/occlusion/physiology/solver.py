"""Fixed-step, classical fourth-order Runge-Kutta integration vectorised over subjects.

The state of every subject advances together (arrays of shape ``(subjects, 9)``), so a cohort of
10,000 costs little more per step than one person. Segment boundaries fall on step boundaries,
so forcing is constant inside every step and the method keeps its order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import ModelError
from occlusion.physiology import fast_rhs, jit_rhs
from occlusion.physiology.exercise import Schedule
from occlusion.physiology.fast_rhs import RunConstants, SegmentConstants
from occlusion.physiology.limb import LimbArrays, LimbScalars
from occlusion.physiology.model import (
    SCALAR_OPERATIONS,
    STATE_COUNT,
    Forcing,
    rates_and_flows,
    resting_state,
)
from occlusion.physiology.parameters import model_choices

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Trajectory:
    """States and flows on the time grid.

    Attributes
    ----------
    times_s
        Grid times [s], shape ``(T,)``.
    states
        States, shape ``(T, n, 9)`` (see :data:`occlusion.physiology.model.STATE_NAMES`).
    inflow_ml_s, outflow_ml_s
        Arterial inflow and venous outflow at each grid time [ml/s], shape ``(T, n)``; at a
        segment boundary the flow of the segment that starts there.
    cuff_on
        Whether the cuff is inflated on the interval starting at each grid time, ``(T,)``.
    in_set
        Whether that interval is inside a set, ``(T,)``.
    """

    times_s: FloatArray
    states: FloatArray
    inflow_ml_s: FloatArray
    outflow_ml_s: FloatArray
    cuff_on: NDArray[np.bool_]
    in_set: NDArray[np.bool_]


def forcing_for(
    segment_cuff_on: bool,
    in_set: bool,
    contracting: bool,
    load_fraction: float,
    cuff_pressure_mmhg: FloatArray,
) -> Forcing:
    """Build the forcing of one segment."""
    pressure = cuff_pressure_mmhg if segment_cuff_on else np.zeros_like(cuff_pressure_mmhg)
    return Forcing(pressure, float(in_set), float(contracting), load_fraction)


def step_count(duration_s: float, time_step_s: float) -> int:
    """Return the number of steps in a segment, which must be a whole number of steps."""
    steps = duration_s / time_step_s
    rounded = round(steps)
    if rounded < 1 or not math.isclose(steps, rounded, rel_tol=0.0, abs_tol=1e-9):
        raise ModelError(
            f"a segment of {duration_s:g} s is not a whole number of {time_step_s:g} s steps",
            code="physiology.segment-not-whole-steps",
            duration_s=duration_s,
            time_step_s=time_step_s,
        )
    return int(rounded)


def integrate_fixed(
    limb: LimbArrays,
    schedule: Schedule,
    cuff_pressure_mmhg: FloatArray,
    *,
    time_step_s: float = model_choices.NATIVE_TIME_STEP_S,
    initial_state: FloatArray | None = None,
) -> Trajectory:
    """Integrate the limb model through ``schedule`` with fixed RK4 steps.

    Parameters
    ----------
    limb
        Per-subject constants.
    schedule
        Segments of constant conditions.
    cuff_pressure_mmhg
        Cuff pressure per subject while the cuff is on [mmHg], shape ``(n,)``.
    time_step_s
        Step [s]; every segment must be a whole number of steps.
    initial_state
        Start state ``(n, 9)``; the unrestricted resting state by default.

    Returns
    -------
    Trajectory

    Raises
    ------
    ModelError
        If a segment does not fit the step, or the state leaves the model's range (negative or
        non-finite values, saturation outside 0..1).
    """
    state = resting_state(limb) if initial_state is None else np.array(initial_state, float)
    pressures = np.broadcast_to(np.asarray(cuff_pressure_mmhg, dtype=float), (limb.size,))
    total = sum(step_count(s.duration_s, time_step_s) for s in schedule.segments)
    # Variable-major storage: each step writes nine contiguous rows of n values; ``states`` is
    # the (T, n, 9) view of it the rest of the package reads.
    states = np.moveaxis(np.empty((total + 1, state.shape[1], limb.size)), 1, 2)
    inflow = np.empty((total + 1, limb.size))
    outflow = np.empty((total + 1, limb.size))
    cuff_on = np.zeros(total + 1, dtype=bool)
    in_set = np.zeros(total + 1, dtype=bool)
    states[0] = state
    index = 0
    for segment in schedule.segments:
        steps = step_count(segment.duration_s, time_step_s)
        cuff_on[index : index + steps] = segment.cuff_on
        in_set[index : index + steps] = segment.in_set
        index += steps
    # A diverging run overflows; it is caught by check_validity below, not as a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        # One subject in plain floats beats numpy's call cost, but not the compiled step.
        if limb.size == 1 and not jit_rhs.preferred():
            try:
                _advance_one(
                    limb, schedule, float(pressures[0]), time_step_s, states, inflow, outflow
                )
            except (OverflowError, ValueError, ZeroDivisionError):
                raise ModelError(
                    "the simulation diverged for these inputs; no result is reported",
                    code="physiology.diverged",
                ) from None
        else:
            _advance_many(limb, schedule, pressures, time_step_s, states, inflow, outflow)
    with np.errstate(invalid="ignore"):
        check_validity(states)
    times = np.arange(total + 1, dtype=np.float64) * np.float64(time_step_s)
    return Trajectory(times, states, inflow, outflow, cuff_on, in_set)


def rows_many(
    limb: LimbArrays,
    schedule: Schedule,
    pressures: FloatArray,
    time_step_s: float,
    initial_state: FloatArray,
) -> Iterator[tuple[int, FloatArray, FloatArray, FloatArray]]:
    """Yield ``(row, state, inflow, outflow)`` for every grid row of an RK4 run over subjects.

    ``state`` is variable-major, shape ``(9, n)``, and must not be kept (copy it); the flows of a
    row are those of the segment that starts there (for the last row, of the last segment). One
    right-hand-side evaluation per RK4 stage: the flows come with the first stage. Where numba is
    installed, in a process that asked for it or for a run big enough, the steps run compiled
    (:mod:`.jit_rhs`, the same equations; the tests hold the two to rounding).

    Parameters
    ----------
    limb
        Per-subject constants.
    schedule
        Segments of constant conditions.
    pressures
        Cuff pressure per subject while the cuff is on [mmHg], shape ``(n,)``.
    time_step_s
        Step [s].
    initial_state
        Start state, variable-major ``(9, n)``.
    """
    run = RunConstants.of(limb)
    state = np.ascontiguousarray(initial_state, dtype=float)
    half = 0.5 * time_step_s
    sixth = time_step_s / 6.0
    zero = np.zeros_like(pressures)
    row = 0
    # The compiled step where numba is installed (the ``fast`` extra); the numpy one otherwise.
    total_steps = sum(step_count(s.duration_s, time_step_s) for s in schedule.segments)
    compiled = jit_rhs.compiled_stepper(run, time_step_s, total_steps)
    segment_constants = SegmentConstants.of(run, zero, 0.0, 0.0, 0.0)
    for segment in schedule.segments:
        segment_constants = SegmentConstants.of(
            run,
            pressures if segment.cuff_on else zero,
            float(segment.in_set),
            float(segment.contracting),
            segment.load_fraction,
        )
        steps = step_count(segment.duration_s, time_step_s)
        if compiled is not None:
            compiled.enter(segment_constants, state.shape[1])
            for _ in range(steps):
                after, inflow, outflow = compiled.step(state)
                yield row, state, inflow, outflow
                state = after
                row += 1
            continue
        for _ in range(steps):
            k1, inflow, outflow = fast_rhs.rates(state, run, segment_constants)
            yield row, state, inflow, outflow
            k2 = fast_rhs.rates(state + half * k1, run, segment_constants)[0]
            k3 = fast_rhs.rates(state + half * k2, run, segment_constants)[0]
            k4 = fast_rhs.rates(state + time_step_s * k3, run, segment_constants)[0]
            k2 += k3
            k2 *= 2.0
            k2 += k1
            k2 += k4
            k2 *= sixth
            state = state + k2
            row += 1
    _, inflow, outflow = fast_rhs.rates(state, run, segment_constants)
    yield row, state, inflow, outflow


def final_state(
    limb: LimbArrays,
    schedule: Schedule,
    cuff_pressure_mmhg: FloatArray,
    *,
    time_step_s: float = model_choices.NATIVE_TIME_STEP_S,
) -> FloatArray:
    """Integrate like :func:`integrate_fixed` and return only the last state, shape ``(n, 9)``.

    The same steps give the same last row, without storing the ``(T, n, 9)`` trajectory; every
    row passes the checks of :func:`check_validity` (on running extremes).

    Raises
    ------
    ModelError
        As :func:`integrate_fixed`.
    """
    pressures = np.broadcast_to(np.asarray(cuff_pressure_mmhg, dtype=float), (limb.size,))
    last = resting_state(limb).T
    extremes = RunningExtremes(limb.size)
    with np.errstate(over="ignore", invalid="ignore"):
        for _, state, _, _ in rows_many(limb, schedule, pressures, time_step_s, last):
            extremes.add(state)
            last = state
        extremes.check()
    return np.array(last.T)


class RunningExtremes:
    """The extremes :func:`check_validity` looks at, kept row by row instead of stored."""

    def __init__(self, size: int) -> None:
        self.finite = True
        self.saturation_min = np.full(size, np.inf)
        self.saturation_max = np.full(size, -np.inf)
        self.lactate_min = np.full(size, np.inf)

    def add(self, state: FloatArray) -> None:
        """Take in one variable-major row, shape ``(9, n)``."""
        self.finite = self.finite and bool(np.isfinite(state).all())
        np.minimum(self.saturation_min, state[2], out=self.saturation_min)
        np.maximum(self.saturation_max, state[2], out=self.saturation_max)
        np.minimum(self.lactate_min, np.minimum(state[3], state[4]), out=self.lactate_min)

    def check(self) -> None:
        """Raise :class:`ModelError` as :func:`check_validity` would on the stored rows."""
        if not self.finite:
            raise ModelError(
                "the simulation diverged (non-finite state); no result is reported",
                code="physiology.diverged",
            )
        if self.saturation_min.min() < -1e-6 or self.saturation_max.max() > 1.0 + 1e-6:
            raise ModelError(
                "tissue saturation left 0-100 %: the inputs are outside the model's validity range",
                code="physiology.saturation-out-of-range",
            )
        if self.lactate_min.min() < 0.0:
            raise ModelError(
                "lactate became negative: the time step is too large for these inputs",
                code="physiology.negative-lactate",
            )


def _advance_many(
    limb: LimbArrays,
    schedule: Schedule,
    pressures: FloatArray,
    time_step_s: float,
    states: FloatArray,
    inflow: FloatArray,
    outflow: FloatArray,
) -> None:
    """RK4 over arrays of subjects; fills ``states``, ``inflow`` and ``outflow`` in place.

    ``states`` has shape ``(T, n, 9)``; when it is a view of a variable-major ``(T, 9, n)``
    buffer (as :func:`integrate_fixed` makes it) every row is written contiguously.
    """
    start = np.array(states[0].T)
    for row, state, row_inflow, row_outflow in rows_many(
        limb, schedule, pressures, time_step_s, start
    ):
        states[row] = state.T
        inflow[row] = row_inflow
        outflow[row] = row_outflow


def _advance_one(
    limb: LimbArrays,
    schedule: Schedule,
    pressure_mmhg: float,
    time_step_s: float,
    states: FloatArray,
    inflow: FloatArray,
    outflow: FloatArray,
) -> None:
    """Run the same RK4 for one subject in plain floats (numpy's call cost dominates at n=1)."""
    constants = LimbScalars(limb)
    ops = SCALAR_OPERATIONS
    state = [float(value) for value in states[0, 0]]
    half = 0.5 * time_step_s
    sixth = time_step_s / 6.0
    count = len(state)
    rows: list[list[float]] = []
    flows: list[tuple[float, float]] = []
    cuff, in_set, contracting, load = 0.0, 0.0, 0.0, 0.0
    for segment in schedule.segments:
        cuff = pressure_mmhg if segment.cuff_on else 0.0
        in_set = float(segment.in_set)
        contracting = float(segment.contracting)
        load = segment.load_fraction
        for _ in range(step_count(segment.duration_s, time_step_s)):
            k1 = rates_and_flows(state, cuff, in_set, contracting, load, constants, ops)
            flows.append((k1[STATE_COUNT], k1[STATE_COUNT + 1]))
            y2 = [state[i] + half * k1[i] for i in range(count)]
            k2 = rates_and_flows(y2, cuff, in_set, contracting, load, constants, ops)
            y3 = [state[i] + half * k2[i] for i in range(count)]
            k3 = rates_and_flows(y3, cuff, in_set, contracting, load, constants, ops)
            y4 = [state[i] + time_step_s * k3[i] for i in range(count)]
            k4 = rates_and_flows(y4, cuff, in_set, contracting, load, constants, ops)
            state = [
                state[i] + sixth * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]) for i in range(count)
            ]
            rows.append(state)
    last = rates_and_flows(state, cuff, in_set, contracting, load, constants, ops)
    flows.append((last[STATE_COUNT], last[STATE_COUNT + 1]))
    states[1:, 0, :] = rows
    inflow[:, 0] = [flow[0] for flow in flows]
    outflow[:, 0] = [flow[1] for flow in flows]


def check_validity(states: FloatArray) -> None:
    """Raise :class:`ModelError` if a trajectory left the range the model is built for."""
    if not np.all(np.isfinite(states)):
        raise ModelError(
            "the simulation diverged (non-finite state); no result is reported",
            code="physiology.diverged",
        )
    saturation = states[..., 2]
    if saturation.min() < -1e-6 or saturation.max() > 1.0 + 1e-6:
        raise ModelError(
            "tissue saturation left 0-100 %: the inputs are outside the model's validity range",
            code="physiology.saturation-out-of-range",
        )
    if states[..., 3:5].min() < 0.0:
        raise ModelError(
            "lactate became negative: the time step is too large for these inputs",
            code="physiology.negative-lactate",
        )
