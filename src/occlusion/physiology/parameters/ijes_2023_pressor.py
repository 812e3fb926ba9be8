"""Blood pressure during exercise at 0, 40, 60 and 80 % of limb occlusion pressure.

Int J Exerc Sci 2023;16(2):676-687: thirty men and women aged 30-60 cycled at low intensity
(30-39 % heart-rate reserve) with bilateral thigh BFR in four 5-minute stages at 0, 40, 60 and
80 % LOP. Peak systolic, diastolic and mean pressures rose with every stage. The model adds the
rise above the unrestricted stage, per % LOP, to systemic pressure while a set is performed with
the cuff on (the **exercise pressor response** to restriction).

The slopes are the straight line from no BFR to 80 % LOP (``derived`` arithmetic on the
published means); the study's exercise was cycling, so applying it to resistance exercise is an
assumption, and so is carrying the slopes past the highest stage measured (80 % LOP) up to the
model's cap of 100 % LOP.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="ijes_2023_bfr_cycling_pressor",
        citation=(
            "Cardiovascular responses to low-intensity aerobic exercise with varying limb "
            "occlusion pressures in men and women aged 30-60. Int J Exerc Sci "
            "2023;16(2):676-687."
        ),
        status="verified",
        url="https://digitalcommons.wku.edu/ijes/vol16/iss2/12/",
        note=(
            "Peak SBP 160.7, 173.6, 182.5, 193.5; DBP 74.9, 83.0, 90.4, 97.7; MAP 103.5, "
            "113.2, 121.1, 129.7 mmHg at 0, 40, 60, 80 % LOP (abstract read)."
        ),
    )
)

PCT_LOP = (0.0, 40.0, 60.0, 80.0)
PEAK_SBP_MMHG = (160.7, 173.6, 182.5, 193.5)
PEAK_DBP_MMHG = (74.9, 83.0, 90.4, 97.7)

#: Rise of systolic pressure per % LOP during restricted exercise [mmHg/%] (derived:
#: (193.5 - 160.7) / 80).
SYSTOLIC_RISE_MMHG_PER_PCT_LOP = (PEAK_SBP_MMHG[-1] - PEAK_SBP_MMHG[0]) / PCT_LOP[-1]
#: Rise of diastolic pressure per % LOP [mmHg/%] (derived: (97.7 - 74.9) / 80).
DIASTOLIC_RISE_MMHG_PER_PCT_LOP = (PEAK_DBP_MMHG[-1] - PEAK_DBP_MMHG[0]) / PCT_LOP[-1]

__all__ = [
    "DIASTOLIC_RISE_MMHG_PER_PCT_LOP",
    "PCT_LOP",
    "PEAK_DBP_MMHG",
    "PEAK_SBP_MMHG",
    "REFERENCE",
    "SYSTOLIC_RISE_MMHG_PER_PCT_LOP",
]
