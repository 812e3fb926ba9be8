"""What-if leads for the forearm's onset kinetics (target E-tau): a two-phase exercise dilation.

Not part of the simulator: a record of leads for whoever finds the forearm's phase-1/phase-2
numbers (Saunders, Pyke & Tschakovsky 2005 could not be read). It integrates the reference arm
doing rhythmic handgrip (1 s in every 3 s) with the model's own equations
(:func:`occlusion.physiology.model.rates_and_flows`) and adds, per variant:

* a **fast phase** ``v_f`` driven while a contraction is on,
  ``dv_f/dt = (k_f min(L, L_sat) c - v_f) / tau_f``, sized so that one 1-s contraction at 20 %
  of maximum lifts conductance by a given peak (+89 % in the forearm, the J Appl Physiol study
  that characterised rapid-onset dilation in the leg); ``tau_f`` 2.3 s reads the 6.8 s that a
  single contraction's hyperaemia lasted (van der Touw & Cook 2008) as three time constants, an
  interpretation; ``L_sat`` (a fast phase that stops growing above a load) has no source;
* a **slow exercise phase** with a time constant of its own instead of the dilation's 9.3 s
  (24.5 s: the phase-2 time constant of femoral flow in heavy knee extension, J Appl Physiol
  2005;99:683);
* an **oxygen demand** that rises with a time constant instead of stepping (29.0 s: that study's
  phase-2 time constant of oxygen uptake).

In every variant the arm's exercise gain is re-fitted so that the arm still adds 7.43 ml of
inflow per ml of oxygen from 10 to 30 % of maximum (target E-VO2a), then the onset time constants
(E-tau: 6, 9 and 11 duty cycles measured, one SD 3.2) and the steady conductance ratio (E-ss:
1.46, SE 0.24) are printed.

Run: ``.venv/bin/python scripts/explore_forearm_onset.py`` (a few minutes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq, curve_fit

from occlusion.physiology import model
from occlusion.physiology.limb import LimbArrays, limb_arrays_for
from occlusion.physiology.parameters import (
    casey_2015_vasodilator_kinetics,
    forearm_graded_handgrip,
    model_choices,
    nyberg_2018_forearm_flow_oxygen,
)
from occlusion.physiology.subject import Cuff, Subject
from occlusion.vocabulary import Limb

FloatArray = NDArray[np.float64]

_STEP_S = model_choices.NATIVE_TIME_STEP_S
_CONTRACTION_S, _RELAXATION_S = 1.0, 2.0
_REST_S, _STAGE_S, _WINDOW_S = 60.0, 240.0, 30.0
_ROWS_PER_CYCLE = round((_CONTRACTION_S + _RELAXATION_S) / _STEP_S)
#: Rows of the extended state: the model's six, then the fast phase, the slow exercise phase and
#: the activation of oxygen demand [fraction of maximum].
_FAST, _SLOW, _ACTIVATION = 6, 7, 8


@dataclass(frozen=True, slots=True)
class Variant:
    """One what-if: which extra phases the arm's exercise dilation gets.

    Attributes
    ----------
    name
        Words for the table.
    fast_peak
        Rise of conductance after one 1-s contraction at 20 % of maximum [fraction]; 0: no fast
        phase.
    fast_time_constant_s
        ``tau_f`` [s].
    fast_saturation_load
        Load above which the fast phase stops growing [fraction of maximum]; 1: never.
    slow_time_constant_s
        Time constant of the load-driven (slow) exercise dilation [s]; the model's is 9.288.
    demand_time_constant_s
        Time constant of the rise of oxygen demand [s]; 0: a step, as in the model.
    """

    name: str
    fast_peak: float = 0.0
    fast_time_constant_s: float = 2.3
    fast_saturation_load: float = 1.0
    fast_load_exponent: float = 1.0
    slow_time_constant_s: float = model._TAU_DILATION
    demand_time_constant_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a variant gives, its gains fitted."""

    fast_gain: float
    arm_gain: float
    onset_duty_cycles: tuple[float, ...]
    flow_per_oxygen: float
    conductance_ratio: float


def _reference_arm() -> LimbArrays:
    arm = Subject(
        Limb.ARM,
        model_choices.REFERENCE_ARM_CIRCUMFERENCE_CM,
        model_choices.REFERENCE_SBP_MMHG,
        model_choices.REFERENCE_DBP_MMHG,
    )
    # No cuff is inflated; a width is needed to build the arm's constants.
    return limb_arrays_for([arm], Cuff(13.5))


