"""Warnings attached to LOP estimates: posture, cuff material, cuff width, studied range.

Each warning says why an estimate may not describe this person and cites the evidence. None of
them rescales the estimate: where a correction factor would be tempting (posture), the advice is
to measure in the training posture instead.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register
from occlusion.messages import Message
from occlusion.science.cuff_materials import CUFF_TYPE_2013
from occlusion.science.lop.equations import EquationInfo
from occlusion.vocabulary import CuffMaterial, Limb, Posture

HUGHES_2018 = register(
    Reference(
        key="hughes_2018_aop_body_position",
        citation=(
            "Hughes L, Jeffries O, Waldron M, et al. Influence and reliability of lower-limb "
            "arterial occlusion pressure at different body positions. PeerJ 2018;6:e4697."
        ),
        status="verified",
        url="https://eprints.ncl.ac.uk/250884",
        note=(
            "Abstract read: n = 50, dominant leg, Delfi automatic device; AOP supine "
            "187.00 ± 32.5, seated 204.00 ± 28.5, standing 241.50 ± 49.3 mmHg (all p < 0.001); "
            "measure AOP in the position in which occlusion will be applied."
        ),
    )
)

SIELJACKS_2018 = register(
    Reference(
        key="sieljacks_2018_aop_body_position",
        citation=(
            "Sieljacks P, et al. Body position influences arterial occlusion pressure: "
            "implications for the standardization of pressure during blood flow restricted "
            "exercise. Eur J Appl Physiol 2018;118(2):303-312."
        ),
        status="verified",
        doi="10.1007/s00421-017-3770-2",
        url="http://47.251.13.51:8081/29196847",
        note=(
            "Abstract read: n = 24, thigh, Doppler; supine AOP 148 ± 19 (wide cuff) and "
            "348 ± 94 mmHg (narrow cuff), seated 177 ± 20 and 409 ± 101 mmHg."
        ),
    )
)

KARANASIOS_2021 = register(
    Reference(
        key="karanasios_2021_arm_aop_body_position",
        citation=(
            "Karanasios S, Koutri C, Moutzouri M, et al. The effect of body position and the "
            "reliability of upper limb arterial occlusion pressure using a handheld Doppler "
            "ultrasound for blood flow restriction training. 2021."
        ),
        status="verified",
        doi="10.1177/19417381211043877",
        url="https://bohrium.dp.tech/paper/arxiv/811817940260225024",
        note=(
            "Abstract read: n = 42, manual cuff and handheld Doppler; upper-limb AOP higher "
            "seated than supine and higher supine than standing."
        ),
    )
)

BUCKNER_2017 = register(
    Reference(
        key="buckner_2017_cuff_material",
        citation=(
            "Buckner SL, et al. Influence of cuff material on blood flow restriction stimulus "
            "in the upper body. J Physiol Sci 2017;67:207-215."
        ),
        status="verified",
        doi="10.1007/s12576-016-0457-0",
        url="https://jps.biomedcentral.com/articles/10.1007/s12576-016-0457-0",
        note=(
            "Abstract read: resting AOP with narrow nylon cuffs 139 (14) mmHg vs elastic cuffs "
            "246 (71) mmHg; responses matched when each cuff was set relative to its own AOP."
        ),
    )
)

#: Systolic pressure at or above which the person is outside the mostly normotensive samples the
#: equations come from. This threshold is a project policy (the usual hypertension cut-off),
#: not a number from the LOP papers.
HYPERTENSIVE_SBP_MMHG = 140.0

#: How :attr:`EquationInfo.cuff_width_basis` begins when the cuff's width was read into the
#: source's words rather than stated there (the 2019 thigh equation's "circumference of 18 cm").
INTERPRETED_WIDTH_PREFIX = "interpretation:"


def estimate_warnings(
    info: EquationInfo,
    *,
    cuff_width_cm: float,
    posture: Posture,
    cuff_material: CuffMaterial,
    age_years: float | None,
    circumference_cm: float,
    sbp_mmhg: float,
) -> tuple[list[Message], list[Reference]]:
    """Return the reasons to trust an estimate from ``info`` less, and their sources.

    Parameters
    ----------
    info
        The equation used.
    cuff_width_cm
        The person's cuff width [cm].
    posture
        The posture the person will train in.
    cuff_material
        ``"nylon"`` or ``"elastic"``.
    age_years
        Age [years], or ``None``.
    circumference_cm
        Limb circumference [cm].
    sbp_mmhg
        Resting systolic pressure [mmHg].

    Returns
    -------
    tuple[list[Message], list[Reference]]
        The warnings (posture, elastic cuff, cuff width, a cuff width read into the source's
        words, studied ranges, hypertensive SBP, population) and the references behind them.

    References
    ----------
    .. [1] Hughes L et al. PeerJ 2018;6:e4697.
    .. [2] Sieljacks P et al. Eur J Appl Physiol 2018;118:303-312.
    .. [3] Karanasios S et al. 2021, doi:10.1177/19417381211043877.
    .. [4] Buckner SL et al. J Physiol Sci 2017;67:207-215.
    .. [5] Loenneke JP et al. Clin Physiol Funct Imaging 2013;33(4):325-327.
    """
    warnings: list[Message] = []
    references: list[Reference] = []

    posture_note = (
        "Thigh LOP depends on posture: group means 187 mmHg supine, 204 seated and 241.5 "
        "standing (Hughes 2018); 148 supine vs 177 seated with a wide cuff (Sieljacks 2018). "
        "This estimate is not rescaled; measure LOP in the posture you will train in."
        if info.limb == Limb.THIGH
        else "Arm LOP differs between supine, seated and standing (Karanasios 2021); "
        "measure LOP in the posture you will train in."
    )
    posture_references = (
        [HUGHES_2018, SIELJACKS_2018]
        if info.limb == Limb.THIGH
        else [KARANASIOS_2021]
    )
    if info.posture is None:
        warnings.append(
            Message(
                f"The source of {info.name} does not state the posture LOP was measured in. "
                + posture_note,
                code="lop.posture-not-stated",
                equation=info.name,
                limb=info.limb,
                posture=posture,
            )
        )
        references.extend(posture_references)
    elif info.posture != posture:
        warnings.append(
            Message(
                f"{info.name} was developed {info.posture}; you will train {posture}. "
                + posture_note,
                code="lop.other-posture",
                equation=info.name,
                limb=info.limb,
                equation_posture=info.posture,
                posture=posture,
            )
        )
        references.extend(posture_references)

    if cuff_material == CuffMaterial.ELASTIC:
        warning, reference = _elastic_cuff_warning(info)
        warnings.append(warning)
        references.append(reference)

    if cuff_width_cm != info.cuff_width_cm:
        warnings.append(
            Message(
                f"Your cuff is {cuff_width_cm:g} cm wide; {info.name} was developed with a "
                f"{info.cuff_width_cm:g} cm cuff. Narrower cuffs need more pressure.",
                code="lop.other-cuff-width",
                equation=info.name,
                cuff_width_cm=cuff_width_cm,
                equation_cuff_width_cm=info.cuff_width_cm,
            )
        )

    if info.cuff_width_basis.startswith(INTERPRETED_WIDTH_PREFIX):
        basis = info.cuff_width_basis.removeprefix(INTERPRETED_WIDTH_PREFIX).strip()
        warnings.append(
            Message(
                f"The {info.cuff_width_cm:g} cm cuff width of {info.name} is an interpretation: "
                f"{basis}.",
                code="lop.cuff-width-interpretation",
                equation=info.name,
                equation_cuff_width_cm=info.cuff_width_cm,
                basis=basis,
            )
        )

    warnings.extend(_range_warnings(info, age_years, circumference_cm, sbp_mmhg))
    if sbp_mmhg >= HYPERTENSIVE_SBP_MMHG:
        warnings.append(
            Message(
                f"Resting SBP {sbp_mmhg:g} mmHg is in the hypertensive range; the equation comes "
                "from healthy young adults. Get clinical clearance and measure LOP.",
                code="lop.hypertensive-sbp",
                sbp_mmhg=sbp_mmhg,
                threshold_mmhg=HYPERTENSIVE_SBP_MMHG,
            )
        )
    warnings.append(
        Message(
            f"Developed in {info.population}; not validated in older people or people with "
            f"cardiovascular disease. Published error: {info.error_statistic} "
            f"{info.error_mmhg:g} mmHg (R² {info.r_squared:g}).",
            code="lop.population-and-error",
            equation=info.name,
            population=info.population,
            error_statistic=info.error_statistic,
            error_mmhg=info.error_mmhg,
            r_squared=info.r_squared,
        )
    )
    return warnings, references


def _elastic_cuff_warning(info: EquationInfo) -> tuple[Message, Reference]:
    """Return the elastic-cuff warning that follows the evidence for the equation's limb."""
    if info.limb == Limb.THIGH:
        return (
            Message(
                "On the thigh, 5 cm elastic and 5 cm nylon cuffs occluded at pressures that did "
                "not differ (Loenneke 2013), so an elastic cuff is not known to need more "
                f"pressure there; but {info.name} was developed with an inelastic cuff of "
                "another width and no study read compared elastic and nylon cuffs at that "
                "width: measure this cuff's LOP.",
                code="lop.elastic-cuff",
                equation=info.name,
                limb=info.limb,
            ),
            CUFF_TYPE_2013,
        )
    return (
        Message(
            "The equation was developed with an inelastic (nylon) cuff. On the arm, narrow "
            "elastic cuffs needed far higher pressure to occlude (246 (71) vs 139 (14) mmHg, "
            "Buckner 2017), so this estimate does not describe an elastic cuff: measure its LOP.",
            code="lop.elastic-cuff",
            equation=info.name,
            limb=info.limb,
        ),
        BUCKNER_2017,
    )


def _range_warnings(
    info: EquationInfo, age_years: float | None, circumference_cm: float, sbp_mmhg: float
) -> list[Message]:
    checks: list[tuple[str, float | None, tuple[float, float] | None, str]] = [
        ("age", age_years, info.age_years_range, "years"),
        ("circumference", circumference_cm, info.circumference_cm_range, "cm"),
        ("SBP", sbp_mmhg, info.sbp_mmhg_range, "mmHg"),
    ]
    warnings: list[Message] = []
    for label, value, studied, unit in checks:
        if value is None or studied is None:
            continue
        low, high = studied
        if not low <= value <= high:
            warnings.append(
                Message(
                    f"{label} {value:g} {unit} is outside the range studied for {info.name} "
                    f"({low:g}-{high:g} {unit}; {info.range_basis}); the estimate is an "
                    "extrapolation.",
                    code="lop.outside-studied-range",
                    equation=info.name,
                    quantity=label,
                    value=value,
                    unit=unit,
                    low=low,
                    high=high,
                )
            )
    return warnings
