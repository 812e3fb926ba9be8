"""Published forearm handgrip protocols run through the model, with no cuff.

The reference arm rests, then contracts rhythmically (1 s of contraction in every 3 s, the duty
cycle of the Mayo Clinic studies):

* :func:`onset_time_constant_duty_cycles` — how many duty cycles arterial conductance takes to
  rise by 63 % of its amplitude at the onset of exercise (Casey, Ranadive & Joyner 2015,
  :mod:`.parameters.casey_2015_vasodilator_kinetics`; target E-tau).
* :func:`steady_conductance_ratio` — steady forearm conductance at one load over that at another
  (4 minutes each, last 30 s; :mod:`.parameters.forearm_graded_handgrip`; target E-ss), from
  :func:`steady_handgrip`, which also gives the oxygen uptake and extraction.
* :func:`single_contraction_rise` — the peak rise of conductance after one 1-s contraction
  (:mod:`.parameters.rapid_onset_vasodilation`; target E-ROV, on which the fast dilation is
  sized).
* :func:`arm_flow_per_oxygen` — the rise of steady inflow over the rise of oxygen uptake between
  two loads (Nyberg 2018, :mod:`.parameters.nyberg_2018_forearm_flow_oxygen`; target E-VO2a,
  which calibrates the arm's exercise gain).
* :func:`hypoperfused_exercise` — the same exercise with the mean arterial pressure reaching the
  forearm lowered by a fraction of its drive (Casey & Joyner's brachial balloon,
  :mod:`.parameters.casey_joyner_hypoperfusion`). The model has no balloon, no collateral path
  round it and no passive recoil of the vessels at the onset, so what can be compared is the
  conductance the limb settles at, against the exercise before: the compensatory dilation that
  the lead for target C4 would add.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import curve_fit

from occlusion.physiology.exercise import Schedule, Segment
from occlusion.physiology.limb import LimbArrays, limb_arrays_for
from occlusion.physiology.parameters import (
    casey_2015_vasodilator_kinetics,
    casey_joyner_hypoperfusion,
    forearm_graded_handgrip,
    model_choices,
)
from occlusion.physiology.solver import integrate_fixed
from occlusion.physiology.subject import Cuff, Subject
from occlusion.science.checks import require_between
from occlusion.vocabulary import Limb

FloatArray = NDArray[np.float64]

#: Rest before the exercise [s]: long enough for the resting state to hold.
_REST_S = 60.0
#: A cuff width for building the arm's constants; no cuff is inflated in this experiment.
_UNUSED_CUFF_WIDTH_CM = 13.5
#: The last part of each phase over which its steady values are averaged [s].
_STEADY_WINDOW_S = 30.0
#: Rest watched after a single contraction [s]: the fast dilation is back to 0.02 % of its peak.
_SINGLE_CONTRACTION_AFTER_S = 20.0
#: The first part of the inflation over which the nadir of flow is sought [s].
_NADIR_WINDOW_S = 15.0


@dataclass(frozen=True, slots=True)
class HypoperfusionResult:
    """The model's exercising forearm before and during a lowered perfusion pressure.

    Attributes
    ----------
    drive_fall
        Fall of the mean pressure driving inflow, as a fraction of that drive [1].
    flow_fall_at_onset
        Fall of flow from the exercise value to the nadir (duty-cycle means) [fraction].
    flow_recovery
        ``(inflation - nadir) / (exercise - nadir)`` of flow, steady values [fraction].
    conductance_ratio
        Arterial conductance ``G (1 + v + v_f + v_e)`` during inflation over that in the
        exercise before, steady values [1].
    """

    drive_fall: float
    flow_fall_at_onset: float
    flow_recovery: float
    conductance_ratio: float


#: One duty cycle of the handgrip: contraction, relaxation [s] (both studies).
_CONTRACTION_S = casey_joyner_hypoperfusion.CONTRACTION_S
_RELAXATION_S = casey_joyner_hypoperfusion.RELAXATION_S
_CYCLE_S = _CONTRACTION_S + _RELAXATION_S


def _exercise(duration_s: float, load_fraction: float) -> Schedule:
    segments: list[Segment] = []
    for _ in range(round(duration_s / _CYCLE_S)):
        segments.append(Segment(_CONTRACTION_S, False, True, True, load_fraction))
        segments.append(Segment(_RELAXATION_S, False, True, False, load_fraction))
    return Schedule(tuple(segments))


def _reference_arm_limb() -> LimbArrays:
    arm = Subject(
        Limb.ARM,
        model_choices.REFERENCE_ARM_CIRCUMFERENCE_CM,
        model_choices.REFERENCE_SBP_MMHG,
        model_choices.REFERENCE_DBP_MMHG,
    )
    return limb_arrays_for([arm], Cuff(_UNUSED_CUFF_WIDTH_CM))


def _conductance_factor(states: FloatArray) -> FloatArray:
    """Arterial conductance over resting, ``1 + v + v_f + v_e``, for rows of states ``(..., 9)``."""
    factor: FloatArray = 1.0 + states[..., 5] + states[..., 6] + states[..., 7]
    return factor


def _cycle_means(values: FloatArray, rows_per_cycle: int) -> FloatArray:
    whole = (values.size // rows_per_cycle) * rows_per_cycle
    means: FloatArray = values[:whole].reshape(-1, rows_per_cycle).mean(axis=1)
    return means


def hypoperfused_exercise(
    drive_fall: float, *, load_fraction: float = casey_joyner_hypoperfusion.LOAD_FRACTION
) -> HypoperfusionResult:
    """Run the balloon protocol on the reference arm and return its flows and conductance.

    Parameters
    ----------
    drive_fall
        Fraction of the resting drive (mean arterial minus resting venous pressure) removed from
        the mean pressure during inflation, 0 to 0.9 [1].
    load_fraction
        Handgrip load [fraction of maximum, read as of 1RM].

    Returns
    -------
    HypoperfusionResult

    References
    ----------
    Casey & Joyner 2009 (PubMed 19520838) and 2012 (Front Physiol 3:271): protocol and the
    published recovery; see :mod:`.parameters.casey_joyner_hypoperfusion`.
    """
    require_between(drive_fall, 0.0, 0.9, "fall of perfusion drive", "(fraction)")
    source = casey_joyner_hypoperfusion
    limb = _reference_arm_limb()
    no_cuff = np.zeros(1)
    rest = integrate_fixed(limb, Schedule((Segment(_REST_S, cuff_on=False),)), no_cuff)
    before = integrate_fixed(
        limb, _exercise(source.PHASE_S, load_fraction), no_cuff, initial_state=rest.states[-1]
    )
    drive_mmhg = limb.mean_pressure_mmhg - model_choices.RESTING_VENOUS_PRESSURE_MMHG
    lowered = replace(limb, mean_pressure_mmhg=limb.mean_pressure_mmhg - drive_fall * drive_mmhg)
    during = integrate_fixed(
        lowered,
        _exercise(source.PHASE_S, load_fraction),
        no_cuff,
        initial_state=before.states[-1],
    )
    step_s = model_choices.NATIVE_TIME_STEP_S
    rows_per_cycle = round(_CYCLE_S / step_s)
    window = round(_STEADY_WINDOW_S / step_s)
    # The last grid row carries the next segment's flow; drop it.
    flow_before = before.inflow_ml_s[:-1, 0]
    flow_during = during.inflow_ml_s[:-1, 0]
    exercise_flow = float(flow_before[-window:].mean())
    steady_flow = float(flow_during[-window:].mean())
    onset = flow_during[: round(_NADIR_WINDOW_S / step_s)]
    nadir = float(_cycle_means(onset, rows_per_cycle).min())
    conductance_before = float(_conductance_factor(before.states[-window - 1 : -1, 0]).mean())
    conductance_during = float(_conductance_factor(during.states[-window - 1 : -1, 0]).mean())
    return HypoperfusionResult(
        drive_fall=drive_fall,
        flow_fall_at_onset=1.0 - nadir / exercise_flow,
        flow_recovery=(steady_flow - nadir) / (exercise_flow - nadir),
        conductance_ratio=conductance_during / conductance_before,
    )


def _rise(cycle: FloatArray, amplitude: float, tau: float) -> FloatArray:
    rise: FloatArray = amplitude * (1.0 - np.exp(-cycle / tau))
    return rise


def onset_time_constant_duty_cycles(load_fraction: float) -> float:
    """Duty cycles for the arm's conductance to rise by 63 % at the onset of handgrip [1].

    The reference arm rests 60 s, then contracts for one 4-minute stage; the conductance
    ``G (1 + v + v_f + v_e)`` averaged over each duty cycle, relative to resting, is fitted with
    ``1 + A (1 - exp(-n / tau))`` (``n`` the duty cycle, from 1): a monoexponential from the
    resting value, as Casey, Ranadive & Joyner 2015 fitted forearm conductance.

    Parameters
    ----------
    load_fraction
        Handgrip load [fraction of maximum, read as of 1RM], 0.05 to 0.6.

    Returns
    -------
    float
        ``tau`` [duty cycles of 3 s].

    References
    ----------
    Casey DP, Ranadive SM, Joyner MJ. J Appl Physiol 2015;119:232 (PMC4526703).
    """
    require_between(load_fraction, 0.05, 0.6, "handgrip load", "(fraction of maximum)")
    limb = _reference_arm_limb()
    no_cuff = np.zeros(1)
    rest = integrate_fixed(limb, Schedule((Segment(_REST_S, cuff_on=False),)), no_cuff)
    stage = integrate_fixed(
        limb,
        _exercise(casey_2015_vasodilator_kinetics.STAGE_S, load_fraction),
        no_cuff,
        initial_state=rest.states[-1],
    )
    rows_per_cycle = round(_CYCLE_S / model_choices.NATIVE_TIME_STEP_S)
    conductance = _cycle_means(_conductance_factor(stage.states[:-1, 0]), rows_per_cycle)
    cycles = np.arange(1.0, conductance.size + 1.0)
    start = (float(conductance[-1] - 1.0), 5.0)
    (_, tau), _ = curve_fit(_rise, cycles, conductance - 1.0, p0=start)
    return float(tau)


@dataclass(frozen=True, slots=True)
class SteadyHandgrip:
    """The reference arm's steady state in one 4-minute handgrip stage from rest.

    Attributes
    ----------
    load_fraction
        Handgrip load [fraction of maximum, read as of 1RM].
    inflow_ml_s
        Mean arterial inflow over the stage's last 30 s [ml/s].
    oxygen_uptake_ml_s
        Mean oxygen uptake ``Q c (S_a - S)`` over the same window [ml O2/s].
    """

    load_fraction: float
    inflow_ml_s: float
    oxygen_uptake_ml_s: float

    @property
    def extraction_ml_per_l(self) -> float:
        """Arteriovenous oxygen difference, uptake over inflow [ml O2 per l blood]."""
        return 1000.0 * self.oxygen_uptake_ml_s / self.inflow_ml_s


def steady_handgrip(load_fraction: float) -> SteadyHandgrip:
    """Run one 4-minute handgrip stage (1 s contraction in every 3 s) from rest.

    Parameters
    ----------
    load_fraction
        Handgrip load [fraction of maximum, read as of 1RM], 0.05 to 0.6.

    Returns
    -------
    SteadyHandgrip
        Means over the last 30 s, as the graded-handgrip studies read their steady state.

    References
    ----------
    J Physiol 2014;592:4775 (:mod:`.parameters.forearm_graded_handgrip`); Nyberg SK, Berg OK,
    Helgerud J, Wang E. Physiol Rep 2018;6:e13696 (forearm flow and oxygen uptake).
    """
    require_between(load_fraction, 0.05, 0.6, "handgrip load", "(fraction of maximum)")
    source = forearm_graded_handgrip
    limb = _reference_arm_limb()
    no_cuff = np.zeros(1)
    rest = integrate_fixed(limb, Schedule((Segment(_REST_S, cuff_on=False),)), no_cuff)
    stage = integrate_fixed(
        limb, _exercise(source.STAGE_S, load_fraction), no_cuff, initial_state=rest.states[-1]
    )
    window = round(source.STEADY_WINDOW_S / model_choices.NATIVE_TIME_STEP_S)
    # The last grid row carries the next segment's flow; drop it.
    inflow = stage.inflow_ml_s[:-1, 0][-window:]
    saturation = stage.states[:-1, 0, 2][-window:]
    content_ml_per_ml = model_choices.OXYGEN_CAPACITY_ML_PER_ML
    uptake = inflow * content_ml_per_ml * (model_choices.ARTERIAL_SATURATION - saturation)
    return SteadyHandgrip(load_fraction, float(inflow.mean()), float(uptake.mean()))


def single_contraction_rise(load_fraction: float) -> float:
    """Peak rise of the arm's conductance after one 1-s contraction from rest [fraction].

    The reference arm rests 60 s, contracts once for 1 s at ``load_fraction`` and rests 20 s;
    the largest ``v + v_f + v_e`` is returned, the quantity single-contraction studies report as
    the peak change of forearm conductance over its baseline (target E-ROV, on which the fast
    dilation's drive is derived).

    Parameters
    ----------
    load_fraction
        Contraction force [fraction of maximum, read as of 1RM], 0.05 to 0.6.

    Returns
    -------
    float
        Peak conductance over resting, minus 1 [1].

    References
    ----------
    :mod:`.parameters.rapid_onset_vasodilation`.
    """
    require_between(load_fraction, 0.05, 0.6, "contraction force", "(fraction of maximum)")
    limb = _reference_arm_limb()
    no_cuff = np.zeros(1)
    rest = integrate_fixed(limb, Schedule((Segment(_REST_S, cuff_on=False),)), no_cuff)
    contraction = Schedule(
        (
            Segment(_CONTRACTION_S, False, True, True, load_fraction),
            Segment(_SINGLE_CONTRACTION_AFTER_S, False),
        )
    )
    after = integrate_fixed(limb, contraction, no_cuff, initial_state=rest.states[-1])
    return float(_conductance_factor(after.states[:, 0]).max() - 1.0)


def arm_flow_per_oxygen(low_load_fraction: float, high_load_fraction: float) -> float:
    """Rise of the arm's steady inflow over the rise of its oxygen uptake between two loads.

    Each load is one 4-minute handgrip stage from rest (:func:`steady_handgrip`), the quantity
    Nyberg 2018 measured in the forearm between 1 and 3 W (target E-VO2a, which calibrates the
    arm's exercise gain).

    Parameters
    ----------
    low_load_fraction, high_load_fraction
        Handgrip loads [fraction of maximum, read as of 1RM], 0.05 to 0.6.

    Returns
    -------
    float
        ``(Q_high - Q_low) / (VO2_high - VO2_low)`` [ml blood per ml O2].

    References
    ----------
    Nyberg SK, Berg OK, Helgerud J, Wang E. Physiol Rep 2018;6:e13696
    (:mod:`.parameters.nyberg_2018_forearm_flow_oxygen`).
    """
    low, high = steady_handgrip(low_load_fraction), steady_handgrip(high_load_fraction)
    rise_oxygen = high.oxygen_uptake_ml_s - low.oxygen_uptake_ml_s
    return (high.inflow_ml_s - low.inflow_ml_s) / rise_oxygen


def _steady_conductance(load_fraction: float) -> float:
    # With no cuff the arterial pressure is constant, so conductance goes as inflow.
    return steady_handgrip(load_fraction).inflow_ml_s


def steady_conductance_ratio(low_load_fraction: float, high_load_fraction: float) -> float:
    """Steady forearm conductance at the higher handgrip load over that at the lower [1].

    Each load is one 4-minute stage from rest (1 s contraction in every 3 s); conductance is the
    inflow over the last 30 s divided by the arterial pressure, as the study computed it from
    Doppler flow. Intramuscular pressure during the contractions is part of what the model's
    inflow feels, as it is of the measured flow.

    Parameters
    ----------
    low_load_fraction, high_load_fraction
        Handgrip loads [fraction of maximum, read as of 1RM], 0.05 to 0.6.

    Returns
    -------
    float
        Ratio of steady conductances [1].

    References
    ----------
    J Physiol 2014;592:4775 (:mod:`.parameters.forearm_graded_handgrip`).
    """
    return _steady_conductance(high_load_fraction) / _steady_conductance(low_load_fraction)


__all__ = [
    "HypoperfusionResult",
    "SteadyHandgrip",
    "arm_flow_per_oxygen",
    "hypoperfused_exercise",
    "onset_time_constant_duty_cycles",
    "single_contraction_rise",
    "steady_conductance_ratio",
    "steady_handgrip",
]
