"""An optional compiled RK4 step for arrays of subjects (numba), the numpy path's twin.

:func:`occlusion.physiology.solver.rows_many` advances every subject with four evaluations of
:func:`occlusion.physiology.fast_rhs.rates` per step. Each evaluation is some sixty numpy calls,
and below about a thousand subjects their fixed cost, not the arithmetic, sets the time: the web
simulator's session band (61 people, 1,143 steps) spends almost all of its time there. This
module compiles one whole RK4 step, subject by subject, with numba when the ``fast`` extra is
installed; the numpy path stays the reference, and the tests hold the two to rounding.

The equations are those of :func:`occlusion.physiology.model.rates_and_flows`, in the order of
:data:`occlusion.physiology.model.STATE_NAMES`. The model's constants reach the compiled code as
an array (:data:`MODEL_CONSTANTS`), never as compiled-in globals, so a parameter changed in
``occlusion.physiology.parameters`` can never be served from a stale on-disk cache.

Loading numba costs a new process about 0.75 s and 160 MB, while the step saves a fixed 0.16 ms
whatever the number of subjects (numpy's call cost): the compiled step runs in processes that ask
for it (:func:`prefer_compiled`, the web workers) and for runs long enough to pay for the load.
``OCCLUSION_NO_JIT=1`` in the environment turns it off (the numpy path runs).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology import model
from occlusion.physiology.fast_rhs import RunConstants, SegmentConstants

FloatArray = NDArray[np.float64]

#: The model's constants, in the order the compiled step reads them.
MODEL_CONSTANTS: FloatArray = np.array(
    [
        model._B1,
        model._B2,
        model._REST_VOLUME,
        model._TOP_POOLED,
        model._TOP_COMPLIANCE,
        model._CURVE_TOP,
        model._P_V0,
        model._UTILISATION_SCALE,
        model._K_S,
        model._DEMAND_PER_LOAD,
        model._WORKING_SHARE,
        model._CAPACITY,
        model._S_A,
        model._TAU_LYMPH,
        model._ANAEROBIC_RATE,
        model._DISTRIBUTION_L,
        model._L_REST,
        model._TAU_CLEAR,
        model._DILATION_PER_DEFICIT,
        model._S_0,
        model._TAU_DILATION,
        model._TAU_FAST,
        model._TAU_EXERCISE,
        model._TAU_DEMAND,
    ],
    dtype=np.float64,
)

#: Per-subject inputs the step reads, rows of a ``(16, n)`` array: first the run's
#: (:class:`RunConstants` fields), then the segment's (:class:`SegmentConstants` fields).
_RUN_ROWS = (
    "per_100ml_inverse",
    "conductance",
    "venous_conductance",
    "filtration",
    "resting_oxygen",
    "oxygen_scale",
    "working_l",
    "limbs_exercised",
)
_SEGMENT_ROWS = (
    "mean",
    "amplitude",
    "systolic",
    "tissue",
    "outflow_barrier",
    "downstream_extra",
    "exercise_target",
    "fast_target",
)
_PER_SUBJECT_ROWS = _RUN_ROWS + _SEGMENT_ROWS


def _step_source(
    state: FloatArray,
    time_step_s: float,
    subject: FloatArray,
    segment: FloatArray,
    constants: FloatArray,
    out: FloatArray,
    inflow_out: FloatArray,
    outflow_out: FloatArray,
) -> None:  # pragma: no cover - compiled; its twin in numpy is covered, parity is tested
    """One classical RK4 step of every subject; ``out`` gets the new state.

    ``state`` and ``out`` are variable-major ``(9, n)``; ``subject`` is ``(16, n)`` in the order
    of :data:`_PER_SUBJECT_ROWS`; ``segment`` holds the segment's scalars (intramuscular
    pressure [mmHg], load in the set [1], lactate loading rate [mmol/l/s]); the flows written
    are those of the step's first stage (the state given) [ml/s].
    """
    (b1, b2, rest_volume, top_pooled, top_compliance, curve_top, p_v0, utilisation_scale, k_s,
     demand_per_load, working_share, capacity, s_a, tau_lymph, anaerobic_rate, distribution_l,
     l_rest, tau_clear, dilation_per_deficit, s_0, tau_dilation, tau_fast, tau_exercise,
     tau_demand) = (constants[0], constants[1], constants[2], constants[3], constants[4],
                    constants[5], constants[6], constants[7], constants[8], constants[9],
                    constants[10], constants[11], constants[12], constants[13], constants[14],
                    constants[15], constants[16], constants[17], constants[18], constants[19],
                    constants[20], constants[21], constants[22], constants[23])
    intramuscular = segment[0]
    load_in_set = segment[1]
    load_lactate = segment[2]
    count = state.shape[1]
    half = 0.5 * time_step_s
    rate = np.empty(9)
    stage_state = np.empty(9)
    total = np.empty(9)
    for person in range(count):
        for variable in range(9):
            stage_state[variable] = state[variable, person]
        for stage in range(4):
            pooled = stage_state[0]
            saturation = stage_state[2]
            muscle_lactate = stage_state[3]
            blood_lactate = stage_state[4]
            pooled_per_100ml = pooled * subject[0, person]
            if pooled_per_100ml <= top_pooled:
                volume = pooled_per_100ml + rest_volume
                root = b1 * b1 + 4.0 * b2 * volume
                venous = 2.0 * volume / (b1 + math.sqrt(root if root > 0.0 else 0.0))
            else:
                venous = curve_top + (pooled_per_100ml - top_pooled) / top_compliance
            venous = venous if venous > 0.0 else 0.0
            downstream = venous + subject[13, person]
            tissue = subject[11, person]
            barrier = tissue if tissue > downstream else downstream
            mean = subject[8, person]
            amplitude = subject[9, person]
            z = (barrier - mean) / amplitude
            z = -1.0 if z < -1.0 else (1.0 if z > 1.0 else z)
            if z <= -1.0:
                drive = mean - downstream
            elif barrier >= subject[10, person] - 1e-9:
                drive = 0.0
            else:
                open_angle = math.acos(z)
                threshold = mean + amplitude * z
                drive = (
                    amplitude * (math.sqrt(1.0 - z * z) - z * open_angle)
                    + (threshold - downstream) * open_angle
                ) / math.pi
            inflow = (
                subject[1, person]
                * (1.0 + stage_state[5] + stage_state[6] + stage_state[7])
                * drive
            )
            above = venous + intramuscular - subject[12, person]
            outflow = subject[2, person] * (above if above > 0.0 else 0.0)
            filtration = subject[3, person] * (venous - p_v0)
            utilisation = utilisation_scale * saturation / (saturation + k_s)
            demand = subject[4, person] * (1.0 + demand_per_load * stage_state[8])
            used = demand * utilisation
            unmet = demand - used
            unmet = unmet if unmet > 0.0 else 0.0
            exported = working_share * outflow * (muscle_lactate - blood_lactate) / 1000.0
            deficit = s_0 - saturation
            rate[0] = inflow - outflow - filtration
            rate[1] = filtration - stage_state[1] / tau_lymph
            rate[2] = (inflow * capacity * (s_a - saturation) - used) / subject[5, person]
            rate[3] = load_lactate + (anaerobic_rate * unmet - exported) / subject[6, person]
            rate[4] = (
                exported * subject[7, person] / distribution_l
                - (blood_lactate - l_rest) / tau_clear
            )
            rate[5] = (
                dilation_per_deficit * (deficit if deficit > 0.0 else 0.0) / s_0
                - stage_state[5]
            ) / tau_dilation
            rate[6] = (subject[15, person] - stage_state[6]) / tau_fast
            rate[7] = (subject[14, person] - stage_state[7]) / tau_exercise
            rate[8] = (load_in_set - stage_state[8]) / tau_demand
            if stage == 0:
                inflow_out[person] = inflow
                outflow_out[person] = outflow
                for variable in range(9):
                    total[variable] = rate[variable]
                    stage_state[variable] = state[variable, person] + half * rate[variable]
            elif stage == 1:
                for variable in range(9):
                    total[variable] += 2.0 * rate[variable]
                    stage_state[variable] = state[variable, person] + half * rate[variable]
            elif stage == 2:
                for variable in range(9):
                    total[variable] += 2.0 * rate[variable]
                    stage_state[variable] = state[variable, person] + time_step_s * rate[variable]
            else:
                for variable in range(9):
                    total[variable] += rate[variable]
        for variable in range(9):
            out[variable, person] = state[variable, person] + time_step_s / 6.0 * total[variable]


class CompiledStepper:
    """Advance variable-major states by one RK4 step with the compiled kernel.

    Parameters
    ----------
    run
        The run's per-subject constants.
    time_step_s
        Step [s].
    kernel
        The compiled :func:`_step_source`.
    """

    def __init__(self, run: RunConstants, time_step_s: float, kernel: Callable[..., None]) -> None:
        self._run = run
        self._time_step_s = float(time_step_s)
        self._kernel = kernel
        self._subject: FloatArray | None = None
        self._segment = np.zeros(3)

    def enter(self, segment: SegmentConstants, size: int) -> None:
        """Take the constants of the segment that starts now, for ``size`` subjects."""
        if self._subject is None or self._subject.shape[1] != size:
            # The run's rows stay for every segment; only the segment's are written again.
            self._subject = np.empty((len(_PER_SUBJECT_ROWS), size))
            for index, name in enumerate(_RUN_ROWS):
                self._subject[index] = getattr(self._run, name)
        for index, name in enumerate(_SEGMENT_ROWS, start=len(_RUN_ROWS)):
            self._subject[index] = getattr(segment, name)
        self._segment = np.array(
            [segment.intramuscular, segment.load_in_set, segment.load_lactate], dtype=np.float64
        )

    def step(self, state: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return the state one step on, and the inflow and outflow at ``state`` [ml/s]."""
        if self._subject is None:
            raise RuntimeError("enter a segment before stepping")
        size = state.shape[1]
        after = np.empty_like(state)
        inflow = np.empty(size)
        outflow = np.empty(size)
        self._kernel(
            state, self._time_step_s, self._subject, self._segment, MODEL_CONSTANTS,
            after, inflow, outflow,
        )
        return after, inflow, outflow


