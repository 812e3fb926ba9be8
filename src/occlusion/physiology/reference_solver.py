"""Reference integration with :func:`scipy.integrate.solve_ivp` at tight tolerance.

It integrates exactly the same right-hand side as :mod:`occlusion.physiology.solver`, segment by
segment (restarting at every change of conditions, so no step straddles a discontinuity), and
reports the states on the same time grid. It exists to check the fixed-step solver, and as the
per-subject baseline of the benchmarks; it is far too slow for cohorts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import ModelError
from occlusion.physiology.exercise import Schedule
from occlusion.physiology.limb import LimbArrays
from occlusion.physiology.model import STATE_COUNT, derivatives, flows_ml_s, resting_state
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.solver import Trajectory, check_validity, forcing_for, step_count

FloatArray = NDArray[np.float64]


def integrate_reference(
    limb: LimbArrays,
    schedule: Schedule,
    cuff_pressure_mmhg: FloatArray,
    *,
    time_step_s: float = model_choices.NATIVE_TIME_STEP_S,
    method: str = "DOP853",
    rtol: float = 1e-10,
    atol: float = 1e-10,
) -> Trajectory:
    """Integrate all subjects with ``solve_ivp`` and sample on the fixed solver's grid.

    Parameters
    ----------
    limb, schedule, cuff_pressure_mmhg
        As for :func:`occlusion.physiology.solver.integrate_fixed`.
    time_step_s
        Spacing of the output grid [s] (not the integration step, which is adaptive).
    method, rtol, atol
        Passed to :func:`scipy.integrate.solve_ivp`.

    Returns
    -------
    Trajectory

    Raises
    ------
    ModelError
        If ``solve_ivp`` fails on a segment.
    """
    from scipy.integrate import solve_ivp

    pressures = np.broadcast_to(np.asarray(cuff_pressure_mmhg, dtype=float), (limb.size,))
    state = resting_state(limb)
    n = limb.size
    total = sum(step_count(s.duration_s, time_step_s) for s in schedule.segments)
    states = np.empty((total + 1, n, STATE_COUNT))
    inflow = np.empty((total + 1, n))
    outflow = np.empty((total + 1, n))
    cuff_on = np.zeros(total + 1, dtype=bool)
    in_set = np.zeros(total + 1, dtype=bool)
    states[0] = state
    index = 0
    clock = 0.0
    forcing = forcing_for(False, False, False, 0.0, pressures)
    for segment in schedule.segments:
        forcing = forcing_for(
            segment.cuff_on, segment.in_set, segment.contracting, segment.load_fraction, pressures
        )
        steps = step_count(segment.duration_s, time_step_s)
        grid = clock + time_step_s * np.arange(1, steps + 1)
        current = forcing

        def rhs(_time: float, flat: FloatArray, current: object = current) -> FloatArray:
            rates = derivatives(flat.reshape(n, STATE_COUNT), current, limb)  # type: ignore[arg-type]
            return rates.ravel()

        solution = solve_ivp(
            rhs,
            (clock, grid[-1]),
            state.ravel(),
            method=method,
            t_eval=grid,
            rtol=rtol,
            atol=atol,
        )
        if not solution.success:
            raise ModelError(
                f"the reference solver failed: {solution.message}",
                code="physiology.reference-solver-failed",
                reason=str(solution.message),
            )
        block = solution.y.T.reshape(steps, n, STATE_COUNT)
        states[index + 1 : index + 1 + steps] = block
        for row in range(steps):
            inflow[index + row], outflow[index + row] = flows_ml_s(
                states[index + row], forcing, limb
            )
            cuff_on[index + row] = segment.cuff_on
            in_set[index + row] = segment.in_set
        state = block[-1]
        index += steps
        clock = float(grid[-1])
    inflow[index], outflow[index] = flows_ml_s(state, forcing, limb)
    with np.errstate(invalid="ignore"):
        check_validity(states)
    times = np.arange(total + 1, dtype=np.float64) * np.float64(time_step_s)
    return Trajectory(times, states, inflow, outflow, cuff_on, in_set)
