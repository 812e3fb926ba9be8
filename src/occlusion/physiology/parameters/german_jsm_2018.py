"""German Journal of Sports Medicine 2018: blood lactate after leg press with and without BFR.

One of its three conditions (30 % 1RM with BFR) **calibrates** the lactate produced per ml of
unmet oxygen demand; the other two (30 % 1RM without a cuff, 50 % 1RM with BFR) are kept **out
of sample** as validation targets. A second, load-driven production rate used to be fitted to
the free-flow condition; once the exercise pressor response was added its fitted value became
negative (free-flow lactate is already explained by unmet oxygen demand), so it is 0.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="gjsm_2018_lactate",
        citation=(
            "Comparison of an acute resistance training on the lactate concentration with and "
            "without blood flow restriction at different loads. German Journal of Sports "
            "Medicine 2018;69(11)."
        ),
        status="verified",
        url=(
            "https://www.germanjournalsportsmedicine.com/archive/archive-2018/issue-11/"
            "comparison-of-an-acute-resistance-training-on-the-lactate-concentration-with-and-"
            "without-blood-flow-restriction-at-different-loads/"
        ),
        note=(
            "Leg press 5 x 15, 1 min rest, n = 8: peak lactate 1.78 +/- 0.86 (30 % 1RM), "
            "3.43 +/- 1.37 (30 % + BFR), 7.22 +/- 2.32 mmol/l (50 % + BFR). BFR applied "
            "without pressure control."
        ),
    )
)

FREE_FLOW_30_PCT_MMOL_L = (1.78, 0.86)
BFR_30_PCT_MMOL_L = (3.43, 1.37)
BFR_50_PCT_MMOL_L = (7.22, 2.32)
#: The study did not control pressure; we assume 60 % of the model's occlusion pressure
#: (a common prescription) for its BFR conditions [derived assumption].
ASSUMED_PCT_LOP = 60.0

#: Lactate produced by working muscle per fraction of 1RM during a set [mmol/l/s]: 0, because
#: fitted together with the anaerobic rate to the two 30 % 1RM conditions it would be negative
#: (see the module docstring); kept so that a future source can set it.
LOAD_LACTATE_RATE_MMOL_L_S = 0.0
#: Lactate produced per ml of oxygen demand not met (anaerobic share) [mmol/ml O2].
#: **Calibrated** to the 30 % 1RM BFR peak (``scripts/calibrate_physiology.py``).
ANAEROBIC_LACTATE_MMOL_PER_ML_O2 = 2.39127
