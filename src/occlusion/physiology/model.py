"""The lumped limb model: nine states per subject and their rates of change.

States (columns of an array of shape ``(subjects, 9)``):

0. ``pooled_volume_ml`` — venous blood above the resting volume, distal to the cuff [ml];
1. ``filtered_fluid_ml`` — fluid filtered out of the capillaries and not yet returned [ml];
2. ``tissue_saturation`` — tissue oxygen saturation, as NIRS reports it [fraction];
3. ``muscle_lactate_mmol_l`` — lactate in the working muscle [mmol/l];
4. ``blood_lactate_mmol_l`` — systemic blood lactate [mmol/l];
5. ``vasodilation`` — the ischaemic (oxygen-deficit) dilation of the resistance vessels [1];
6. ``fast_dilation`` — the fast (rapid-onset) dilation each contraction sets off [1];
7. ``exercise_dilation`` — the slow, load-driven exercise dilation [1];
8. ``demand_activation`` — the load the muscle's oxygen demand has risen to [fraction of 1RM].

Arterial conductance is ``(1 + v + v_f + v_e)`` times resting.

Equations (all per subject; ``P_t = k * P_cuff`` is the pressure at vessel depth):

* Venous pressure from the pooled volume through the calf's quadratic pressure-volume curve
  (:func:`venous_pressure_mmhg`, not below 0); intramuscular pressure ``P_im`` is added while a
  repetition is contracting.
* **Exercise pressor response**: during a set with the cuff on, systolic and diastolic pressure
  rise by ``s_S`` and ``s_D`` mmHg per % LOP (:mod:`.parameters.ijes_2023_pressor`).
* **Artery as a collapsible tube**: arterial pressure over a cardiac cycle is
  ``M + A sin(theta)`` (``M`` the mid pressure plus the hydrostatic head at the cuff, ``A`` half
  the pulse pressure). The artery is open while ``P > P_t``; flow is driven by ``P - P_d``
  with ``P_d = P_v + head + P_im``. Cycle-averaged:
  ``Q_a = G_a (1 + v + v_f + v_e) [ A/pi (sqrt(1 - z^2) - z acos z) + (x - P_d) acos(z)/pi ]`` with
  ``x = max(P_t, P_d)`` clipped to ``[M - A, M + A]`` and ``z = (x - M)/A``. It is zero once
  ``P_t`` reaches the local systolic pressure: the model's occlusion pressure is
  ``(SBP + head) / k``.
* **Veins as a Starling resistor**:
  ``Q_v = G_v max(P_v + P_im - max(P_t - head, P_cv), 0)``.
* Filtration ``J = K_f (P_v - P_v0)``; lymph returns ``V_f / tau_lymph``.
* ``dV_pool/dt = Q_a - Q_v - J``; ``dV_f/dt = J - V_f / tau_lymph``.
* Oxygen: ``S`` is the saturation of the blood leaving the muscle's capillaries (venous); demand
  ``D = D_rest (1 + e a)``, where the activation ``a`` follows the load in a set
  (``L`` load fraction, ``s`` in set) with the phase-2 time constant of oxygen uptake:
  ``da/dt = (L s - a) / tau_D`` (:mod:`.parameters.knee_extension_flow_oxygen`, 29 s);
  use ``D u(S)`` with ``u(S) = S (S0 + K) / (S0 (S + K))``;
  ``dS/dt = [Q_a c (S_a - S) - D u(S)] / (c W)``. A NIRS probe reports
  ``StO2 = w S_a + (1 - w) S`` (:func:`reported_tissue_saturation`).
* Lactate: production ``r_L L s + r_A max(D (1 - u(S)), 0) / V_w``; washout
  ``phi Q_v (L_m - L_b) / V_w`` (``phi`` the working muscle's share of venous outflow);
  blood receives the washout of every exercised limb and clears
  towards ``L_rest`` with ``tau_clear``.
* Three dilations add up. The **ischaemic** one relaxes towards ``g_i max(S0 - S, 0) / S0``
  with ``tau_v`` (reactive hyperaemia after an ischaemic period, and the part of exercise
  hyperaemia an oxygen deficit drives); ``g_i`` and ``tau_v`` are calibrated on a femoral
  reactive hyperaemia. The **fast** one is driven at ``k_f L^p`` while a contraction is on and
  relaxes with ``tau_f`` (:mod:`.parameters.rapid_onset_vasodilation`: one contraction at 20 %
  lifts forearm conductance 89 %, the rise grows as force to the power 0.546; ``tau_f`` 2.27 s,
  :mod:`.parameters.van_der_touw_2008_single_contraction`; the arm only). The **slow exercise**
  one relaxes towards ``g_e L s`` with ``tau_e`` (femoral flow's phase 2, 24.5 s); ``g_e`` is the
  limb's own, calibrated on its steady rise of flow per rise of oxygen uptake: the thigh's on
  knee extension (:mod:`.parameters.knee_extension_flow_oxygen`; in a free-flow leg set most of
  the exercise hyperaemia then comes through the saturation deficit), the arm's on handgrip
  (:mod:`.parameters.nyberg_2018_forearm_flow_oxygen`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.limb import LimbArrays
from occlusion.physiology.parameters import (
    bickler_2013_nirs,
    femoral_reactive_hyperaemia,
    german_jsm_2018,
    ijes_2023_pressor,
    knee_extension_flow_oxygen,
    leg_oxygen_uptake,
    model_choices,
    rapid_onset_vasodilation,
    siu_calf_venous_compliance,
    van_der_touw_2008_single_contraction,
)

FloatArray = NDArray[np.float64]

STATE_NAMES = (
    "pooled_volume_ml",
    "filtered_fluid_ml",
    "tissue_saturation",
    "muscle_lactate_mmol_l",
    "blood_lactate_mmol_l",
    "vasodilation",
    "fast_dilation",
    "exercise_dilation",
    "demand_activation",
)
STATE_COUNT = len(STATE_NAMES)

_P_V0 = model_choices.RESTING_VENOUS_PRESSURE_MMHG
_P_CV = model_choices.CENTRAL_VENOUS_PRESSURE_MMHG
_S_A = model_choices.ARTERIAL_SATURATION
_NIRS_ARTERIAL_WEIGHT = bickler_2013_nirs.ARTERIAL_WEIGHT
_S_0 = model_choices.RESTING_VENOUS_SATURATION
_K_S = model_choices.HALF_SATURATION
_CAPACITY = model_choices.OXYGEN_CAPACITY_ML_PER_ML
_TAU_LYMPH = model_choices.LYMPH_TIME_CONSTANT_S
_TAU_DILATION = femoral_reactive_hyperaemia.DILATION_TIME_CONSTANT_S
_TAU_CLEAR = model_choices.LACTATE_CLEARANCE_TIME_CONSTANT_S
_L_REST = model_choices.RESTING_LACTATE_MMOL_L
_DISTRIBUTION_L = model_choices.LACTATE_DISTRIBUTION_ML / 1000.0
_IM_PER_LOAD = model_choices.INTRAMUSCULAR_MMHG_PER_PCT_1RM * 100.0
_DEMAND_PER_LOAD = leg_oxygen_uptake.DEMAND_PER_LOAD
_DILATION_PER_DEFICIT = femoral_reactive_hyperaemia.ISCHAEMIC_DILATION_PER_DEFICIT
_FAST_LOAD_EXPONENT = rapid_onset_vasodilation.load_exponent()
_TAU_FAST = van_der_touw_2008_single_contraction.fast_time_constant_s()
_TAU_EXERCISE = knee_extension_flow_oxygen.FLOW_PHASE_2_TIME_CONSTANT_S
_TAU_DEMAND = knee_extension_flow_oxygen.OXYGEN_UPTAKE_PHASE_2_TIME_CONSTANT_S
_LOAD_RATE = german_jsm_2018.LOAD_LACTATE_RATE_MMOL_L_S
_ANAEROBIC_RATE = german_jsm_2018.ANAEROBIC_LACTATE_MMOL_PER_ML_O2
_UTILISATION_SCALE = (_S_0 + _K_S) / _S_0
_WORKING_SHARE = model_choices.WORKING_MUSCLE_SHARE_OF_OUTFLOW
_PRESSOR_MEAN_PER_PCT = 0.5 * (
    ijes_2023_pressor.SYSTOLIC_RISE_MMHG_PER_PCT_LOP
    + ijes_2023_pressor.DIASTOLIC_RISE_MMHG_PER_PCT_LOP
)
_PRESSOR_HALF_PULSE_PER_PCT = 0.5 * (
    ijes_2023_pressor.SYSTOLIC_RISE_MMHG_PER_PCT_LOP
    - ijes_2023_pressor.DIASTOLIC_RISE_MMHG_PER_PCT_LOP
)
# Venous pressure-volume curve, per 100 ml of tissue: volume above zero pressure is
# b1 P + b2 P^2 up to the top of the curve, then straight with the compliance there.
_B1 = siu_calf_venous_compliance.LINEAR_ML_PER_100ML_MMHG
_B2 = siu_calf_venous_compliance.QUADRATIC_ML_PER_100ML_MMHG2
_CURVE_TOP = siu_calf_venous_compliance.CURVE_TOP_MMHG
_REST_VOLUME = _B1 * _P_V0 + _B2 * _P_V0**2
_TOP_POOLED = _B1 * _CURVE_TOP + _B2 * _CURVE_TOP**2 - _REST_VOLUME
_TOP_COMPLIANCE = _B1 + 2.0 * _B2 * _CURVE_TOP


@dataclass(frozen=True, slots=True)
class Forcing:
    """What acts on the limb during one interval of constant conditions.

    Parameters
    ----------
    cuff_pressure_mmhg
        Cuff pressure per subject [mmHg], shape ``(n,)``; zero when the cuff is off.
    in_set
        1 during a set of exercise (demand and exercise dilation), else 0.
    contracting
        1 while a repetition's contraction phase is on (muscle pump), else 0.
    load_fraction
        Load as a fraction of one-repetition maximum [1].
    """

    cuff_pressure_mmhg: FloatArray
    in_set: float = 0.0
    contracting: float = 0.0
    load_fraction: float = 0.0


def resting_state(limb: LimbArrays) -> FloatArray:
    """Return the unrestricted resting state, shape ``(n, 9)``."""
    state = np.zeros((limb.size, STATE_COUNT))
    state[:, 2] = _S_0
    state[:, 3] = _L_REST
    state[:, 4] = _L_REST
    return state


class _ArrayOperations:
    """Element-wise operations on arrays of subjects (numpy)."""

    maximum = staticmethod(np.maximum)
    minimum = staticmethod(np.minimum)
    sqrt = staticmethod(np.sqrt)
    arccos = staticmethod(np.arccos)
    clip = staticmethod(np.clip)
    where = staticmethod(np.where)


class _ScalarOperations:
    """The same operations on plain floats: one subject without numpy's per-call overhead."""

    maximum = staticmethod(max)
    minimum = staticmethod(min)
    sqrt = staticmethod(math.sqrt)
    arccos = staticmethod(math.acos)

    @staticmethod
    def clip(value: float, low: float, high: float) -> float:
        return min(max(value, low), high)

    @staticmethod
    def where(condition: bool, if_true: float, if_false: float) -> float:
        return if_true if condition else if_false