#: CPU time the compiled step saves per RK4 step, whatever the number of subjects [s]: numpy's
#: fixed cost of some 240 calls a step (``benchmarks/simulator.py``, idle 2-core machine,
#: 2026-12-07: numpy 166 us + 0.118 us per subject a step, compiled 8 us + 0.124 us).
SAVED_PER_STEP_S = 158e-6
#: Cost of bringing the compiled step into a new process [s]: importing numba and loading the
#: kernel from its on-disk cache (same machine and day; about 160 MB more resident memory).
LOAD_S = 0.75

_lock = threading.Lock()
#: ``kernel``: the loaded kernel (absent until first needed, ``None`` without numba);
#: ``preferred``: set by :func:`prefer_compiled` in long-lived processes such as web workers.
_state: dict[str, Any] = {"preferred": False}


def _disabled() -> bool:
    return os.environ.get("OCCLUSION_NO_JIT", "") not in ("", "0")


def load_kernel() -> Callable[..., None] | None:
    """Return the compiled step, or ``None`` without numba or with ``OCCLUSION_NO_JIT=1``.

    Compiled on first use and cached on disk where numba can write (beside this module, or
    ``NUMBA_CACHE_DIR``); without a writable place it compiles in memory each process.
    """
    if _disabled():
        return None
    with _lock:
        if "kernel" not in _state:
            _state["kernel"] = _compile()
        kernel: Callable[..., None] | None = _state["kernel"]
    return kernel


