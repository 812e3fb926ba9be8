"""Published equations that predict limb occlusion pressure (LOP), one function per paper.

Only coefficients read in the primary source are shipped. At the time of writing that is one
equation: the 18 cm thigh-cuff equation of Cirilo-Sousa et al. (Rev Bras Med Esporte 2019),
exposed as :func:`rbme_2019_thigh_18cm`. Several other equations exist in the literature
(Loenneke 2012 and 2015, Jessee 2016, Wedig 2024 and 2025); their coefficients could not be read
in the primary source here, so they are listed in :data:`UNVERIFIED_EQUATIONS` with the reason,
and the software refuses rather than guesses (an arm equation in particular is not available).

Each shipped equation is described by an :class:`EquationInfo` row in :data:`EQUATIONS`: limb,
cuff width, posture, population, error statistic and sample size.
:mod:`occlusion.science.lop.estimate` chooses among these rows and turns the published error
into a prediction interval.

The terms "arterial occlusion pressure" (AOP, used by the exercise-science papers) and "limb
occlusion pressure" (LOP, used by tourniquet makers) name the same quantity: the lowest cuff
pressure at which the pulse distal to the cuff disappears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from occlusion.errors import InputError
from occlusion.evidence import Reference, register
from occlusion.vocabulary import Limb, Posture, Sex, choose

CIRILO_SOUSA_2019 = register(
    Reference(
        key="cirilo_sousa_2019_thigh_aop_equation",
        citation=(
            "Cirilo-Sousa MS, Lemos JB, Poderoso R, et al. Predictive equation for blood flow "
            "restriction training. Rev Bras Med Esporte 2019;25(6):494-497."
        ),
        status="verified",
        url=(
            "http://www.scielo.br/scielo.php?pid=S1517-86922019000600494&script=sci_arttext&tlng=en"
        ),
        note=(
            "Abstract read: AOP = 65.290 + 1.110 TC + 0.178 SBP + 1.153 age - 7.984 sex "
            "(1 male, 2 female); r = 0.630, R2 = 0.397, SEE = 15.289 mmHg (printed '15,289'); "
            "n = 51 (32 M, 19 F), age 23.23 +/- 5.24 y; 'a cuff with a circumference of 18 cm' "
            "for the lower limbs (read as its width: an interpretation); Doppler; brachial "
            "SBP. Measurement posture and predictor ranges are not given in the abstract."
        ),
    )
)

LOENNEKE_2015 = register(
    Reference(
        key="loenneke_2015_aop_limb_circumference",
        citation=(
            "Loenneke JP, Allen K, Mouser J, et al. Blood flow restriction in the upper and "
            "lower limbs is predicted by limb circumference and systolic blood pressure. "
            "Eur J Appl Physiol 2015;115(2):397-405."
        ),
        status="verified",
        doi="10.1007/s00421-014-3030-7",
        url="https://searchworks.jioinstitute.edu.in/articles/asx__100352475",
        note=(
            "Abstract read: n = 171; arm 'Field' model R2 = 0.60 (standardised beta: arm "
            "circumference 0.419, SBP 0.394, DBP 0.147); thigh model R2 = 0.49 (beta: thigh "
            "circumference 0.579, SBP 0.281). Unstandardised coefficients are not in the abstract "
            "and were not shipped."
        ),
    )
)

WEDIG_2024 = register(
    Reference(
        key="wedig_2024_thigh_sphygmomanometer_aop",
        citation=(
            "Wedig et al. Development of a prediction equation to estimate lower-limb arterial "
            "occlusion pressure with a thigh sphygmomanometer. Eur J Appl Physiol "
            "2024;124(4):1281-1295."
        ),
        status="verified",
        doi="10.1007/s00421-023-05352-8",
        url="http://www.ncbi.nlm.nih.gov/pubmed/38001245",
        note=(
            "Abstract read: n = 143, 18 cm thigh sphygmomanometer, seated, posterior tibial "
            "Doppler; equation on thigh circumference, brachial SBP and age; R2 = 0.54, "
            "RMSE = 7.18 mmHg, 95 % limits of agreement +/-18.35 mmHg. Coefficients not in the "
            "abstract and not shipped."
        ),
    )
)

WEDIG_2025 = register(
    Reference(
        key="wedig_2025_aop_cuff_widths",
        citation=(
            "Wedig IJ, Lennox IM, Petushek EJ, Durocher JJ, McDaniel J, Elmer SJ. Predictors of "
            "lower-limb arterial occlusion pressure across commonly used cuff widths. "
            "Front Physiol 2025;16:1658744."
        ),
        status="verified",
        doi="10.3389/fphys.2025.1658744",
        url="https://www.frontiersin.org/articles/10.3389/fphys.2025.1658744",
        note=(
            "Abstract read (publisher page and a PMC12549662 mirror, December 2026; both "
            "stored copies end within the abstract): n = 116, seated, Doppler, 11/13/18 cm "
            "cuffs; TC, SBP, DBP, age and sex explain 60-70 % of AOP variance, more with "
            "narrower cuffs; thigh circumference uniquely explains 36/26/11 % and SBP 2/6/12 %; "
            "a cuff width x TC interaction, SBP's relation to AOP stable across widths. The "
            "cuff-specific LASSO equations, their errors and the cohort's descriptive "
            "statistics are in the full text, which could not be read: not shipped."
        ),
    )
)

SPITZ_2024 = register(
    Reference(
        key="spitz_2024_narrow_cuff_aop",
        citation=(
            "Spitz RW, Yamada Y, Wong V, et al. Blood flow restriction pressure for narrow cuffs "
            "(5 cm) cannot be estimated with precision. Physiol Meas 2024;45(2)."
        ),
        status="verified",
        url=(
            "https://pure.solent.ac.uk/en/publications/"
            "blood-flow-restriction-pressure-for-narrow-cuffs-5-cm-cannot-be-e"
        ),
        note=(
            "Abstract read: n = 170, 5 cm thigh cuff predicted from 12 cm AOP and thigh "
            "circumference; 95 % limits of agreement -133.6 to +147.8 mmHg; measured AOP above "
            "600 mmHg in some people, with a device generating up to 907 mmHg."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class EquationInfo:
    """What one published LOP equation covers and how well it predicts.

    Parameters
    ----------
    name
        Stable method name, also the name of the Python function (e.g. ``rbme_2019_thigh_18cm``).
    title
        One-line human description.
    limb
        Limb the equation was developed on.
    cuff_width_cm
        Width of the cuff used in the study [cm].
    applicable_cuff_width_cm
        Cuff widths for which :func:`occlusion.science.lop.estimate` will use the equation
        (low, high) [cm]; a project policy around the studied width.
    posture
        Measurement posture of the study, or ``None`` when the source read does not state it.
    detection
        How the disappearance of the pulse was detected.
    population
        Who was studied.
    sample_size
        Number of participants ``n``.
    predictor_count
        Number of predictors ``k`` in the regression (for the residual degrees of freedom).
    predictors
        Names of the inputs the equation needs (``circumference_cm``, ``sbp_mmhg``, ...).
    error_statistic
        Name of the published error (``SEE`` or ``RMSE``).
    error_mmhg
        Value of that error [mmHg].
    r_squared
        Published coefficient of determination.
    age_years_range, circumference_cm_range, sbp_mmhg_range
        Range of the studied sample (low, high), or ``None`` when it was not reported.
    range_basis
        How those ranges were obtained.
    cuff_width_basis
        How the cuff width was read from the source: what the source says, after
        ``"interpretation: "`` when the width is this project's reading of it.
    references
        Sources of the coefficients and statistics.
    function
        The equation itself (keyword arguments named as in ``predictors``).
    """

    name: str
    title: str
    limb: Limb
    cuff_width_cm: float
    applicable_cuff_width_cm: tuple[float, float]
    posture: Posture | None
    detection: str
    population: str
    sample_size: int
    predictor_count: int
    predictors: tuple[str, ...]
    error_statistic: str
    error_mmhg: float
    r_squared: float
    age_years_range: tuple[float, float] | None
    circumference_cm_range: tuple[float, float] | None
    sbp_mmhg_range: tuple[float, float] | None
    range_basis: str
    cuff_width_basis: str
    references: tuple[Reference, ...]
    function: Callable[..., float]

    @property
    def residual_degrees_of_freedom(self) -> int:
        """Residual degrees of freedom of the fit, ``n - k - 1``."""
        return self.sample_size - self.predictor_count - 1

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (without the function object)."""
        return {
            "name": self.name,
            "title": self.title,
            "limb": self.limb,
            "cuff_width_cm": self.cuff_width_cm,
            "applicable_cuff_width_cm": list(self.applicable_cuff_width_cm),
            "posture": self.posture,
            "detection": self.detection,
            "population": self.population,
            "sample_size": self.sample_size,
            "predictor_count": self.predictor_count,
            "residual_degrees_of_freedom": self.residual_degrees_of_freedom,
            "predictors": list(self.predictors),
            "error_statistic": self.error_statistic,
            "error_mmhg": self.error_mmhg,
            "r_squared": self.r_squared,
            "age_years_range": _optional_list(self.age_years_range),
            "circumference_cm_range": _optional_list(self.circumference_cm_range),
            "sbp_mmhg_range": _optional_list(self.sbp_mmhg_range),
            "range_basis": self.range_basis,
            "cuff_width_basis": self.cuff_width_basis,
            "references": [reference.as_dict() for reference in self.references],
        }


