"""Steady forearm conductance at two handgrip loads (graded rhythmic handgrip, young adults).

J Physiol 2014;592(21):4775-88 (PMID 25194040, PMC4253476; abstract and the study-timeline
figure read, authors not on the pages read): eleven young (21 (1) years) and twelve older adults,
rhythmic handgrip for 4 minutes at each of 5, 15 and 25 % of maximal voluntary contraction,
brachial Doppler; steady state from the last 30 s of each load. Young, control: forearm blood
flow 29 (3.3) and 46.0 (4.9) ml/min/100 g fat-free mass, conductance 33.6 (4.0) and 49.0 (5.7)
ml/min/100 g/100 mmHg at 15 and 25 %.

What the model takes from it: nothing as a parameter. It is a **validation** of how the
exercise dilation grows with load (target E-ss): the ratio of conductance at 25 % to that at
15 %, 1.46, needs no resting value (none was in the text read). Its spread is taken from the two
standard errors as if they were independent (the same people did both loads, so this widens
it). The duty cycle (1 s in every 3 s, as in the Mayo studies) was not on the pages read and is
assumed; the fraction of maximal voluntary contraction is read as the model's fraction of 1RM.
"""

from __future__ import annotations

import math

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="graded_handgrip_2014_alpha_ageing",
        citation=(
            "Role of alpha-adrenergic vasoconstriction in regulating skeletal muscle blood flow "
            "and vascular conductance during forearm exercise in ageing humans. J Physiol "
            "2014;592(21):4775-88 (abstract read; authors not on the pages read)."
        ),
        status="verified",
        doi="10.1113/jphysiol.2014.278358",
        url="https://pubmed.ncbi.nlm.nih.gov/25194040/",
        note=(
            "Abstract read: 11 young (21 (1) years), 12 older; handgrip 4 min each at 5, 15 and "
            "25 % MVC, Doppler; young control FBF 29 (3.3) and 46.0 (4.9) ml/min/100 g FFM, FVC "
            "33.6 (4.0) and 49.0 (5.7) ml/min/100 g FFM/100 mmHg at 15 and 25 % MVC. Study "
            "timeline figure (PMC4253476): steady state from the last 30 s of each load."
        ),
    )
)

#: Loads compared [fraction of maximal voluntary contraction].
LOW_LOAD_FRACTION = 0.15
HIGH_LOAD_FRACTION = 0.25
#: Young adults' steady forearm conductance, mean and standard error
#: [ml/min per 100 g fat-free mass per 100 mmHg].
CONDUCTANCE_LOW = (33.6, 4.0)
CONDUCTANCE_HIGH = (49.0, 5.7)
#: Young adults studied [1].
YOUNG_ADULTS = 11
#: Length of each load and the closing window averaged as steady state [s].
STAGE_S = 240.0
STEADY_WINDOW_S = 30.0


def conductance_ratio() -> float:
    """Return conductance at 25 % over that at 15 % of maximum, from the group means [1]."""
    return CONDUCTANCE_HIGH[0] / CONDUCTANCE_LOW[0]


def conductance_ratio_se() -> float:
    """Return the standard error of that ratio, errors taken as independent [1] (``derived``).

    ``r sqrt((se_h / m_h)^2 + (se_l / m_l)^2)``: 0.24.
    """
    relative = math.hypot(
        CONDUCTANCE_HIGH[1] / CONDUCTANCE_HIGH[0], CONDUCTANCE_LOW[1] / CONDUCTANCE_LOW[0]
    )
    return conductance_ratio() * relative


__all__ = [
    "CONDUCTANCE_HIGH",
    "CONDUCTANCE_LOW",
    "HIGH_LOAD_FRACTION",
    "LOW_LOAD_FRACTION",
    "REFERENCE",
    "STAGE_S",
    "STEADY_WINDOW_S",
    "YOUNG_ADULTS",
    "conductance_ratio",
    "conductance_ratio_se",
]