ARRAY_OPERATIONS = _ArrayOperations()
SCALAR_OPERATIONS = _ScalarOperations()


def venous_pressure_mmhg(pooled_per_100ml: Any, ops: Any = ARRAY_OPERATIONS) -> Any:
    """Venous pressure distal to the cuff [mmHg] for a pooled volume [ml per 100 ml tissue].

    Inverts the calf's quadratic pressure-volume curve ``V = b1 P + b2 P^2`` (Southern Illinois
    University, :mod:`.parameters.siu_calf_venous_compliance`), measured from the resting
    venous pressure, up to the curve's top (60 mmHg); above it the curve continues straight
    with the compliance at the top. Not below 0 (emptied veins).

    References
    ----------
    OpenSIUC gs_rp/96 (quadratic coefficients); Risk et al. J Appl Physiol 2003;95:1207
    (compliance falls as veins fill).
    """
    volume = pooled_per_100ml + _REST_VOLUME
    # The root of b2 P^2 + b1 P - volume = 0 on the rising branch, written without dividing by
    # b2 so that it stays exact near zero volume.
    curved = 2.0 * volume / (_B1 + ops.sqrt(ops.maximum(_B1 * _B1 + 4.0 * _B2 * volume, 0.0)))
    straight = _CURVE_TOP + (pooled_per_100ml - _TOP_POOLED) / _TOP_COMPLIANCE
    return ops.maximum(ops.where(pooled_per_100ml <= _TOP_POOLED, curved, straight), 0.0)


