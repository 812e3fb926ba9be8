"""Estimate limb occlusion pressure (LOP) from a published equation, with its uncertainty.

:func:`estimate` picks the published equation that applies to the limb and cuff, returns the
predicted LOP with a 95 % prediction interval built from the published error, the method and
its references, and warnings about everything that makes the estimate less trustworthy for this
person (posture, population, cuff material, cuff width). It refuses with
:class:`~occlusion.errors.NotEstimableError` when no verified equation applies and says how to
measure instead. :func:`methods` lists the equations.

A measured LOP is always better than an estimate: published errors are around ±30 mmHg (95 %)
for wide thigh cuffs and much worse for narrow ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from occlusion.errors import InputError, NotEstimableError
from occlusion.evidence import Reference, register
from occlusion.science.common import (
    CUFF_MATERIALS,
    LIMBS,
    PLAUSIBLE_AGE_YEARS,
    PLAUSIBLE_CUFF_WIDTH_CM,
    POSTURES,
    SEXES,
    CuffMaterial,
    Limb,
    Posture,
    Sex,
    check_blood_pressure_mmhg,
    check_circumference_cm,
    choose,
    require_between,
)
from occlusion.science.lop_equations import (
    EQUATIONS,
    LOENNEKE_2015,
    SPITZ_2024,
    EquationInfo,
    equation_named,
)
from occlusion.science.lop_measurement import LopMeasurement, Side

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
        key="buckner_2017_cuff_material_aop",
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

#: Cuffs at most this wide on the thigh are refused with the Spitz 2024 explanation.
NARROW_THIGH_CUFF_MAX_CM = 6.0

HOW_TO_MEASURE = (
    "Measure LOP instead: run 'occlusion lop measure' (manual cuff and gauge with a hand-held "
    "Doppler or a pulse oximeter), or use a device that measures LOP automatically."
)


@dataclass(frozen=True, slots=True)
class LopEstimate:
    """An estimated limb occlusion pressure with its uncertainty and provenance.

    Parameters
    ----------
    lop_mmhg
        Predicted limb occlusion pressure [mmHg].
    interval_95_mmhg
        Approximate 95 % prediction interval (low, high) [mmHg].
    method
        Name of the equation used (see :func:`methods`).
    references
        Sources of the equation and of the warnings.
    warnings
        Reasons to trust the estimate less, each one sentence or two.
    inputs
        The validated inputs the estimate was computed from.
    error_statistic
        Published error the interval comes from (``SEE`` or ``RMSE``).
    error_mmhg
        Its value [mmHg].
    t_quantile
        Student t quantile ``t(0.975, n - k - 1)`` the error is multiplied by [-].
    """

    lop_mmhg: float
    interval_95_mmhg: tuple[float, float]
    method: str
    references: tuple[Reference, ...]
    warnings: tuple[str, ...]
    inputs: dict[str, Any]
    error_statistic: str
    error_mmhg: float
    t_quantile: float

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form used by ``occlusion lop estimate --json``."""
        return {
            "lop_mmhg": self.lop_mmhg,
            "interval_95_mmhg": list(self.interval_95_mmhg),
            "method": self.method,
            "references": [reference.as_dict() for reference in self.references],
            "warnings": list(self.warnings),
            "inputs": dict(self.inputs),
            "error_statistic": self.error_statistic,
            "error_mmhg": self.error_mmhg,
            "t_quantile": self.t_quantile,
        }


def methods() -> tuple[EquationInfo, ...]:
    """Return the verified LOP equations that :func:`estimate` can use."""
    return EQUATIONS