def _rates(
    state: FloatArray,
    limb: LimbArrays,
    variant: Variant,
    gains: tuple[float, float],
    forcing: tuple[float, float, float],
) -> tuple[FloatArray, float]:
    in_set, contracting, load = forcing
    fast_gain, arm_gain = gains
    extra = state[_FAST] + state[_SLOW]
    columns = [np.array([value]) for value in state[:6]]
    columns[5] = columns[5] + extra
    demand_scale = 1.0
    if variant.demand_time_constant_s > 0.0:
        stepped = 1.0 + model._DEMAND_PER_LOAD * in_set * load
        demand_scale = (1.0 + model._DEMAND_PER_LOAD * state[_ACTIVATION]) / stepped
    # The model's dilation keeps only its ischaemic drive; the exercise drive is the slow phase.
    what_if = replace(
        limb,
        exercise_dilation_per_load=np.zeros(1),
        resting_oxygen_use_ml_s=limb.resting_oxygen_use_ml_s * demand_scale,
    )
    result = model.rates_and_flows(columns, np.zeros(1), in_set, contracting, load, what_if)
    rates = np.array([float(value[0]) for value in result[:6]] + [0.0, 0.0, 0.0])
    rates[5] += extra / model._TAU_DILATION
    fast_load = min(load, variant.fast_saturation_load) ** variant.fast_load_exponent
    fast_target = fast_gain * fast_load * contracting
    rates[_FAST] = (fast_target - state[_FAST]) / variant.fast_time_constant_s
    rates[_SLOW] = (arm_gain * load * in_set - state[_SLOW]) / variant.slow_time_constant_s
    if variant.demand_time_constant_s > 0.0:
        rates[_ACTIVATION] = (load * in_set - state[_ACTIVATION]) / variant.demand_time_constant_s
    return rates, float(result[6][0])


def _run(
    state: FloatArray,
    segments: list[tuple[float, float, float, float]],
    limb: LimbArrays,
    variant: Variant,
    gains: tuple[float, float],
) -> tuple[FloatArray, FloatArray]:
    """Integrate ``(duration_s, in_set, contracting, load)`` segments with RK4.

    Returns rows of ``(inflow, saturation, conductance)`` and the last state.
    """
    rows: list[tuple[float, float, float]] = []
    for duration_s, *forcing_list in segments:
        forcing = (forcing_list[0], forcing_list[1], forcing_list[2])
        for _ in range(round(duration_s / _STEP_S)):
            k1, inflow = _rates(state, limb, variant, gains, forcing)
            rows.append((inflow, state[2], 1.0 + state[5] + state[_FAST] + state[_SLOW]))
            k2 = _rates(state + 0.5 * _STEP_S * k1, limb, variant, gains, forcing)[0]
            k3 = _rates(state + 0.5 * _STEP_S * k2, limb, variant, gains, forcing)[0]
            k4 = _rates(state + _STEP_S * k3, limb, variant, gains, forcing)[0]
            state = state + _STEP_S / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return np.array(rows), state


def _rested(limb: LimbArrays, variant: Variant, gains: tuple[float, float]) -> FloatArray:
    start = np.append(model.resting_state(limb)[0], [0.0, 0.0, 0.0])
    return _run(start, [(_REST_S, 0.0, 0.0, 0.0)], limb, variant, gains)[1]


def _stage(
    load: float, limb: LimbArrays, variant: Variant, gains: tuple[float, float]
) -> FloatArray:
    cycle = [(_CONTRACTION_S, 1.0, 1.0, load), (_RELAXATION_S, 1.0, 0.0, load)]
    cycles = round(_STAGE_S / (_CONTRACTION_S + _RELAXATION_S))
    return _run(_rested(limb, variant, gains), cycle * cycles, limb, variant, gains)[0]


def _rise(cycle: FloatArray, amplitude: float, tau: float) -> FloatArray:
    rise: FloatArray = amplitude * (1.0 - np.exp(-cycle / tau))
    return rise


