"""Steady exercise hyperaemia of the free-flowing leg: inflow against oxygen uptake.

The reference thigh rests, then repeats the model's repetitions (contraction and relaxation
phases of :mod:`.parameters.model_choices`) with no cuff for one 4-minute bout. Over the last
30 s the inflow ``Q`` and the oxygen uptake ``Q c (S_a - S)`` are averaged and compared with
their resting values: :func:`flow_per_oxygen` is the rise of one over the rise of the other, the
quantity the knee-extension study reports as 4.9 at steady state (target E-VO2, which
calibrates the exercise dilation's gain).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from occlusion.physiology.exercise import Schedule, Segment
from occlusion.physiology.limb import limb_arrays_for
from occlusion.physiology.parameters import model_choices
from occlusion.physiology.solver import integrate_fixed
from occlusion.physiology.subject import Cuff, Subject
from occlusion.science.checks import require_between
from occlusion.vocabulary import Limb

#: Rest before the bout, and the bout's length [s]: 4 minutes are more than eight time constants
#: of the slowest part (the oxygen demand's 29 s), settling flow and oxygen to well within 1 %.
_REST_S = 60.0
_BOUT_S = 240.0
#: The closing window averaged as the steady state [s].
_STEADY_WINDOW_S = 30.0
#: A cuff width for building the thigh's constants; no cuff is inflated.
_UNUSED_CUFF_WIDTH_CM = 13.5


@dataclass(frozen=True, slots=True)
class LegHyperaemia:
    """The free-flowing reference thigh at steady exercise, relative to rest.

    Attributes
    ----------
    load_fraction
        Load [fraction of 1RM].
    inflow_ratio
        Steady inflow over resting inflow [1].
    oxygen_uptake_ratio
        Steady oxygen uptake over resting uptake [1].
    flow_per_oxygen
        Rise of inflow over rise of oxygen uptake [ml blood per ml O2].
    """

    load_fraction: float
    inflow_ratio: float
    oxygen_uptake_ratio: float
    flow_per_oxygen: float


def _bout(load_fraction: float) -> Schedule:
    period_s = model_choices.REPETITION_PERIOD_S
    contraction_s = period_s * model_choices.CONTRACTION_SHARE
    segments: list[Segment] = []
    for _ in range(round(_BOUT_S / period_s)):
        segments.append(Segment(contraction_s, False, True, True, load_fraction))
        segments.append(Segment(period_s - contraction_s, False, True, False, load_fraction))
    return Schedule(tuple(segments))


def _oxygen_uptake_ml_s(inflow_ml_s: float, venous_saturation: float) -> float:
    capacity = model_choices.OXYGEN_CAPACITY_ML_PER_ML
    return inflow_ml_s * capacity * (model_choices.ARTERIAL_SATURATION - venous_saturation)


def leg_hyperaemia(load_fraction: float) -> LegHyperaemia:
    """Run a 4-minute free-flow bout on the reference thigh and return its steady hyperaemia.

    Parameters
    ----------
    load_fraction
        Load [fraction of 1RM], 0.05 to 0.8.

    Returns
    -------
    LegHyperaemia

    References
    ----------
    J Appl Physiol 2005;99:683 (:mod:`.parameters.knee_extension_flow_oxygen`).
    """
    require_between(load_fraction, 0.05, 0.8, "exercise load", "(fraction of 1RM)")
    thigh = Subject(
        Limb.THIGH,
        model_choices.REFERENCE_THIGH_CIRCUMFERENCE_CM,
        model_choices.REFERENCE_SBP_MMHG,
        model_choices.REFERENCE_DBP_MMHG,
    )
    limb = limb_arrays_for([thigh], Cuff(_UNUSED_CUFF_WIDTH_CM))
    no_cuff = np.zeros(1)
    rest = integrate_fixed(limb, Schedule((Segment(_REST_S, cuff_on=False),)), no_cuff)
    bout = integrate_fixed(limb, _bout(load_fraction), no_cuff, initial_state=rest.states[-1])
    window = round(_STEADY_WINDOW_S / model_choices.NATIVE_TIME_STEP_S)
    # The last grid row carries the next segment's flow; drop it.
    resting_inflow = float(rest.inflow_ml_s[-2, 0])
    resting_uptake = _oxygen_uptake_ml_s(resting_inflow, model_choices.RESTING_VENOUS_SATURATION)
    inflow = bout.inflow_ml_s[:-1, 0][-window:]
    saturation = bout.states[:-1, 0, 2][-window:]
    steady_inflow = float(inflow.mean())
    steady_uptake = float(
        np.mean([_oxygen_uptake_ml_s(q, s) for q, s in zip(inflow, saturation, strict=True)])
    )
    return LegHyperaemia(
        load_fraction=load_fraction,
        inflow_ratio=steady_inflow / resting_inflow,
        oxygen_uptake_ratio=steady_uptake / resting_uptake,
        flow_per_oxygen=(steady_inflow - resting_inflow) / (steady_uptake - resting_uptake),
    )


__all__ = ["LegHyperaemia", "leg_hyperaemia"]