def estimate(
    *,
    limb: Limb,
    cuff_width_cm: float,
    circumference_cm: float,
    sbp_mmhg: float,
    dbp_mmhg: float | None = None,
    age_years: float | None = None,
    sex: Sex | None = None,
    posture: Posture = "seated",
    cuff_material: CuffMaterial = "nylon",
    method: str | None = None,
) -> LopEstimate:
    """Estimate limb occlusion pressure from the published equation that applies.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    cuff_width_cm
        Width of the cuff's inflatable bladder [cm].
    circumference_cm
        Limb circumference where the cuff sits [cm].
    sbp_mmhg
        Resting brachial systolic blood pressure [mmHg].
    dbp_mmhg
        Resting brachial diastolic blood pressure [mmHg]; validated, used only by equations
        that need it.
    age_years
        Age [years]; required by equations with an age term.
    sex
        ``"male"`` or ``"female"``; required by equations with a sex term.
    posture
        Posture the person will train in (``"supine"``, ``"seated"``, ``"standing"``).
    cuff_material
        ``"nylon"`` (inelastic, as in the studies) or ``"elastic"``.
    method
        Force a specific equation by name; by default the applicable one with the smallest
        published error is chosen.

    Returns
    -------
    LopEstimate
        Predicted LOP [mmHg], 95 % prediction interval [mmHg], method, references, warnings.

    Raises
    ------
    InputError
        For impossible or implausible inputs (for example DBP ≥ SBP) or an unknown method.
    NotEstimableError
        When no verified equation applies: any cuff on the arm, narrow (≤ 6 cm) cuffs on the
        thigh (Spitz 2024), other widths without an equation, or a missing predictor. The
        message says how to measure instead.

    Notes
    -----
    The interval is ``LOP ± t(0.975, n − k − 1) · SEE``: the published standard error of the
    estimate (or RMSE) times the Student t quantile on the residual degrees of freedom of the
    original fit (n participants, k predictors). It omits the leverage term
    ``sqrt(1 + h)`` of an exact prediction interval, which needs the study's design matrix;
    the omission makes the interval slightly too narrow for people far from the sample mean.
    The estimate is never rescaled for posture; a warning explains the posture effect instead.

    References
    ----------
    .. [1] Cirilo-Sousa MS et al. Rev Bras Med Esporte 2019;25(6):494-497.
    .. [2] Spitz RW et al. Physiol Meas 2024;45(2).
    .. [3] Hughes L et al. PeerJ 2018;6:e4697.
    .. [4] Buckner SL et al. J Physiol Sci 2017;67:207-215.
    """
    checked_limb = _checked_limb(limb)
    choose(posture, POSTURES, "posture")
    choose(cuff_material, CUFF_MATERIALS, "cuff material")
    if sex is not None:
        choose(sex, SEXES, "sex")
    width_cm = require_between(cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
    limb_circumference_cm = check_circumference_cm(checked_limb, circumference_cm)
    sbp, dbp = check_blood_pressure_mmhg(sbp_mmhg, dbp_mmhg)
    age = (
        None
        if age_years is None
        else require_between(age_years, *PLAUSIBLE_AGE_YEARS, "age", "years")
    )

    info = _choose_equation(checked_limb, width_cm, method)
    arguments = _equation_arguments(info, limb_circumference_cm, sbp, dbp, age, sex)
    lop_mmhg = info.function(**arguments)
    quantile = student_t_quantile_975(info.residual_degrees_of_freedom)
    half_width_mmhg = quantile * info.error_mmhg

    warnings, warning_references = _warnings(
        info,
        cuff_width_cm=width_cm,
        posture=posture,
        cuff_material=cuff_material,
        age_years=age,
        circumference_cm=limb_circumference_cm,
        sbp_mmhg=sbp,
    )
    references = _unique_references((*info.references, *warning_references))
    inputs: dict[str, Any] = {
        "limb": checked_limb,
        "cuff_width_cm": width_cm,
        "circumference_cm": limb_circumference_cm,
        "sbp_mmhg": sbp,
        "dbp_mmhg": dbp,
        "age_years": age,
        "sex": sex,
        "posture": posture,
        "cuff_material": cuff_material,
    }
    return LopEstimate(
        lop_mmhg=lop_mmhg,
        interval_95_mmhg=(lop_mmhg - half_width_mmhg, lop_mmhg + half_width_mmhg),
        method=info.name,
        references=references,
        warnings=tuple(warnings),
        inputs=inputs,
        error_statistic=info.error_statistic,
        error_mmhg=info.error_mmhg,
        t_quantile=quantile,
    )


def record_estimate(
    result: LopEstimate, *, side: Side, local_time: datetime, notes: str = ""
) -> LopMeasurement:
    """Turn an estimate into a :class:`LopMeasurement` record with ``method="estimate"``.

    Parameters
    ----------
    result
        The estimate to record.
    side
        ``"left"`` or ``"right"``.
    local_time
        When it was made, as an aware local datetime (stored as UTC plus the local offset).
    notes
        Free text; by default the equation's name.

    Returns
    -------
    LopMeasurement
        The record, carrying the 95 % prediction interval.
    """
    inputs = result.inputs
    return LopMeasurement.at_local_time(
        local_time,
        limb=inputs["limb"],
        side=side,
        posture=inputs["posture"],
        cuff_width_cm=inputs["cuff_width_cm"],
        cuff_material=inputs["cuff_material"],
        method="estimate",
        lop_mmhg=result.lop_mmhg,
        interval_95_mmhg=result.interval_95_mmhg,
        notes=notes or f"estimated with {result.method}",
    )


def _checked_limb(limb: str) -> Limb:
    choose(limb, LIMBS, "limb")
    return "arm" if limb == "arm" else "thigh"


def _choose_equation(limb: Limb, cuff_width_cm: float, method: str | None) -> EquationInfo:
    if method is not None:
        info = equation_named(method)
        if info.limb != limb:
            raise NotEstimableError(
                f"method {info.name} is for the {info.limb}, not the {limb}. {HOW_TO_MEASURE}"
            )
        _require_width_covered(info, cuff_width_cm)
        return info
    if limb == "arm":
        raise NotEstimableError(
            "no verified equation estimates LOP on the arm: the coefficients of the published "
            f"arm equation (Loenneke 2015, doi:{LOENNEKE_2015.doi}) could not be read in the "
            f"primary source, so none is shipped. {HOW_TO_MEASURE}"
        )
    if cuff_width_cm <= NARROW_THIGH_CUFF_MAX_CM:
        raise NotEstimableError(
            f"LOP of a {cuff_width_cm:g} cm cuff on the thigh cannot be estimated with useful "
            "precision (Spitz et al. 2024: 95 % limits of agreement -133.6 to +147.8 mmHg; "
            f"some people need more than 600 mmHg). {HOW_TO_MEASURE} Prefer a wider cuff on "
            "the thigh if you can."
        )
    candidates = [
        info
        for info in EQUATIONS
        if info.limb == limb
        and info.applicable_cuff_width_cm[0] <= cuff_width_cm <= info.applicable_cuff_width_cm[1]
    ]
    if not candidates:
        covered = ", ".join(
            f"{info.applicable_cuff_width_cm[0]:g}-{info.applicable_cuff_width_cm[1]:g} cm"
            for info in EQUATIONS
            if info.limb == limb
        )
        raise NotEstimableError(
            f"no verified equation covers a {cuff_width_cm:g} cm cuff on the {limb} "
            f"(verified: {covered}); LOP changes strongly with cuff width, so another cuff's "
            f"equation would mislead. {HOW_TO_MEASURE}"
        )
    return min(candidates, key=lambda info: info.error_mmhg)


def _require_width_covered(info: EquationInfo, cuff_width_cm: float) -> None:
    low, high = info.applicable_cuff_width_cm
    if not low <= cuff_width_cm <= high:
        raise NotEstimableError(
            f"method {info.name} is for a {info.cuff_width_cm:g} cm cuff (used for "
            f"{low:g}-{high:g} cm); a {cuff_width_cm:g} cm cuff occludes at a different "
            f"pressure. {HOW_TO_MEASURE}"
        )


def _equation_arguments(
    info: EquationInfo,
    circumference_cm: float,
    sbp_mmhg: float,
    dbp_mmhg: float | None,
    age_years: float | None,
    sex: Sex | None,
) -> dict[str, Any]:
    available: dict[str, Any] = {
        "circumference_cm": circumference_cm,
        "sbp_mmhg": sbp_mmhg,
        "dbp_mmhg": dbp_mmhg,
        "age_years": age_years,
        "sex": sex,
    }
    options = {"dbp_mmhg": "--dbp", "age_years": "--age", "sex": "--sex"}
    missing = [name for name in info.predictors if available.get(name) is None]
    if missing:
        wanted = ", ".join(options.get(name, name) for name in missing)
        raise NotEstimableError(
            f"method {info.name} needs {', '.join(missing)}: give {wanted}. "
            f"Without them: {HOW_TO_MEASURE}"
        )
    return {name: available[name] for name in info.predictors}


def _warnings(
    info: EquationInfo,
    *,
    cuff_width_cm: float,
    posture: Posture,
    cuff_material: CuffMaterial,
    age_years: float | None,
    circumference_cm: float,
    sbp_mmhg: float,
) -> tuple[list[str], list[Reference]]:
    warnings: list[str] = []
    references: list[Reference] = []

    posture_note = (
        "Thigh LOP depends on posture: group means 187 mmHg supine, 204 seated and 241.5 "
        "standing (Hughes 2018); 148 supine vs 177 seated with a wide cuff (Sieljacks 2018); "
        "seated/supine about 1.13 in a third study (Hannah & Miller, ECSS 2018 abstract, from "
        "the project evidence notes). This estimate is not rescaled; measure LOP in the "
        "posture you will train in."
        if info.limb == "thigh"
        else "Arm LOP differs between supine, seated and standing (Karanasios 2021); "
        "measure LOP in the posture you will train in."
    )
    posture_references = (
        [HUGHES_2018, SIELJACKS_2018]
        if info.limb == "thigh"
        else [KARANASIOS_2021]
    )
    if info.posture is None:
        warnings.append(
            f"The source of {info.name} does not state the posture LOP was measured in. "
            + posture_note
        )
        references.extend(posture_references)
    elif info.posture != posture:
        warnings.append(
            f"{info.name} was developed {info.posture}; you will train {posture}. " + posture_note
        )
        references.extend(posture_references)

    if cuff_material == "elastic":
        warnings.append(
            "The equation was developed with an inelastic (nylon) cuff. Elastic cuffs need far "
            "higher pressure to occlude (narrow arm cuffs: 246 (71) vs 139 (14) mmHg, Buckner "
            "2017), so this estimate does not describe an elastic cuff: measure its LOP."
        )
        references.append(BUCKNER_2017)

    if cuff_width_cm != info.cuff_width_cm:
        warnings.append(
            f"Your cuff is {cuff_width_cm:g} cm wide; {info.name} was developed with a "
            f"{info.cuff_width_cm:g} cm cuff. Narrower cuffs need more pressure."
        )

    warnings.extend(_range_warnings(info, age_years, circumference_cm, sbp_mmhg))
    if sbp_mmhg >= HYPERTENSIVE_SBP_MMHG:
        warnings.append(
            f"Resting SBP {sbp_mmhg:g} mmHg is in the hypertensive range; the equation comes "
            "from healthy young adults. Get clinical clearance and measure LOP."
        )
    warnings.append(
        f"Developed in {info.population}; not validated in older people or people with "
        f"cardiovascular disease. Published error: {info.error_statistic} "
        f"{info.error_mmhg:g} mmHg (R² {info.r_squared:g})."
    )
    return warnings, references


def _range_warnings(
    info: EquationInfo, age_years: float | None, circumference_cm: float, sbp_mmhg: float
) -> list[str]:
    checks: list[tuple[str, float | None, tuple[float, float] | None, str]] = [
        ("age", age_years, info.age_years_range, "years"),
        ("circumference", circumference_cm, info.circumference_cm_range, "cm"),
        ("SBP", sbp_mmhg, info.sbp_mmhg_range, "mmHg"),
    ]
    warnings = []
    for label, value, studied, unit in checks:
        if value is None or studied is None:
            continue
        low, high = studied
        if not low <= value <= high:
            warnings.append(
                f"{label} {value:g} {unit} is outside the range studied for {info.name} "
                f"({low:g}-{high:g} {unit}; {info.range_basis}); the estimate is an "
                "extrapolation."
            )
    return warnings


def _unique_references(references: tuple[Reference, ...]) -> tuple[Reference, ...]:
    unique: dict[str, Reference] = {}
    for reference in references:
        unique.setdefault(reference.key, reference)
    return tuple(unique.values())


def student_t_two_sided_probability(t_value: float, degrees_of_freedom: int) -> float:
    """Return ``P(|T| <= t)`` for Student's t with an integer number of degrees of freedom.

    Parameters
    ----------
    t_value
        Non-negative t statistic [-].
    degrees_of_freedom
        Degrees of freedom, a positive integer.

    Returns
    -------
    float
        The two-sided probability ``A(t | ν)`` in [0, 1].

    Notes
    -----
    Uses the finite trigonometric series for integer ν (Abramowitz & Stegun 26.7.3 and
    26.7.4) with ``θ = atan(t / sqrt(ν))``, so no special-function library is needed and the
    command line stays fast.

    References
    ----------
    .. [1] Abramowitz M, Stegun IA. Handbook of Mathematical Functions, 1964, §26.7.
    """
    if degrees_of_freedom < 1:
        raise InputError(f"degrees of freedom must be at least 1, got {degrees_of_freedom}")
    theta = math.atan(abs(t_value) / math.sqrt(degrees_of_freedom))
    cosine_squared = math.cos(theta) ** 2
    if degrees_of_freedom % 2 == 1:
        series = 0.0
        term = math.cos(theta)
        for index in range(1, (degrees_of_freedom - 1) // 2 + 1):
            series += term
            term *= cosine_squared * (2 * index) / (2 * index + 1)
        probability = 2.0 / math.pi * (theta + math.sin(theta) * series)
    else:
        series = 0.0
        term = 1.0
        for index in range(1, degrees_of_freedom // 2 + 1):
            series += term
            term *= cosine_squared * (2 * index - 1) / (2 * index)
        probability = math.sin(theta) * series
    return min(max(probability, 0.0), 1.0)


def student_t_quantile_975(degrees_of_freedom: int) -> float:
    """Return the 97.5th percentile of Student's t (the half-width factor of a 95 % interval).

    Parameters
    ----------
    degrees_of_freedom
        Degrees of freedom, a positive integer.

    Returns
    -------
    float
        ``t`` with ``P(|T| <= t) = 0.95`` [-], found by bisection to 1e-10.
    """
    low, high = 0.0, 1000.0
    while high - low > 1e-10:
        middle = (low + high) / 2.0
        if student_t_two_sided_probability(middle, degrees_of_freedom) < 0.95:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


__all__ = [
    "HOW_TO_MEASURE",
    "SPITZ_2024",
    "EquationInfo",
    "LopEstimate",
    "estimate",
    "methods",
    "record_estimate",
    "student_t_quantile_975",
]
