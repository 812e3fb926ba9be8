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

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from occlusion.errors import NotEstimableError
from occlusion.evidence import Reference
from occlusion.messages import Message
from occlusion.science.checks import (
    PLAUSIBLE_AGE_YEARS,
    PLAUSIBLE_CUFF_WIDTH_CM,
    check_blood_pressure_mmhg,
    check_circumference_cm,
    require_between,
)
from occlusion.science.lop.equations import (
    ADULT_AGE_YEARS,
    EQUATIONS,
    LOENNEKE_2015,
    EquationInfo,
    equation_named,
    unverified_equations_for,
)
from occlusion.science.lop.estimate_warnings import estimate_warnings
from occlusion.science.lop.record import LopMeasurement
from occlusion.science.lop.student_t import student_t_quantile_975
from occlusion.text import article_before_number
from occlusion.vocabulary import CuffMaterial, Limb, LopMethod, Posture, Sex, Side, choose

#: Cuffs at most this wide on the thigh are refused with the Spitz 2024 explanation.
NARROW_THIGH_CUFF_MAX_CM = 6.0

#: **Project policy** (not from a study): an equation is applied up to this many years beyond
#: the age range of the sample it was fitted on, with a warning; further out it refuses and
#: routes to measurement. Never below adulthood for equations fitted on adults.
POPULATION_AGE_MARGIN_YEARS = 5.0
#: Code of the refusal outside the studied population.
CODE_OUTSIDE_POPULATION = "lop.not-estimable.outside-studied-population"