def prefer_compiled(enabled: bool = True) -> bool:
    """Load the compiled step now and use it for every run of this process; ``True`` if loaded.

    For long-lived processes (a web worker): a one-off command would spend more loading the
    kernel than it saves, so elsewhere it is used only for runs long enough to save more than
    :data:`LOAD_S`. ``enabled=False`` goes back to that rule (the benchmarks do, between
    sections).
    """
    loaded = enabled and load_kernel() is not None
    _state["preferred"] = loaded
    return loaded


def preferred() -> bool:
    """Whether this process runs every integration compiled (:func:`prefer_compiled`)."""
    return bool(_state["preferred"]) and not _disabled()


def saving_s(steps: int) -> float:
    """Estimated CPU time the compiled step saves over ``steps`` RK4 steps [s]."""
    return steps * SAVED_PER_STEP_S


def _compile() -> Callable[..., None] | None:
    try:
        import numba
    except ImportError:
        return None
    signature = "void(f8[:, ::1], f8, f8[:, ::1], f8[::1], f8[::1], f8[:, ::1], f8[::1], f8[::1])"
    kernel: Any
    # numpy's floating-point semantics (inf and nan, no exceptions), as the reference path has:
    # a diverging run is reported by the solver's checks either way.
    try:
        kernel = numba.njit(signature, cache=True, error_model="numpy")(_step_source)
    except RuntimeError:
        # No writable cache location: compile for this process only.
        kernel = numba.njit(signature, error_model="numpy")(_step_source)
    compiled: Callable[..., None] = kernel
    return compiled


def compiled_stepper(run: RunConstants, time_step_s: float, steps: int) -> CompiledStepper | None:
    """Return a :class:`CompiledStepper` when the compiled step should run, else ``None``.

    It runs where numba is installed and not turned off, in a process that asked for it
    (:func:`prefer_compiled`), or for a run long enough that it saves (:func:`saving_s`) more
    than loading it costs. The choice depends only on the run's length there, so every process
    of a cohort makes the same choice for the same chunk.
    """
    if _disabled():
        return None
    if not (_state["preferred"] or saving_s(steps) > LOAD_S):
        return None
    kernel = load_kernel()
    return None if kernel is None else CompiledStepper(run, time_step_s, kernel)


__all__ = [
    "LOAD_S",
    "MODEL_CONSTANTS",
    "SAVED_PER_STEP_S",
    "CompiledStepper",
    "compiled_stepper",
    "load_kernel",
    "prefer_compiled",
    "preferred",
    "saving_s",
]
