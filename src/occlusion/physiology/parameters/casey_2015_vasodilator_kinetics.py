"""How fast forearm conductance rises at the onset of rhythmic handgrip.

Casey, Ranadive & Joyner 2015 (J Appl Physiol 119:232, PMC4526703): ten young (24 (2) years) and
ten older adults did rhythmic forearm exercise, 4 minutes at each of 10, 20 and 30 % of maximal
voluntary contraction, in duty cycles of 1 s contraction and 2 s relaxation; brachial Doppler
gave forearm blood flow for every duty cycle, conductance was flow over blood pressure, and a
monoexponential model fitted to it gave the number of duty cycles for conductance to change by
63 % of its steady amplitude (``tau_FVC``). Under control conditions the young needed **6 (1),
9 (1) and 11 (1) duty cycles** at 10, 20 and 30 %; NOS inhibition lengthened it to 10 (2), 12 (1)
and 16 (2).

What the model takes from it: nothing as a parameter. It is the **validation** of how fast
exercise hyperaemia builds (target E-tau): the fast dilation of single contractions
(:mod:`.rapid_onset_vasodilation`), the slow exercise dilation and the oxygen demand's phase-2
kinetics (:mod:`.knee_extension_flow_oxygen`) come from other studies, but that make-up was
chosen with this target in view (a model with one dilation and one time constant failed it), so
it validates less than an untried target would. Reading the ``±`` as
a standard error (the paper's convention was not on the page read) and the fraction of maximal
voluntary contraction as the model's fraction of one-repetition maximum are interpretations.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="casey_2015_vasodilator_kinetics",
        citation=(
            "Casey DP, Ranadive SM, Joyner MJ. Aging is associated with altered vasodilator "
            "kinetics in dynamically contracting muscle: role of nitric oxide. J Appl Physiol "
            "2015;119(3):232-241."
        ),
        status="verified",
        doi="10.1152/japplphysiol.00787.2014",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC4526703",
        note=(
            "Abstract read: young (n = 10, 24 (2) years) and older (n = 10, 67 (2) years) adults, "
            "rhythmic forearm exercise 4 min each at 10, 20 and 30 % MVC, duty cycle 1 s "
            "contraction / 2 s relaxation; monoexponential fit per duty cycle. tau_FVC, control: "
            "young 6 (1), 9 (1), 11 (1); older 10 (1), 13 (1), 15 (1) duty cycles; NOS "
            "inhibition in the young 10 (2), 12 (1), 16 (2). FVC amplitude at 30 % MVC 462 (52) "
            "young vs 319 (33) ml/min/100 mmHg older."
        ),
    )
)

#: Loads of the three stages [fraction of maximal voluntary contraction].
LOAD_FRACTIONS = (0.10, 0.20, 0.30)
#: Duty cycles for conductance to change by 63 % of its amplitude, young adults, control [1].
TAU_DUTY_CYCLES = (6.0, 9.0, 11.0)
#: The published spread of each, read as a standard error [duty cycles].
TAU_SE_DUTY_CYCLES = 1.0
#: Young adults studied [1].
YOUNG_ADULTS = 10
#: Contraction and relaxation of one duty cycle [s].
CONTRACTION_S = 1.0
RELAXATION_S = 2.0
#: Length of each stage [s].
STAGE_S = 240.0


def tau_sd_duty_cycles() -> float:
    """Between-person SD implied by the published spread read as a standard error [cycles].

    ``SE * sqrt(n)``: 3.2 duty cycles for ten young adults (``derived``).
    """
    return float(TAU_SE_DUTY_CYCLES * YOUNG_ADULTS**0.5)


__all__ = [
    "CONTRACTION_S",
    "LOAD_FRACTIONS",
    "REFERENCE",
    "RELAXATION_S",
    "STAGE_S",
    "TAU_DUTY_CYCLES",
    "TAU_SE_DUTY_CYCLES",
    "YOUNG_ADULTS",
    "tau_sd_duty_cycles",
]