HOW_TO_MEASURE = (
    "Measure LOP instead (manual cuff and gauge with a hand-held Doppler or a pulse oximeter), "
    "or use a device that measures LOP automatically."
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
    warnings: tuple[Message, ...]
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
    posture: Posture = Posture.SEATED,
    cuff_material: CuffMaterial = CuffMaterial.NYLON,
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
        thigh (Spitz 2024), other widths without an equation, a missing predictor, or a person
        outside the studied population by more than the policy margin (code
        ``lop.not-estimable.outside-studied-population``, fields ``what``, ``value``,
        ``studied``, ``accepted``). The message says how to measure instead.

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
    checked_limb = choose(limb, Limb, "limb")
    posture = choose(posture, Posture, "posture")
    cuff_material = choose(cuff_material, CuffMaterial, "cuff material")
    if sex is not None:
        sex = choose(sex, Sex, "sex")
    width_cm = require_between(cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
    limb_circumference_cm = check_circumference_cm(checked_limb, circumference_cm)
    sbp, dbp = check_blood_pressure_mmhg(sbp_mmhg, dbp_mmhg)
    age = (
        None
        if age_years is None
        else require_between(age_years, *PLAUSIBLE_AGE_YEARS, "age", "years")
    )

    info = applicable_equation(checked_limb, width_cm, method)
    arguments = _equation_arguments(info, limb_circumference_cm, sbp, dbp, age, sex)
    _require_population(info, age)
    lop_mmhg = info.function(**arguments)
    quantile = student_t_quantile_975(info.residual_degrees_of_freedom)
    half_width_mmhg = quantile * info.error_mmhg

    warnings, warning_references = estimate_warnings(
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
        method=LopMethod.ESTIMATE,
        lop_mmhg=result.lop_mmhg,
        interval_95_mmhg=result.interval_95_mmhg,
        notes=notes or f"estimated with {result.method}",
    )


def applicable_equation(
    limb: Limb, cuff_width_cm: float, method: str | None = None
) -> EquationInfo:
    """Return the verified equation :func:`estimate` would use for this limb and cuff.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    cuff_width_cm
        Width of the cuff's bladder [cm].
    method
        Force an equation by name.

    Returns
    -------
    EquationInfo
        The applicable equation with the smallest published error.

    Raises
    ------
    NotEstimableError
        No verified equation covers the limb and cuff (codes ``lop.not-estimable.arm``,
        ``lop.not-estimable.narrow-thigh-cuff``, ``lop.not-estimable.cuff-width``,
        ``lop.not-estimable.wrong-limb``, ``lop.not-estimable.method-cuff-width``).
    """
    limb = choose(limb, Limb, "limb")
    if method is not None:
        info = equation_named(method)
        if info.limb != limb:
            raise NotEstimableError(
                f"method {info.name} is for the {info.limb}, not the {limb}. {HOW_TO_MEASURE}",
                code="lop.not-estimable.wrong-limb",
                method=info.name,
                limb=limb,
            )
        _require_width_covered(info, cuff_width_cm)
        return info
    if limb == Limb.ARM:
        raise NotEstimableError(
            "no verified equation estimates LOP on the arm: the coefficients of the published "
            f"arm equation (Loenneke 2015, doi:{LOENNEKE_2015.doi}) could not be read in the "
            f"primary source, so none is shipped. {HOW_TO_MEASURE}",
            code="lop.not-estimable.arm",
            limb=limb,
        )
    if cuff_width_cm <= NARROW_THIGH_CUFF_MAX_CM:
        raise NotEstimableError(
            f"LOP of a {cuff_width_cm:g} cm cuff on the thigh cannot be estimated with useful "
            "precision (Spitz et al. 2024: 95 % limits of agreement -133.6 to +147.8 mmHg; "
            f"some people need more than 600 mmHg). {HOW_TO_MEASURE} Prefer a wider cuff on "
            "the thigh if you can.",
            code="lop.not-estimable.narrow-thigh-cuff",
            cuff_width_cm=cuff_width_cm,
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
        unchecked = [entry.name for entry in unverified_equations_for(limb, cuff_width_cm)]
        published = (
            f" An equation published for this width ({', '.join(unchecked)}) could not be "
            "checked against its paper, so it is not used."
            if unchecked
            else ""
        )
        raise NotEstimableError(
            f"no verified equation covers {article_before_number(f'{cuff_width_cm:g}')} "
            f"{cuff_width_cm:g} cm cuff on the {limb} "
            f"(verified: {covered}); LOP changes strongly with cuff width, so another cuff's "
            f"equation would mislead.{published} {HOW_TO_MEASURE}",
            code="lop.not-estimable.cuff-width",
            cuff_width_cm=cuff_width_cm,
            limb=limb,
            unchecked_equations=unchecked,
        )
    return min(candidates, key=lambda info: info.error_mmhg)


def accepted_age_years(info: EquationInfo) -> tuple[float, float] | None:
    """Return the ages [years] at which :func:`estimate` applies ``info`` (studied ± policy).

    The studied range widened by :data:`POPULATION_AGE_MARGIN_YEARS` on each side, but never
    below adulthood (18 years) for equations fitted on adults; ``None`` when the source gives
    no age range.
    """
    if info.age_years_range is None:
        return None
    low, high = info.age_years_range
    accepted_low = low - POPULATION_AGE_MARGIN_YEARS
    if low >= ADULT_AGE_YEARS:
        accepted_low = max(accepted_low, ADULT_AGE_YEARS)
    return accepted_low, high + POPULATION_AGE_MARGIN_YEARS


def _require_population(info: EquationInfo, age_years: float | None) -> None:
    accepted = accepted_age_years(info)
    if accepted is None or age_years is None or info.age_years_range is None:
        return
    low, high = accepted
    if not low <= age_years <= high:
        studied_low, studied_high = info.age_years_range
        raise NotEstimableError(
            f"{info.name} covers ages {studied_low:g}-{studied_high:g} years as this project "
            f"reads its sample ({info.population}); "
            f"at {age_years:g} years the estimate would be an extrapolation beyond the "
            f"{POPULATION_AGE_MARGIN_YEARS:g}-year policy margin ({low:g}-{high:g} years), so "
            "LOP must be measured instead",
            code=CODE_OUTSIDE_POPULATION,
            method=info.name,
            what="age",
            value=age_years,
            unit="years",
            studied=[studied_low, studied_high],
            accepted=[low, high],
            margin=POPULATION_AGE_MARGIN_YEARS,
            margin_basis="policy",
        )


def _require_width_covered(info: EquationInfo, cuff_width_cm: float) -> None:
    low, high = info.applicable_cuff_width_cm
    if not low <= cuff_width_cm <= high:
        raise NotEstimableError(
            f"method {info.name} is for a {info.cuff_width_cm:g} cm cuff (used for "
            f"{low:g}-{high:g} cm); a {cuff_width_cm:g} cm cuff occludes at a different "
            f"pressure. {HOW_TO_MEASURE}",
            code="lop.not-estimable.method-cuff-width",
            method=info.name,
            cuff_width_cm=cuff_width_cm,
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
    missing = [name for name in info.predictors if available.get(name) is None]
    if missing:
        raise NotEstimableError(
            f"method {info.name} needs {', '.join(missing)}. Without them: {HOW_TO_MEASURE}",
            code="lop.not-estimable.missing-inputs",
            method=info.name,
            missing=tuple(missing),
        )
    return {name: available[name] for name in info.predictors}


def _unique_references(references: tuple[Reference, ...]) -> tuple[Reference, ...]:
    unique: dict[str, Reference] = {}
    for reference in references:
        unique.setdefault(reference.key, reference)
    return tuple(unique.values())
