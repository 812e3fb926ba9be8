"""How much forearm blood flow rises per unit of extra oxygen uptake in handgrip exercise.

Nyberg, Berg, Helgerud & Wang 2018 (Physiol Rep 6:e13696, PMC5974736; abstract read): ten
healthy young men (24 (3 SD) years), incremental handgrip, brachial Doppler flow and blood from a
deep forearm vein. At 1.0, 1.5, 2.0, 2.5 and 3.0 W forearm oxygen uptake was 43.8, 53.8, 63.4,
72.2 and 79.2 ml/min and brachial flow 359, 431, 490, 556 and 622 ml/min, with the
arteriovenous oxygen difference constant at 123-130 ml/l. From 1 to 3 W flow rose 263 ml/min with
35.4 ml/min more oxygen: **7.43 ml of blood per ml of oxygen** (``derived`` from the means).

What the model takes from it: the **arm's exercise dilation gain** (target E-VO2a). The leg's
gain is calibrated on the knee-extension ratio (4.9, :mod:`.knee_extension_flow_oxygen`); the
forearm, measured in its own artery with its own venous blood, adds half as much flow again per
unit of oxygen, so the arm gets a gain of its own: in the model's free-flow reference arm doing
rhythmic handgrip (1 s in every 3 s, 4 minutes per load, last 30 s) the rise of inflow over the
rise of oxygen uptake ``Q c (S_a - S)`` from the lower to the higher load is set to 7.43
(``scripts/calibrate_physiology.py``). Reading 1.0 and 3.0 W as 10 and 30 % of maximal voluntary
contraction is a modelling choice (:data:`.model_choices.HANDGRIP_LOAD_FRACTION_PER_W`): the
study's maximal work rate and force were not in the text read.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register
from occlusion.physiology.parameters import model_choices

REFERENCE = register(
    Reference(
        key="nyberg_2018_forearm_vo2",
        citation=(
            "Nyberg SK, Berg OK, Helgerud J, Wang E. Reliability of forearm oxygen uptake "
            "during handgrip exercise: assessment by ultrasonography and venous blood gas. "
            "Physiol Rep 2018;6(10):e13696."
        ),
        status="verified",
        doi="10.14814/phy2.13696",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC5974736",
        note=(
            "Abstract read: ten young men, incremental handgrip; forearm VO2 at 1.0/1.5/2.0/"
            "2.5/3.0 W 43.8/53.8/63.4/72.2/79.2 ml/min, brachial flow 359/431/490/556/622 "
            "ml/min, a-vO2 difference constant at 123 (11) to 130 (10) ml/l."
        ),
    )
)

#: Work rates of the incremental test [W].
WORK_RATES_W = (1.0, 1.5, 2.0, 2.5, 3.0)
#: Forearm oxygen uptake at each work rate, group means [ml O2/min].
OXYGEN_UPTAKE_ML_MIN = (43.8, 53.8, 63.4, 72.2, 79.2)
#: Brachial artery blood flow at each work rate, group means [ml/min].
BLOOD_FLOW_ML_MIN = (359.0, 431.0, 490.0, 556.0, 622.0)
#: The range of the arteriovenous oxygen difference over the work rates [ml O2 per l blood].
EXTRACTION_RANGE_ML_PER_L = (123.0, 130.0)
#: Handgrip loads the model compares, the lowest and highest work rates read through
#: :data:`.model_choices.HANDGRIP_LOAD_FRACTION_PER_W` [fraction of maximum]: 0.10 and 0.30.
LOW_LOAD_FRACTION = WORK_RATES_W[0] * model_choices.HANDGRIP_LOAD_FRACTION_PER_W
HIGH_LOAD_FRACTION = WORK_RATES_W[-1] * model_choices.HANDGRIP_LOAD_FRACTION_PER_W
#: Target of the arm's exercise dilation per fraction of maximal load during a set [1].
#: **Calibrated** so that the model's arm meets :func:`flow_per_oxygen` between the two loads
#: (target E-VO2a, ``scripts/calibrate_physiology.py``).
ARM_EXERCISE_DILATION_PER_LOAD = 4.8783


def flow_per_oxygen() -> float:
    """Rise of forearm flow over rise of oxygen uptake from 1 to 3 W [ml blood per ml O2].

    ``(622 - 359) / (79.2 - 43.8)`` = 7.43 (``derived`` from the group means).
    """
    rise_flow = BLOOD_FLOW_ML_MIN[-1] - BLOOD_FLOW_ML_MIN[0]
    rise_oxygen = OXYGEN_UPTAKE_ML_MIN[-1] - OXYGEN_UPTAKE_ML_MIN[0]
    return rise_flow / rise_oxygen


__all__ = [
    "ARM_EXERCISE_DILATION_PER_LOAD",
    "BLOOD_FLOW_ML_MIN",
    "EXTRACTION_RANGE_ML_PER_L",
    "HIGH_LOAD_FRACTION",
    "LOW_LOAD_FRACTION",
    "OXYGEN_UPTAKE_ML_MIN",
    "REFERENCE",
    "WORK_RATES_W",
    "flow_per_oxygen",
]
