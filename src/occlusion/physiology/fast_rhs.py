"""The model's right-hand side for arrays of subjects, laid out for speed.

Same equations as :func:`occlusion.physiology.model.rates_and_flows` (the reference, checked
against it to rounding by the tests), arranged so that a fixed-step integrator does no work twice:

* the state is **variable-major**, shape ``(9, n)``: each variable is one contiguous row, so
  every operation streams through memory instead of striding across a ``(n, 9)`` array;
* what is constant for a whole run (``1 / compliance``, ``1 / amplitude``...) is computed once
  (:class:`RunConstants`), and what is constant inside a segment of the schedule (the pressure at
  depth, the outflow barrier, the dilations' targets) once per segment (:class:`SegmentConstants`);
* one evaluation returns the rates *and* the flows, so the flows of a step are those of its first
  stage, not a fifth evaluation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.limb import LimbArrays
from occlusion.physiology.model import (
    _ANAEROBIC_RATE,
    _CAPACITY,
    _DEMAND_PER_LOAD,
    _DILATION_PER_DEFICIT,
    _DISTRIBUTION_L,
    _FAST_LOAD_EXPONENT,
    _IM_PER_LOAD,
    _K_S,
    _L_REST,
    _LOAD_RATE,
    _P_CV,
    _P_V0,
    _PRESSOR_HALF_PULSE_PER_PCT,
    _PRESSOR_MEAN_PER_PCT,
    _S_0,
    _S_A,
    _TAU_CLEAR,
    _TAU_DEMAND,
    _TAU_DILATION,
    _TAU_EXERCISE,
    _TAU_FAST,
    _TAU_LYMPH,
    _UTILISATION_SCALE,
    _WORKING_SHARE,
    ARRAY_OPERATIONS,
    pressor_pct_lop,
    venous_pressure_mmhg,
)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RunConstants:
    """Per-subject constants of one run, each shape ``(n,)``."""

    mean: FloatArray
    amplitude: FloatArray
    occlusion_pressure: FloatArray
    conductance: FloatArray
    venous_conductance: FloatArray
    per_100ml_inverse: FloatArray
    transmitted: FloatArray
    head: FloatArray
    filtration: FloatArray
    resting_oxygen: FloatArray
    oxygen_scale: FloatArray
    working_l: FloatArray
    limbs_exercised: FloatArray
    exercise_dilation_per_load: FloatArray
    fast_dilation_gain: FloatArray

    @classmethod
    def of(cls, limb: LimbArrays) -> RunConstants:
        """Return the run constants of ``limb``."""
        return cls(
            mean=limb.mean_pressure_mmhg,
            amplitude=limb.pulse_amplitude_mmhg,
            occlusion_pressure=limb.occlusion_pressure_mmhg,
            conductance=limb.arterial_conductance,
            venous_conductance=limb.venous_conductance,
            per_100ml_inverse=1.0 / limb.tissue_per_100ml,
            transmitted=limb.transmitted_fraction,
            head=limb.head_mmhg,
            filtration=limb.filtration_ml_s_mmhg,
            resting_oxygen=limb.resting_oxygen_use_ml_s,
            oxygen_scale=_CAPACITY * limb.oxygen_store_ml,
            working_l=limb.working_volume_ml / 1000.0,
            limbs_exercised=limb.limbs_exercised,
            exercise_dilation_per_load=limb.exercise_dilation_per_load,
            fast_dilation_gain=limb.fast_dilation_gain,
        )


@dataclass(frozen=True, slots=True)
class SegmentConstants:
    """What stays fixed within one segment of constant conditions.

    ``mean``, ``amplitude`` and ``systolic`` are the arterial pressures at the cuff with the
    segment's exercise pressor response added.
    """

    mean: FloatArray
    amplitude: FloatArray
    systolic: FloatArray
    tissue: FloatArray
    outflow_barrier: FloatArray
    downstream_extra: FloatArray
    intramuscular: float
    load_in_set: float
    load_lactate: float
    exercise_target: FloatArray
    fast_target: FloatArray

    @classmethod
    def of(
        cls,
        run: RunConstants,
        cuff_pressure_mmhg: FloatArray,
        in_set: float,
        contracting: float,
        load_fraction: float,
    ) -> SegmentConstants:
        """Return the constants of a segment with this forcing."""
        intramuscular = contracting * load_fraction * _IM_PER_LOAD
        tissue = run.transmitted * cuff_pressure_mmhg
        load_in_set = in_set * load_fraction
        pressor = in_set * pressor_pct_lop(
            cuff_pressure_mmhg, run.occlusion_pressure, ARRAY_OPERATIONS
        )
        mean = run.mean + _PRESSOR_MEAN_PER_PCT * pressor
        amplitude = run.amplitude + _PRESSOR_HALF_PULSE_PER_PCT * pressor
        return cls(
            mean=mean,
            amplitude=amplitude,
            systolic=mean + amplitude,
            tissue=tissue,
            outflow_barrier=np.maximum(tissue - run.head, _P_CV),
            downstream_extra=run.head + intramuscular,
            intramuscular=intramuscular,
            load_in_set=load_in_set,
            load_lactate=_LOAD_RATE * load_in_set,
            exercise_target=run.exercise_dilation_per_load * load_in_set,
            fast_target=run.fast_dilation_gain * load_fraction**_FAST_LOAD_EXPONENT * contracting,
        )


def rates(
    state: FloatArray, run: RunConstants, segment: SegmentConstants
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return ``d state / dt`` (shape ``(9, n)``), arterial inflow and venous outflow [ml/s].

    ``state`` is variable-major, shape ``(9, n)`` (rows in the order of
    :data:`occlusion.physiology.model.STATE_NAMES`).
    """
    (
        pooled,
        fluid,
        saturation,
        muscle_lactate,
        blood_lactate,
        dilation,
        fast_dilation,
        exercise_dilation,
        activation,
    ) = state
    venous = venous_pressure_mmhg(pooled * run.per_100ml_inverse)
    downstream = venous + segment.downstream_extra
    barrier = np.maximum(segment.tissue, downstream)
    mean, amplitude = segment.mean, segment.amplitude
    z = np.clip((barrier - mean) / amplitude, -1.0, 1.0)
    open_angle = np.arccos(z)
    threshold = mean + amplitude * z
    partly_open = (
        amplitude * (np.sqrt(1.0 - z * z) - z * open_angle) + (threshold - downstream) * open_angle
    ) / math.pi
    drive = np.where(
        z <= -1.0,
        mean - downstream,
        np.where(barrier >= segment.systolic - 1e-9, 0.0, partly_open),
    )
    inflow = run.conductance * (1.0 + dilation + fast_dilation + exercise_dilation) * drive
    outflow = run.venous_conductance * np.maximum(
        venous + segment.intramuscular - segment.outflow_barrier, 0.0
    )
    filtration = run.filtration * (venous - _P_V0)
    utilisation = _UTILISATION_SCALE * saturation / (saturation + _K_S)
    demand = run.resting_oxygen * (1.0 + _DEMAND_PER_LOAD * activation)
    used = demand * utilisation
    unmet = np.maximum(demand - used, 0.0)
    exported = _WORKING_SHARE * outflow * (muscle_lactate - blood_lactate) / 1000.0
    result = np.empty_like(state)
    result[0] = inflow - outflow - filtration
    result[1] = filtration - fluid / _TAU_LYMPH
    result[2] = (inflow * _CAPACITY * (_S_A - saturation) - used) / run.oxygen_scale
    result[3] = segment.load_lactate + (_ANAEROBIC_RATE * unmet - exported) / run.working_l
    result[4] = (
        exported * run.limbs_exercised / _DISTRIBUTION_L - (blood_lactate - _L_REST) / _TAU_CLEAR
    )
    result[5] = (
        _DILATION_PER_DEFICIT * np.maximum(_S_0 - saturation, 0.0) / _S_0 - dilation
    ) / _TAU_DILATION
    result[6] = (segment.fast_target - fast_dilation) / _TAU_FAST
    result[7] = (segment.exercise_target - exercise_dilation) / _TAU_EXERCISE
    result[8] = (segment.load_in_set - activation) / _TAU_DEMAND
    return result, inflow, outflow
