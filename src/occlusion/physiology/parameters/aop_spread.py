"""Spread of thigh occlusion pressure between people: what the model must add, and from where.

Circumference, blood pressure and fat thickness alone leave too little spread in the model's
thigh occlusion pressure: narrow cuffs, whose transmission depends most on the artery's depth,
spread far less than measured. The missing part is anatomy nobody measures on a person: where
the femoral artery lies between the fascia and the limb's centre (``beta``). Its between-person
SD is **calibrated** here to the spread of measured 5 cm thigh AOP (Loenneke 2012, SD 42 mmHg,
n = 116) and validated out of sample on the same study's 13.5 cm spread and on the variance
shares of Wedig 2025 (:mod:`occlusion.physiology.validation`).

Measured AOP carries measurement error, so the model is compared with published spreads after
adding it: the SD of one measurement is the SD of the difference between two repeated
measurements divided by sqrt(2) (continuous-inflation protocol, both sexes; Int J Exerc Sci
Conference Proceedings 14(2):105).

The SBP spread of young adults is read in the WHO MONICA data book (men 25-34, one centre).

A study that regresses measured AOP on blood pressure uses a *recorded* SBP, one reading that
differs from the pressure the person has while the cuffs are inflated. So the recorded SBP of a
virtual person carries the within-visit reading-to-reading spread of SBP (NHANES III, three
readings by physicians; Muntner et al. 2012). Where a study's AOP varies mostly with blood
pressure (wide cuffs), this lowers the share of the variance blood pressure can explain most.
"""

from __future__ import annotations

import math

from occlusion.evidence import Reference, register

AOP_REPEATABILITY = register(
    Reference(
        key="ijes_aop_repeatability_two_protocols",
        citation=(
            "Reliability of arterial occlusion pressure of the superficial femoral artery "
            "measured with continuous and incremental cuff inflation. International Journal of "
            "Exercise Science: Conference Proceedings 14(2), abstract 105 (Brigham Young "
            "University; the same design is published as Vehrs PR et al., Appl Sci "
            "2023;13(3):1438)."
        ),
        status="verified",
        url="https://digitalcommons.wku.edu/ijesab/vol14/iss2/105/",
        note=(
            "Abstract 'RESULTS': difference between two AOP measurements with the continuous "
            "protocol, males and females combined, 0.4 +/- 8.9 mmHg (incremental 0.9 +/- 9.3); "
            "n = 40, ultrasound at the superficial femoral artery."
        ),
    )
)

MONICA_BLOOD_PRESSURE = register(
    Reference(
        key="who_monica_sbp_distribution",
        citation=(
            "WHO MONICA Project. MONICA Population Survey Data Book, Table 6.1.2: systolic "
            "blood pressure (mean of two measurements), Australia-Newcastle."
        ),
        status="verified",
        url="http://www.ktl.fi/publications/monica/surveydb/bp/table612.htm",
        note=(
            "Men 25-34 years: SD 12.6, 13.9 and 12.6 mmHg in the initial, middle and final "
            "surveys (n = 444, 180, 168). Women and other centres not read."
        ),
    )
)

WITHIN_VISIT_SBP_VARIABILITY = register(
    Reference(
        key="muntner_2012_within_visit_bp",
        citation=(
            "Muntner P, Levitan EB, Reynolds K, Mann DM, Tonelli M, Oparil S, Shimbo D. "
            "Within-visit variability of blood pressure and all-cause and cardiovascular "
            "mortality among US adults. J Clin Hypertens (Greenwich) 2012;14(3):165-171."
        ),
        status="verified",
        doi="10.1111/j.1751-7176.2011.00581.x",
        note=(
            "Abstract: NHANES III, n = 15,317, three SBP and DBP readings by physicians in "
            "one visit; each person's within-visit SD of SBP, in quintiles: < 2.0, 2.00-2.99, "
            "3.00-3.99, 4.00-5.29 and >= 5.30 mmHg. DBP's quintiles were not in the text read."
        ),
    )
)

#: SD of the difference between two repeated AOP measurements [mmHg] (continuous protocol).
REPEAT_DIFFERENCE_SD_MMHG = 8.9
#: SD of the error of one AOP measurement [mmHg]: the repeat difference SD / sqrt(2).
MEASUREMENT_ERROR_SD_MMHG = REPEAT_DIFFERENCE_SD_MMHG / math.sqrt(2.0)

#: Muntner 2012's middle quintile of the within-visit SD of three SBP readings [mmHg]: the
#: median person's SD lies in it, so its middle, 3.5 mmHg, is the median SD of three readings.
MEDIAN_WITHIN_VISIT_SBP_SD_MMHG = (3.00 + 3.99) / 2.0
#: SD of one recorded SBP around the person's pressure in that visit [mmHg], **derived**: if
#: every person's readings were normal with one SD ``sigma``, the SD of three readings ``s``
#: has ``2 s^2 / sigma^2`` chi-square with 2 degrees of freedom, whose median is ``2 ln 2``,
#: so the median ``s`` is ``sigma * sqrt(ln 2)`` and ``sigma = 3.5 / sqrt(ln 2) = 4.2``.
#: **Assumptions**: one reading per person was recorded (Wedig 2025's protocol was not read;
#: the mean of two would have an error 1/sqrt(2) as large), and NHANES III's adults, older on
#: average than the cohort, vary as young adults do.
SBP_READING_ERROR_SD_MMHG = MEDIAN_WITHIN_VISIT_SBP_SD_MMHG / math.sqrt(math.log(2.0))

#: SBP SD of young men [mmHg]: the mean of the three MONICA surveys' 12.6, 13.9 and 12.6.
SBP_SD_MMHG = round((12.6 + 13.9 + 12.6) / 3.0, 1)

#: Between-person SD of ``beta``, the femoral artery's place between fascia and limb centre
#: [1], **calibrated** so that a cohort's 5 cm thigh AOP, with measurement error added, has the
#: SD Loenneke 2012 measured (42 mmHg): bisection on the target's own cohort (20,000 people,
#: supine, seed 2012) gave 0.104
#: (target P-5cm of :mod:`occlusion.physiology.validation` checks it).
ARTERY_DEPTH_FRACTION_SD = 0.104
#: ``beta`` is kept inside the limb: between these bounds [1]. An **assumption** of ours (no
#: source read): wide enough that clipping a draw 3.4 SD from the model's 0.5 is rare.
ARTERY_DEPTH_FRACTION_BOUNDS = (0.15, 0.85)