def _onset_duty_cycles(rows: FloatArray) -> float:
    whole = (len(rows) // _ROWS_PER_CYCLE) * _ROWS_PER_CYCLE
    conductance = rows[:whole, 2].reshape(-1, _ROWS_PER_CYCLE).mean(axis=1)
    cycles = np.arange(1.0, conductance.size + 1.0)
    start = (float(conductance[-1] - 1.0), 5.0)
    (_, tau), _ = curve_fit(_rise, cycles, conductance - 1.0, p0=start)
    return float(tau)


def _steady(rows: FloatArray) -> tuple[float, float]:
    window = rows[-round(_WINDOW_S / _STEP_S) :]
    capacity = model_choices.OXYGEN_CAPACITY_ML_PER_ML
    uptake = window[:, 0] * capacity * (model_choices.ARTERIAL_SATURATION - window[:, 1])
    return float(window[:, 0].mean()), float(uptake.mean())


def _single_contraction_peak(limb: LimbArrays, variant: Variant, fast_gain: float) -> float:
    gains = (fast_gain, 0.0)
    segments = [(_CONTRACTION_S, 1.0, 1.0, 0.2), (20.0, 0.0, 0.0, 0.0)]
    rows = _run(_rested(limb, variant, gains), segments, limb, variant, gains)[0]
    return float(rows[:, 2].max() - 1.0)


def evaluate(variant: Variant, fast_gain: float, arm_gain: float) -> Outcome:
    """Run the handgrip stages with given gains (no fitting)."""
    limb = _reference_arm()
    gains = (fast_gain, arm_gain)
    loads = (0.10, 0.15, 0.20, 0.25, 0.30)
    stages = {load: _stage(load, limb, variant, gains) for load in loads}
    (q_low, o_low), (q_high, o_high) = _steady(stages[0.10]), _steady(stages[0.30])
    return Outcome(
        fast_gain=fast_gain,
        arm_gain=arm_gain,
        onset_duty_cycles=tuple(_onset_duty_cycles(stages[load]) for load in (0.1, 0.2, 0.3)),
        flow_per_oxygen=(q_high - q_low) / (o_high - o_low),
        conductance_ratio=_steady(stages[0.25])[0] / _steady(stages[0.15])[0],
    )


def fitted(variant: Variant) -> Outcome:
    """Size the fast phase on its single-contraction peak, then fit the arm's gain to E-VO2a."""
    limb = _reference_arm()
    fast_gain = 0.0
    if variant.fast_peak > 0.0:
        fast_gain = float(
            brentq(
                lambda gain: _single_contraction_peak(limb, variant, gain) - variant.fast_peak,
                0.0,
                200.0,
                xtol=1e-4,
            )
        )
    published = nyberg_2018_forearm_flow_oxygen.flow_per_oxygen()
    arm_gain = float(
        brentq(
            lambda gain: evaluate(variant, fast_gain, gain).flow_per_oxygen - published,
            -5.0,
            30.0,
            xtol=1e-3,
        )
    )
    return evaluate(variant, fast_gain, arm_gain)


VARIANTS = (
    Variant("the model (one dilation, 9.3 s)"),
    Variant("+ fast phase, +89 % at 20 %, 2.3 s", fast_peak=0.89),
    Variant("+ fast phase, +89 % at 20 %, 1 s", fast_peak=0.89, fast_time_constant_s=1.0),
    Variant("slow exercise phase 24.5 s", slow_time_constant_s=24.5),
    Variant("oxygen demand rising with 29 s", demand_time_constant_s=29.0),
    Variant("+ fast phase 2.3 s, demand 29 s", fast_peak=0.89, demand_time_constant_s=29.0),
    Variant(
        "fast phase stopping at 10 % (no source), slow 24.5 s",
        fast_peak=0.89,
        fast_saturation_load=0.10,
        slow_time_constant_s=24.5,
    ),
)


def main() -> None:
    """Print every variant's fitted gains, onset time constants and steady ratio."""
    measured = casey_2015_vasodilator_kinetics.TAU_DUTY_CYCLES
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    edge = (
        forearm_graded_handgrip.conductance_ratio() - forearm_graded_handgrip.conductance_ratio_se()
    )
    print(f"measured onset {measured} duty cycles (SD {sd:.2f}); E-ss lower edge {edge:.3f}")
    for variant in VARIANTS:
        outcome = fitted(variant)
        taus = ", ".join(f"{tau:.2f}" for tau in outcome.onset_duty_cycles)
        within = sum(
            math.fabs(tau - value) <= sd
            for tau, value in zip(outcome.onset_duty_cycles, measured, strict=True)
        )
        print(
            f"{variant.name}: fast gain {outcome.fast_gain:.2f}, arm gain {outcome.arm_gain:.3f}; "
            f"onset {taus} ({within} of 3 within one SD); E-ss {outcome.conductance_ratio:.3f}"
        )


if __name__ == "__main__":
    main()
