"""Calf venous compliance from venous occlusion plethysmography (Southern Illinois University).

Ten healthy college-aged men, calf volume against cuff (venous) pressure during cuff deflation,
fitted by the quadratic ``dV = b0 + b1 P + b2 P^2`` [ml/100 ml]; compliance is its derivative
``b1 + 2 b2 P`` [ml/100 ml/mmHg]. The fasted condition's coefficients are used: they replace the
constant compliance the model had (0.05 ml/100 ml/mmHg, our own choice), so the veins stiffen
as they fill, as the biphasic and quadratic models of limb venous compliance describe (Risk et
al., J Appl Physiol 2003;95:1207).

The abstract does not give the pressure range of the fit. Venous-compliance protocols deflate
from 60 mmHg, and the quadratic's compliance would reach zero at 78 mmHg, so the curve is used up
to 60 mmHg and continued above it as a straight line with the compliance at 60 mmHg (an
assumption, labelled ``derived``).
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="siu_calf_venous_compliance",
        citation=(
            "Calf venous compliance after 12 h fasting vs acute high NaCl intake, venous "
            "occlusion plethysmography, 10 college-aged men. Southern Illinois University "
            "Carbondale, graduate research paper (advisor Wallace JP), OpenSIUC gs_rp/96."
        ),
        status="verified",
        url="http://opensiuc.lib.siu.edu/gs_rp/96/",
        note=(
            "Fasted: b0 = 0.5741 (0.2176), b1 = 0.0781 (0.01165), b2 = -0.0005 (0.00011) for "
            "calf volume [ml/100 ml] against pressure [mmHg] (abstract read)."
        ),
    )
)

#: Linear coefficient ``b1`` of the quadratic volume-pressure fit [ml/100 ml/mmHg].
LINEAR_ML_PER_100ML_MMHG = 0.0781
#: Quadratic coefficient ``b2`` [ml/100 ml/mmHg^2].
QUADRATIC_ML_PER_100ML_MMHG2 = -0.0005
#: Highest venous pressure at which the quadratic is used [mmHg] (assumed fitted range; above
#: it the curve continues straight) [derived].
CURVE_TOP_MMHG = 60.0

__all__ = [
    "CURVE_TOP_MMHG",
    "LINEAR_ML_PER_100ML_MMHG",
    "QUADRATIC_ML_PER_100ML_MMHG2",
    "REFERENCE",
]
