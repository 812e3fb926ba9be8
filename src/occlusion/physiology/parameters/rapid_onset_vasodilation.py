"""How much one forearm contraction dilates the forearm's vessels, and how that grows with force.

Two studies of single contractions, each read in its abstract, give the model's **fast
(rapid-onset) exercise dilation**:

* **Its size**: in the J Appl Physiol study that characterised rapid-onset vasodilation in the
  leg and compared it with the forearm (sixteen healthy men, single isometric contractions at 5,
  10, 20, 40 and 60 % of maximal voluntary contraction, duplex Doppler, Finometer; authors and
  year not on the page read), peak forearm vascular conductance after one contraction at 20 %
  rose **+89 (17) %** (arm above heart level; the leg +138 (28) %).
* **Its growth with force**: in young adults (n = 13, 27 (1) years; PMC3472494, a study of
  sympathetic tone and single contractions in ageing, J Appl Physiol), the control peak rise of
  forearm conductance after single contractions at 10, 20 and 40 % of maximum was **98 (17), 144
  (12) and 209 (20) ml/min/100 mmHg**: doubling the force raised it 1.47 and 1.45 times, so the
  peak goes as force to the power :func:`load_exponent` = 0.546 (``derived``: least squares on
  the logarithms of the three means).

What the model takes: the fast dilation's drive per contraction, ``k_f L^p`` while a contraction
is on, relaxing with ``tau_f`` (:mod:`.van_der_touw_2008_single_contraction`); ``k_f`` is set so
that one 1-s contraction at 20 % lifts conductance by 89 % (:func:`fast_dilation_gain`,
``derived`` in closed form). The contraction's length in the size study was not on the page read
(1 s is assumed, as in the other single-contraction studies), and the rise is read at the end of
the contraction where the measured peak came four to five cardiac cycles later. Only the arm gets
a fast dilation: in the leg the steady flow per oxygen the leg's exercise gain is calibrated on
(4.9, :mod:`.knee_extension_flow_oxygen`) leaves no room for a fast phase of the size measured
there, an inconsistency left open.
"""

from __future__ import annotations

import math

from occlusion.evidence import Reference, register
from occlusion.physiology.parameters import van_der_touw_2008_single_contraction

SIZE_REFERENCE = register(
    Reference(
        key="rov_single_contractions_leg_vs_arm",
        citation=(
            "Characterizing rapid-onset vasodilation to single muscle contractions in the human "
            "leg. J Appl Physiol (abstract read; authors and year not on the page read)."
        ),
        status="verified",
        url=(
            "https://discovery.researcher.life/article/characterizing-rapid-onset-vasodilation-"
            "to-single-muscle-contractions-in-the-human-leg/49ff53dbc9143bf5ba43f0e09c3c4c83"
        ),
        note=(
            "Abstract read: sixteen healthy men, single isometric contractions at 5, 10, 20, 40 "
            "and 60 % MVC, knee extension and handgrip, above and below heart level; peak "
            "conductance at 20 % MVC above heart level: leg +138 (28) %, arm +89 (17) %."
        ),
    )
)

GROWTH_REFERENCE = register(
    Reference(
        key="rov_sympathetic_tone_ageing",
        citation=(
            "Elevated sympathetic tone and rapid vasodilation after single muscle contractions "
            "in older adults (young and older adults, LBNP and phentolamine). J Appl Physiol "
            "(PMC3472494; abstract read, authors and year not on the page read)."
        ),
        status="verified",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC3472494",
        note=(
            "Abstract read: young (n = 13, 27 (1) years) control peak change of FVC after single "
            "forearm contractions at 10, 20 and 40 % of maximum 98 (17), 144 (12), 209 (20) "
            "ml/min/100 mmHg; older 71 (11), 107 (13), 161 (22)."
        ),
    )
)

#: Peak rise of forearm conductance after one contraction at 20 % of maximum, arm above heart
#: level, mean and SD [fraction of resting].
PEAK_RISE_AT_20_PCT = (0.89, 0.17)
#: Load of that contraction [fraction of maximum].
SIZE_LOAD_FRACTION = 0.20
#: Young adults' control peak rise of forearm conductance after single contractions, means
#: [ml/min/100 mmHg], at these loads [fraction of maximum].
GROWTH_LOADS = (0.10, 0.20, 0.40)
GROWTH_PEAK_RISE = (98.0, 144.0, 209.0)
#: Length of one contraction [s] (assumed in the size study; 1 s in the growth study's design).
CONTRACTION_S = 1.0


def load_exponent() -> float:
    """Power of force with which the peak rise grows [1] (``derived``).

    Least-squares slope of ``ln(peak)`` on ``ln(load)`` over the three young-adult means: 0.546.
    """
    logs_x = [math.log(load) for load in GROWTH_LOADS]
    logs_y = [math.log(rise) for rise in GROWTH_PEAK_RISE]
    mean_x, mean_y = sum(logs_x) / 3.0, sum(logs_y) / 3.0
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(logs_x, logs_y, strict=True))
    variance = sum((x - mean_x) ** 2 for x in logs_x)
    return covariance / variance


def fast_dilation_gain() -> float:
    """Drive of the fast dilation per ``L^p`` while contracting [1] (``derived``).

    A first-order dilation driven at ``k_f L^p`` for one contraction of length ``t_c`` rises by
    ``k_f L^p (1 - exp(-t_c / tau_f))``; setting that to +89 % at 20 % gives
    ``k_f = 0.89 / (0.2^p (1 - exp(-1 / 2.27)))`` = 6.12.
    """
    tau_f = van_der_touw_2008_single_contraction.fast_time_constant_s()
    rise_per_drive = 1.0 - math.exp(-CONTRACTION_S / tau_f)
    drive = SIZE_LOAD_FRACTION ** load_exponent() * rise_per_drive
    return float(PEAK_RISE_AT_20_PCT[0] / drive)


__all__ = [
    "CONTRACTION_S",
    "GROWTH_LOADS",
    "GROWTH_PEAK_RISE",
    "GROWTH_REFERENCE",
    "PEAK_RISE_AT_20_PCT",
    "SIZE_LOAD_FRACTION",
    "SIZE_REFERENCE",
    "fast_dilation_gain",
    "load_exponent",
]