def pooled_volume_per_100ml(venous_pressure_mmhg: float) -> float:
    """Pooled volume [ml per 100 ml tissue] at which veins reach this pressure [mmHg].

    The inverse of :func:`venous_pressure_mmhg` for pressures above 0: the published quadratic
    ``b1 (P - P_v0) + b2 (P^2 - P_v0^2)`` up to the curve's top, straight above it.
    """
    if venous_pressure_mmhg <= _CURVE_TOP:
        return _B1 * venous_pressure_mmhg + _B2 * venous_pressure_mmhg**2 - _REST_VOLUME
    return _TOP_POOLED + _TOP_COMPLIANCE * (venous_pressure_mmhg - _CURVE_TOP)


def reported_tissue_saturation(venous_saturation: Any) -> Any:
    """Tissue saturation a NIRS probe reports [fraction] for the model's venous saturation.

    ``StO2 = w S_a + (1 - w) S_v`` with the INVOS weighting ``w = 0.25`` (Bickler et al. 2013);
    capillary blood is counted with the venous blood.
    """
    return _NIRS_ARTERIAL_WEIGHT * _S_A + (1.0 - _NIRS_ARTERIAL_WEIGHT) * venous_saturation


def pressor_pct_lop(cuff_pressure_mmhg: Any, occlusion_pressure_mmhg: Any, ops: Any) -> Any:
    """Cuff pressure as % of the resting occlusion pressure, capped at 100 [%].

    The pressor slopes were measured from 0 to 80 % LOP; carrying them on to 100 % is an
    assumption (:mod:`.parameters.ijes_2023_pressor`).
    """
    return 100.0 * ops.minimum(cuff_pressure_mmhg / occlusion_pressure_mmhg, 1.0)