@dataclass(frozen=True, slots=True)
class UnverifiedEquation:
    """An equation known from the literature whose coefficients were not verified, so not shipped.

    Parameters
    ----------
    name
        The name it would have as a method.
    limb
        Limb it was developed on.
    reason
        Why it is not shipped.
    references
        Its source, with what was read.
    cuff_widths_cm
        Widths of the cuffs it was fitted for, where the part read names them [cm].
    """

    name: str
    limb: Limb
    reason: str
    references: tuple[Reference, ...]
    cuff_widths_cm: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            "name": self.name,
            "limb": self.limb,
            "reason": self.reason,
            "references": [reference.as_dict() for reference in self.references],
            "cuff_widths_cm": list(self.cuff_widths_cm),
        }


def _optional_list(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else list(pair)


_SEX_CODE_RBME_2019: dict[Sex, int] = {Sex.MALE: 1, Sex.FEMALE: 2}


def rbme_2019_thigh_18cm(
    *, circumference_cm: float, sbp_mmhg: float, age_years: float, sex: Sex
) -> float:
    """Predict thigh LOP for an 18 cm cuff (Cirilo-Sousa et al., Rev Bras Med Esporte 2019).

    ``LOP = 65.290 + 1.110·TC + 0.178·SBP + 1.153·age − 7.984·sex`` with sex coded 1 for male
    and 2 for female.

    Parameters
    ----------
    circumference_cm
        Thigh circumference TC [cm].
    sbp_mmhg
        Resting brachial systolic blood pressure [mmHg].
    age_years
        Age [years].
    sex
        ``"male"`` or ``"female"``.

    Returns
    -------
    float
        Predicted arterial (limb) occlusion pressure of the lower limb [mmHg].

    Notes
    -----
    Population: 51 adults (32 men, 19 women), age 23.23 ± 5.24 years. Cuff: the abstract says
    "a cuff with a circumference of 18 cm" for the lower limbs; reading 18 cm as the cuff's
    width is an interpretation. On the thigh. Detection: Doppler probe. Posture: not stated in
    the abstract. Fit: r = 0.630,
    R² = 0.397, standard error of the estimate SEE = 15.289 mmHg, hierarchical linear
    regression with 4 predictors (SBP and sex were not significant: p = 0.482 and 0.105).
    Diastolic pressure and BMI were not associated with LOP. The ranges of thigh circumference
    and SBP in the sample are not given in the abstract.

    References
    ----------
    .. [1] Cirilo-Sousa MS et al. Predictive equation for blood flow restriction training.
       Rev Bras Med Esporte 2019;25(6):494-497.
    """
    sex_code = _SEX_CODE_RBME_2019[choose(sex, Sex, "sex")]
    return (
        65.290 + 1.110 * circumference_cm + 0.178 * sbp_mmhg + 1.153 * age_years - 7.984 * sex_code
    )


#: Age of adulthood [years]: equations fitted on adults are never applied below it (policy).
ADULT_AGE_YEARS = 18.0
_RBME_2019_AGE_MEAN_YEARS = 23.23
_RBME_2019_AGE_SD_YEARS = 5.24

EQUATIONS: tuple[EquationInfo, ...] = (
    EquationInfo(
        name="rbme_2019_thigh_18cm",
        title="Thigh, 18 cm cuff: thigh circumference, SBP, age and sex (Cirilo-Sousa 2019)",
        limb=Limb.THIGH,
        cuff_width_cm=18.0,
        applicable_cuff_width_cm=(17.0, 19.0),
        posture=None,
        detection="Doppler probe (site not stated in the abstract)",
        population="51 adults (32 men, 19 women), age 23.23 ± 5.24 years",
        sample_size=51,
        predictor_count=4,
        predictors=("circumference_cm", "sbp_mmhg", "age_years", "sex"),
        error_statistic="SEE",
        error_mmhg=15.289,
        r_squared=0.397,
        # Only "adults" and the mean and SD of age are published: 18 years up to mean + 2 SD.
        age_years_range=(
            ADULT_AGE_YEARS,
            round(_RBME_2019_AGE_MEAN_YEARS + 2 * _RBME_2019_AGE_SD_YEARS, 2),
        ),
        circumference_cm_range=None,
        sbp_mmhg_range=None,
        range_basis=(
            "age: adults (18 years, the abstract says 'adults') up to mean + 2 SD of the "
            "published sample (derived); thigh circumference and SBP ranges are not reported in "
            "the abstract"
        ),
        cuff_width_basis=(
            "interpretation: the abstract describes 'a cuff with a circumference of 18 cm' for "
            "the lower limbs"
        ),
        references=(CIRILO_SOUSA_2019,),
        function=rbme_2019_thigh_18cm,
    ),
)

UNVERIFIED_EQUATIONS: tuple[UnverifiedEquation, ...] = (
    UnverifiedEquation(
        name="loenneke_2015_arm",
        limb=Limb.ARM,
        reason=(
            "Only R² and standardised betas are in the abstract; the unstandardised coefficients "
            "that circulate could not be found in the primary source."
        ),
        references=(LOENNEKE_2015,),
    ),
    UnverifiedEquation(
        name="loenneke_2015_thigh",
        limb=Limb.THIGH,
        reason=(
            "Only R² and standardised betas are in the abstract; coefficients (and the cuff "
            "width they belong to) could not be verified."
        ),
        references=(LOENNEKE_2015,),
    ),
    UnverifiedEquation(
        name="wedig_2024_thigh_18cm",
        limb=Limb.THIGH,
        reason="Performance read in the abstract; coefficients are only in the full text.",
        references=(WEDIG_2024,),
        cuff_widths_cm=(18.0,),
    ),
    UnverifiedEquation(
        name="wedig_2025_thigh_11_13_18cm",
        limb=Limb.THIGH,
        reason=(
            "Cuff-specific LASSO equations are in the full text; only the abstract could be "
            "read (publisher page and PMC mirror), so their coefficients are not known here."
        ),
        references=(WEDIG_2025,),
        cuff_widths_cm=(11.0, 13.0, 18.0),
    ),
    UnverifiedEquation(
        name="spitz_2024_thigh_5cm",
        limb=Limb.THIGH,
        reason=(
            "The authors show 5 cm thigh LOP cannot be estimated with useful precision "
            "(95 % limits of agreement about ±140 mmHg); it must be measured."
        ),
        references=(SPITZ_2024,),
        cuff_widths_cm=(5.0,),
    ),
)


#: **Project policy**: a cuff within this much of a width an unverified equation was fitted for
#: is named as that width's cuff when a refusal mentions the equation [cm].
SAME_CUFF_WIDTH_TOLERANCE_CM = 0.5


def unverified_equations_for(limb: Limb, cuff_width_cm: float) -> tuple[UnverifiedEquation, ...]:
    """Return the unverified equations published for this limb and cuff width.

    A refusal can then say that an equation exists for the cuff but could not be checked,
    rather than suggest that nobody has studied it.
    """
    return tuple(
        entry
        for entry in UNVERIFIED_EQUATIONS
        if entry.limb == limb
        and any(
            abs(width - cuff_width_cm) <= SAME_CUFF_WIDTH_TOLERANCE_CM
            for width in entry.cuff_widths_cm
        )
    )


def equation_named(name: str) -> EquationInfo:
    """Return the shipped equation called ``name``.

    Raises
    ------
    InputError
        If no shipped equation has that name; the message lists the valid names and explains
        when the name belongs to an equation that is known but not verified.
    """
    for info in EQUATIONS:
        if info.name == name:
            return info
    valid = ", ".join(info.name for info in EQUATIONS)
    for unverified in UNVERIFIED_EQUATIONS:
        if unverified.name == name:
            raise InputError(
                f"method {name!r} is not available: {unverified.reason} Available methods: {valid}",
                code="lop.method-unavailable",
                method=name,
                reason=unverified.reason,
            )
    raise InputError(
        f"unknown method {name!r}: choose one of {valid}",
        code="unknown-choice",
        what="method",
        value=name,
        allowed=[info.name for info in EQUATIONS],
    )
