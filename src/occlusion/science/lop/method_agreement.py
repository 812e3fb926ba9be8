"""How well a manual LOP measurement agrees with ultrasound, and how well it repeats.

The manual measurement watches the distal pulse with a hand-held Doppler or a pulse oximeter
while a cuff is inflated by hand. Published comparisons against Doppler ultrasound imaging and
test-retest studies are listed here, one :class:`AgreementStudy` per study and limb, with only
the figures read in each abstract. Interfaces show them where people choose a method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.evidence import Reference, register
from occlusion.science.lop.estimate_warnings import KARANASIOS_2021
from occlusion.vocabulary import DetectionMethod, Limb, choose

VEHRS_2023 = register(
    Reference(
        key="vehrs_2023_handheld_doppler_aop",
        citation=(
            "Vehrs PR, Richards S, Blazzard C, et al. Use of a handheld Doppler to measure "
            "brachial and femoral artery occlusion pressure. Front Physiol 2023;14:1239582."
        ),
        status="verified",
        doi="10.3389/fphys.2023.1239582",
        url="https://frontiersin.org/articles/10.3389/fphys.2023.1239582/full",
        note=(
            "Abstract read: hand-held Doppler and ultrasound simultaneously, arms and legs of 30 "
            "adults (15 men, 15 women); Bland-Altman bias -0.65 mmHg (brachial) and -2.93 mmHg "
            "(femoral), limits of agreement +/-5.56 and +/-5.58 mmHg."
        ),
    )
)

BREKKE_2020 = register(
    Reference(
        key="brekke_2020_oximeter_lop_thigh",
        citation=(
            "Brekke AF, Sørensen AN, Buhr C, Johannesdottír IO, Jakobsen TL. The validity and "
            "reliability of the handheld oximeter to determine limb occlusion pressure for "
            "blood flow restriction exercise in the lower extremity. Int J Sports Phys Ther "
            "2020;15(5):783-791."
        ),
        status="verified",
        doi="10.26603/ijspt20200783",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC7575150/",
        note=(
            "Abstract read: 50 healthy adults (mean age 25.8), 20 cm thigh cuff, oximeter vs "
            "Doppler ultrasound read simultaneously by blinded raters; mean difference 6.3 mmHg "
            "(95 % LoA -16.2 to 28.8) and 5.4 mmHg on retest (-13.3 to 24.0); intra-rater ICC "
            "0.72-0.79 for both devices; LOP about 5 mmHg lower on the retest 5 min later."
        ),
    )
)

ZENG_2019 = register(
    Reference(
        key="zeng_2019_pulse_oximetry_aop",
        citation=(
            "Zeng Z, Centner C, Gollhofer A, König D. Blood-flow-restriction training: validity "
            "of pulse oximetry to assess arterial occlusion pressure. Int J Sports Physiol "
            "Perform 2019;14(10):1408-1414."
        ),
        status="verified",
        url="https://journals.humankinetics.com/view/journals/ijspp/14/10/article-p1408.xml",
        note=(
            "Abstract read: 94 people, supine, 12 cm cuff on arm and thigh; pulse oximetry did "
            "not differ from Doppler ultrasound on the arm (P = .308) but disagreed considerably "
            "on the leg (P = .001); the authors judge it not valid for the lower limbs."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class AgreementStudy:
    """One study of a manual detection method on one limb.

    Parameters
    ----------
    method
        The detection method studied.
    limb
        The limb.
    comparator
        ``"doppler-ultrasound"`` (imaging) for agreement studies, ``None`` for repeatability only.
    sample_size
        Participants.
    cuff_width_cm
        Cuff width [cm], when reported.
    bias_mmhg
        Mean difference, method minus comparator [mmHg], when reported.
    limits_of_agreement_mmhg
        95 % limits of agreement (low, high) [mmHg], when reported as two bounds.
    limits_half_width_mmhg
        The limits as the "±" half-width the abstract gives [mmHg], when reported that way.
    verdict
        ``"agrees"``, ``"disagrees"`` or ``"repeatable"``: the authors' conclusion, as a code.
    repeatability_icc
        Intraclass correlation coefficients reported for repeated measurements (low, high).
    reference
        The source.
    """

    method: DetectionMethod
    limb: Limb
    comparator: str | None
    sample_size: int
    cuff_width_cm: float | None
    bias_mmhg: float | None
    limits_of_agreement_mmhg: tuple[float, float] | None
    limits_half_width_mmhg: float | None
    verdict: str
    repeatability_icc: tuple[float, float] | None
    reference: Reference

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "method": self.method,
            "limb": self.limb,
            "comparator": self.comparator,
            "sample_size": self.sample_size,
            "cuff_width_cm": self.cuff_width_cm,
            "bias_mmhg": self.bias_mmhg,
            "limits_of_agreement_mmhg": (
                list(self.limits_of_agreement_mmhg) if self.limits_of_agreement_mmhg else None
            ),
            "limits_half_width_mmhg": self.limits_half_width_mmhg,
            "verdict": self.verdict,
            "repeatability_icc": list(self.repeatability_icc) if self.repeatability_icc else None,
            "reference": self.reference.key,
        }


_ULTRASOUND = "doppler-ultrasound"

AGREEMENT_STUDIES: tuple[AgreementStudy, ...] = (
    AgreementStudy(
        DetectionMethod.DOPPLER, Limb.ARM, _ULTRASOUND, 30, None, -0.65, None, 5.56,
        "agrees", None, VEHRS_2023,
    ),
    AgreementStudy(
        DetectionMethod.DOPPLER, Limb.THIGH, _ULTRASOUND, 30, None, -2.93, None, 5.58,
        "agrees", None, VEHRS_2023,
    ),
    # Karanasios 2021: manual cuff and hand-held Doppler on the arm, three blinded raters;
    # ICC 0.894 supine to 0.984 standing.
    AgreementStudy(
        DetectionMethod.DOPPLER, Limb.ARM, None, 42, None, None, None, None,
        "repeatable", (0.894, 0.984), KARANASIOS_2021,
    ),
    AgreementStudy(
        DetectionMethod.PULSE_OXIMETER, Limb.THIGH, _ULTRASOUND, 50, 20.0, 6.3, (-16.2, 28.8), None,
        "agrees", (0.72, 0.79), BREKKE_2020,
    ),
    AgreementStudy(
        DetectionMethod.PULSE_OXIMETER, Limb.ARM, _ULTRASOUND, 94, 12.0, None, None, None,
        "agrees", None, ZENG_2019,
    ),
    AgreementStudy(
        DetectionMethod.PULSE_OXIMETER, Limb.THIGH, _ULTRASOUND, 94, 12.0, None, None, None,
        "disagrees", None, ZENG_2019,
    ),
)


def agreement_studies(
    method: DetectionMethod | str, limb: Limb | str | None = None
) -> tuple[AgreementStudy, ...]:
    """Return the published studies of ``method`` (on ``limb``, or on every limb).

    Parameters
    ----------
    method
        ``"doppler"`` (hand-held) or ``"pulse-oximeter"``.
    limb
        ``"arm"`` or ``"thigh"``; ``None`` for both.

    Returns
    -------
    tuple of AgreementStudy
        In the order of :data:`AGREEMENT_STUDIES`.
    """
    chosen = choose(method, DetectionMethod, "pulse detection method")
    chosen_limb = None if limb is None else choose(limb, Limb, "limb")
    return tuple(
        study
        for study in AGREEMENT_STUDIES
        if study.method == chosen and (chosen_limb is None or study.limb == chosen_limb)
    )