def _cycle_mean_inflow_drive(
    mean: Any, amplitude: Any, tissue: Any, downstream: Any, ops: Any = ARRAY_OPERATIONS
) -> Any:
    """Cycle-averaged ``(P - P_d)`` over the part of a sinusoidal pulse that exceeds ``P_t``."""
    barrier = ops.maximum(tissue, downstream)
    z = ops.clip((barrier - mean) / amplitude, -1.0, 1.0)
    threshold = mean + amplitude * z
    open_angle = ops.arccos(z)
    partly_open = (
        amplitude * (ops.sqrt(1.0 - z * z) - z * open_angle) + (threshold - downstream) * open_angle
    ) / math.pi
    # Below diastolic pressure the artery never closes: the exact mean, free of rounding.
    return ops.where(
        z <= -1.0,
        mean - downstream,
        # At the occlusion pressure itself (to rounding, 1e-9 mmHg) the artery is shut.
        ops.where(barrier >= mean + amplitude - 1e-9, 0.0, partly_open),
    )


def rates_and_flows(
    state: Sequence[Any],
    cuff_pressure_mmhg: Any,
    in_set: float,
    contracting: float,
    load_fraction: float,
    limb: Any,
    ops: Any = ARRAY_OPERATIONS,
) -> tuple[Any, ...]:
    """Evaluate the model's equations for arrays of subjects or for one subject in floats.

    Parameters
    ----------
    state
        The nine state variables, each an array ``(n,)`` or a float.
    cuff_pressure_mmhg, in_set, contracting, load_fraction
        The forcing (see :class:`Forcing`).
    limb
        :class:`~occlusion.physiology.limb.LimbArrays` or one subject's
        :class:`~occlusion.physiology.limb.LimbScalars`.
    ops
        :data:`ARRAY_OPERATIONS` or :data:`SCALAR_OPERATIONS`.

    Returns
    -------
    tuple
        The nine rates of change, then arterial inflow and venous outflow [ml/s].
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
    venous = venous_pressure_mmhg(pooled / limb.tissue_per_100ml, ops)
    intramuscular = contracting * load_fraction * _IM_PER_LOAD
    tissue = limb.transmitted_fraction * cuff_pressure_mmhg
    downstream = venous + limb.head_mmhg + intramuscular
    pressor = in_set * pressor_pct_lop(cuff_pressure_mmhg, limb.occlusion_pressure_mmhg, ops)
    inflow = (
        limb.arterial_conductance
        * (1.0 + dilation + fast_dilation + exercise_dilation)
        * _cycle_mean_inflow_drive(
            limb.mean_pressure_mmhg + _PRESSOR_MEAN_PER_PCT * pressor,
            limb.pulse_amplitude_mmhg + _PRESSOR_HALF_PULSE_PER_PCT * pressor,
            tissue,
            downstream,
            ops,
        )
    )
    outflow = limb.venous_conductance * ops.maximum(
        venous + intramuscular - ops.maximum(tissue - limb.head_mmhg, _P_CV), 0.0
    )
    filtration = limb.filtration_ml_s_mmhg * (venous - _P_V0)
    load_in_set = in_set * load_fraction
    demand = limb.resting_oxygen_use_ml_s * (1.0 + _DEMAND_PER_LOAD * activation)
    utilisation = _UTILISATION_SCALE * saturation / (saturation + _K_S)
    unmet = ops.maximum(demand * (1.0 - utilisation), 0.0)
    working_l = limb.working_volume_ml / 1000.0
    exported_per_limb_mmol_s = _WORKING_SHARE * outflow * (muscle_lactate - blood_lactate) / 1000.0
    target_dilation = _DILATION_PER_DEFICIT * ops.maximum(_S_0 - saturation, 0.0) / _S_0
    fast_target = limb.fast_dilation_gain * load_fraction**_FAST_LOAD_EXPONENT * contracting
    return (
        inflow - outflow - filtration,
        filtration - fluid / _TAU_LYMPH,
        (inflow * _CAPACITY * (_S_A - saturation) - demand * utilisation)
        / (_CAPACITY * limb.oxygen_store_ml),
        _LOAD_RATE * load_in_set + (_ANAEROBIC_RATE * unmet - exported_per_limb_mmol_s) / working_l,
        exported_per_limb_mmol_s * limb.limbs_exercised / _DISTRIBUTION_L
        - (blood_lactate - _L_REST) / _TAU_CLEAR,
        (target_dilation - dilation) / _TAU_DILATION,
        (fast_target - fast_dilation) / _TAU_FAST,
        (limb.exercise_dilation_per_load * load_in_set - exercise_dilation) / _TAU_EXERCISE,
        (load_in_set - activation) / _TAU_DEMAND,
        inflow,
        outflow,
    )


def _columns(state: FloatArray) -> list[FloatArray]:
    return [state[:, index] for index in range(STATE_COUNT)]


def flows_ml_s(
    state: FloatArray, forcing: Forcing, limb: LimbArrays
) -> tuple[FloatArray, FloatArray]:
    """Return arterial inflow and venous outflow [ml/s] for each subject."""
    result = rates_and_flows(
        _columns(state),
        forcing.cuff_pressure_mmhg,
        forcing.in_set,
        forcing.contracting,
        forcing.load_fraction,
        limb,
    )
    return result[STATE_COUNT], result[STATE_COUNT + 1]


def derivatives(state: FloatArray, forcing: Forcing, limb: LimbArrays) -> FloatArray:
    """Return ``d state / dt`` [units per s], shape ``(n, 9)``."""
    result = rates_and_flows(
        _columns(state),
        forcing.cuff_pressure_mmhg,
        forcing.in_set,
        forcing.contracting,
        forcing.load_fraction,
        limb,
    )
    rates = np.empty_like(state)
    for index in range(STATE_COUNT):
        rates[:, index] = result[index]
    return rates
