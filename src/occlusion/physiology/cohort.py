"""Virtual cohorts: people sampled from distributions, simulated together.

Distributions (all seeded, ``numpy.random.default_rng(seed)``):

* sex: Bernoulli with ``female_fraction``;
* arm circumference: normal around the NHANES 2007-2010 sex means (Ostchega 2013, verified),
  with an **assumed** SD of 3.5 cm; thigh circumference: normal 55 (5) cm, **assumed** (no
  population source read);
* arm fat thickness: half of a lognormal triceps skinfold with the NHANES III sex means and SDs
  (verified-secondary); thigh fat thickness: normal 1.5 (0.5) cm, **assumed**;
* systolic pressure normal with the NHANES 2001-2008 adult mean, 122 mmHg (Wright 2011,
  verified), and the SD of young men in the WHO MONICA data book, 13.0 mmHg (verified, one
  centre; :mod:`.parameters.aop_spread`); pulse pressure normal with the mean 122 - 71 =
  51 mmHg (derived from the same means) and an **assumed** SD of 8 mmHg;
* age uniform 18-40 years, **assumed** (age does not enter the model);
* thigh only: the femoral artery's place between fascia and limb centre, normal around the
  model's 0.5 with an SD **calibrated** to the spread of measured 5 cm thigh AOP (Loenneke
  2012; :mod:`.parameters.aop_spread`). Drawn last, so the other draws are unchanged by it.

Every assumed number can be overridden through :class:`Population`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import InputError
from occlusion.evidence import cite
from occlusion.physiology.exercise import exercise_schedule, protocol_named
from occlusion.physiology.limb import LimbArrays, limb_arrays
from occlusion.physiology.parameters import (
    aop_spread,
    model_choices,
    nhanes_iii_body_composition,
    ostchega_2013,
    wright_2011,
)
from occlusion.physiology.session import SESSION_REFERENCES, integrate_summary
from occlusion.physiology.subject import Cuff, check_cuff_pressure_mmhg
from occlusion.science.checks import (
    PLAUSIBLE_CIRCUMFERENCE_CM,
    PLAUSIBLE_DBP_MMHG,
    PLAUSIBLE_SBP_MMHG,
    require_between,
)
from occlusion.vocabulary import Limb, Posture, choose

FloatArray = NDArray[np.float64]
PERCENTILES = (5, 25, 50, 75, 95)
COHORT_REFERENCES = (
    "ostchega_2013_arm_circumference",
    "wright_2011_nhanes_blood_pressure",
    "nhanes_iii_triceps_skinfold",
    "who_monica_sbp_distribution",
    "loenneke_2012_cuff_width",
    "occlusion_model_choices",
)


@dataclass(frozen=True, slots=True)
class Population:
    """Distributions a cohort is drawn from (see the module docstring for sources).

    ``circumference_mean_cm`` of ``None`` uses the sex-specific NHANES arm means, or 55 cm for
    the thigh.
    """

    limb: Limb = Limb.THIGH
    posture: Posture = Posture.SUPINE
    female_fraction: float = 0.5
    circumference_mean_cm: float | None = None
    circumference_sd_cm: float | None = None
    sbp_mean_mmhg: float = wright_2011.MEAN_SBP_MMHG
    sbp_sd_mmhg: float = aop_spread.SBP_SD_MMHG
    pulse_pressure_mean_mmhg: float = wright_2011.MEAN_SBP_MMHG - wright_2011.MEAN_DBP_MMHG
    pulse_pressure_sd_mmhg: float = 8.0
    age_range_years: tuple[float, float] = (18.0, 40.0)
    artery_depth_fraction_sd: float = aop_spread.ARTERY_DEPTH_FRACTION_SD

    def __post_init__(self) -> None:
        object.__setattr__(self, "limb", choose(self.limb, Limb, "limb"))
        object.__setattr__(self, "posture", choose(self.posture, Posture, "posture"))
        require_between(self.female_fraction, 0.0, 1.0, "female fraction", "")
        if self.circumference_mean_cm is not None:
            low, high = PLAUSIBLE_CIRCUMFERENCE_CM[self.limb]
            require_between(self.circumference_mean_cm, low, high, "mean circumference", "cm")
        if self.circumference_sd_cm is not None:
            require_between(self.circumference_sd_cm, 0.0, 20.0, "circumference SD", "cm")
        require_between(self.sbp_mean_mmhg, *PLAUSIBLE_SBP_MMHG, "mean systolic pressure", "mmHg")
        require_between(self.sbp_sd_mmhg, 0.0, 40.0, "systolic SD", "mmHg")
        require_between(self.pulse_pressure_mean_mmhg, 15.0, 120.0, "mean pulse pressure", "mmHg")
        require_between(self.pulse_pressure_sd_mmhg, 0.0, 30.0, "pulse pressure SD", "mmHg")
        require_between(self.artery_depth_fraction_sd, 0.0, 0.3, "artery depth fraction SD", "")


@dataclass(frozen=True, slots=True)
class Cohort:
    """Sampled people (arrays of shape ``(n,)``)."""

    population: Population
    seed: int
    is_female: NDArray[np.bool_]
    circumference_cm: FloatArray
    sbp_mmhg: FloatArray
    dbp_mmhg: FloatArray
    fat_thickness_cm: FloatArray
    age_years: FloatArray
    artery_depth_fraction: FloatArray

    @property
    def size(self) -> int:
        """Number of people."""
        return int(self.circumference_cm.shape[0])

    def limb_arrays(self, cuff: Cuff, *, limbs_exercised: int = 1) -> LimbArrays:
        """Model constants for everyone under ``cuff``."""
        return limb_arrays(
            limb=self.population.limb,
            circumference_cm=self.circumference_cm,
            sbp_mmhg=self.sbp_mmhg,
            dbp_mmhg=self.dbp_mmhg,
            fat_thickness_cm=self.fat_thickness_cm,
            posture=self.population.posture,
            cuff_width_cm=cuff.width_cm,
            cuff_material=cuff.material,
            limbs_exercised=limbs_exercised,
            artery_depth_fraction=self.artery_depth_fraction,
        )


def _lognormal(
    rng: np.random.Generator, mean: float, sd: float, size: int
) -> FloatArray:
    sigma2 = math.log(1.0 + (sd / mean) ** 2)
    values: FloatArray = rng.lognormal(math.log(mean) - 0.5 * sigma2, math.sqrt(sigma2), size)
    return values


#: Most people one cohort holds in memory at once; larger runs go in chunks
#: (:mod:`occlusion.physiology.cohort_scale`).
MAX_IN_MEMORY_SUBJECTS = 1_000_000


def sample_cohort(population: Population, size: int, seed: int = 0) -> Cohort:
    """Draw ``size`` people from ``population`` with a seeded generator.

    Values are clipped to the adult plausibility bounds of :mod:`occlusion.science.checks`
    (and DBP to at least 10 mmHg below SBP), so every sampled person is a valid input.
    """
    if (
        isinstance(size, bool)
        or not isinstance(size, int)
        or not 1 <= size <= MAX_IN_MEMORY_SUBJECTS
    ):
        raise InputError(
            f"cohort size must be a whole number from 1 to {MAX_IN_MEMORY_SUBJECTS:,}, "
            f"got {size!r}",
            code="physiology.cohort-size-out-of-range",
            value=size,
            minimum=1,
            maximum=MAX_IN_MEMORY_SUBJECTS,
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(
            f"the seed must be a whole number of at least 0, got {seed!r}",
            code="physiology.bad-seed",
            value=seed,
        )
    return sample_with_generator(population, size, np.random.default_rng(seed), seed)


def sample_with_generator(
    population: Population, size: int, rng: np.random.Generator, seed: int
) -> Cohort:
    """Draw ``size`` people from ``population`` with the generator ``rng`` (``seed`` is recorded).

    Used by :func:`sample_cohort` and by the chunks of
    :mod:`occlusion.physiology.cohort_scale`, each with its own generator.
    """
    female = rng.random(size) < population.female_fraction
    limb = population.limb
    low, high = PLAUSIBLE_CIRCUMFERENCE_CM[limb]
    if population.circumference_mean_cm is not None:
        mean = np.full(size, population.circumference_mean_cm)
    elif limb == "arm":
        means = ostchega_2013.MEAN_ARM_CIRCUMFERENCE_CM
        mean = np.where(female, means["female"], means["male"])
    else:
        mean = np.full(size, 55.0)
    sd = population.circumference_sd_cm
    if sd is None:
        sd = 3.5 if limb == "arm" else 5.0
    circumference = np.clip(rng.normal(mean, sd), low, high)
    sbp = np.clip(
        rng.normal(population.sbp_mean_mmhg, population.sbp_sd_mmhg, size), *PLAUSIBLE_SBP_MMHG
    )
    pulse = np.clip(
        rng.normal(population.pulse_pressure_mean_mmhg, population.pulse_pressure_sd_mmhg, size),
        10.0,
        None,
    )
    dbp = np.clip(sbp - pulse, PLAUSIBLE_DBP_MMHG[0], sbp - 10.0)
    if limb == "arm":
        table = nhanes_iii_body_composition.TRICEPS_SKINFOLD_MM
        male_fold = _lognormal(rng, *table["male"], size)
        female_fold = _lognormal(rng, *table["female"], size)
        fat = np.where(female, female_fold, male_fold) / 20.0  # half the fold, mm -> cm
    else:
        fat = rng.normal(1.5, 0.5, size)
    radius = circumference / (2.0 * np.pi)
    fat = np.clip(fat, 0.1, 0.6 * radius)
    age = rng.uniform(*population.age_range_years, size)
    depth_fraction = np.full(size, model_choices.ARTERY_DEPTH_FRACTION)
    if limb == "thigh" and population.artery_depth_fraction_sd > 0.0:
        spread = population.artery_depth_fraction_sd
        depth_fraction = np.clip(
            rng.normal(model_choices.ARTERY_DEPTH_FRACTION, spread, size),
            *aop_spread.ARTERY_DEPTH_FRACTION_BOUNDS,
        )
    return Cohort(population, seed, female, circumference, sbp, dbp, fat, age, depth_fraction)


def _distribution(values: FloatArray) -> dict[str, float]:
    finite = values[np.isfinite(values)]
    spread = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
    result = {"mean": float(finite.mean()), "sd": spread}
    for percentile, value in zip(PERCENTILES, np.percentile(finite, PERCENTILES), strict=True):
        result[f"p{percentile}"] = float(value)
    return result


@dataclass(frozen=True, slots=True)
class CohortResult:
    """Distributions over a cohort for one cuff (and optionally one session)."""

    cohort: Cohort
    cuff: Cuff
    occlusion_pressure_mmhg: FloatArray
    closure_checks: dict[str, float] = field(default_factory=dict)
    session: dict[str, dict[str, float]] | None = None
    session_settings: dict[str, object] | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the distributions, settings and references, JSON-ready."""
        population = self.cohort.population
        document: dict[str, object] = {
            "n": self.cohort.size,
            "seed": self.cohort.seed,
            "limb": population.limb,
            "posture": population.posture,
            "cuff": self.cuff.as_dict(),
            "population": {
                "female_fraction_sampled": float(self.cohort.is_female.mean()),
                "circumference_cm": _distribution(self.cohort.circumference_cm),
                "sbp_mmhg": _distribution(self.cohort.sbp_mmhg),
                "dbp_mmhg": _distribution(self.cohort.dbp_mmhg),
                "fat_thickness_cm": _distribution(self.cohort.fat_thickness_cm),
                "age_years": _distribution(self.cohort.age_years),
            },
            "lop_mmhg": _distribution(self.occlusion_pressure_mmhg),
            **self.closure_checks,
        }
        if self.session is not None:
            document["session"] = {**(self.session_settings or {}), **self.session}
        references = COHORT_REFERENCES + (SESSION_REFERENCES if self.session else ())
        document["references"] = [reference.as_dict() for reference in cite(*references)]
        return document


def wrap_pressures_mmhg(
    tension_n: float, layers: float, circumference_cm: FloatArray, width_cm: float
) -> FloatArray:
    """Each person's Laplace pressure under an elastic wrap [mmHg], an upper bound.

    ``P = 2π T N / (C W)`` (:func:`occlusion.science.bands.laplace_pressure_mmhg`) is inversely
    proportional to the circumference, so the pressure for a 1 cm circumference is computed once
    (with that function's checks of the tension, layers and width) and divided by each person's.
    """
    from occlusion.science.bands import laplace_pressure_mmhg

    per_cm = laplace_pressure_mmhg(
        tension_n=tension_n, layers=layers, circumference_cm=1.0, width_cm=width_cm
    )
    pressures: FloatArray = per_cm / np.asarray(circumference_cm, dtype=float)
    return pressures


def probability_closed(lop_mmhg: FloatArray, pressure_mmhg: FloatArray | float) -> float:
    """Share of the cohort whose artery is fully closed at ``pressure_mmhg`` [0..1]."""
    return float(np.mean(np.asarray(pressure_mmhg) >= lop_mmhg))


def simulate_cohort(
    cohort: Cohort,
    cuff: Cuff,
    *,
    closing_pressure_mmhg: float | None = None,
    wrap_tension_n: float | None = None,
    wrap_layers: float = 2.0,
    protocol: str | None = None,
    pct_lop: float = 50.0,
    load_pct_1rm: float | None = None,
    intermittent: bool = False,
    chunk_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> CohortResult:
    """Occlusion-pressure distribution, closure probabilities and (optionally) a session.

    Parameters
    ----------
    cohort, cuff
        The people and the cuff (for a wrap, give the band as an elastic cuff of its width).
    closing_pressure_mmhg
        A cuff pressure [mmHg]: report the share of people whose artery it closes fully.
    wrap_tension_n, wrap_layers
        An elastic wrap's tension [N] and layers: its Laplace pressure (an upper bound, from
        :func:`occlusion.science.bands.laplace.laplace_pressure_mmhg`) is computed for each person's
        circumference and compared with that person's occlusion pressure under ``cuff``.
    protocol, pct_lop, load_pct_1rm, intermittent
        If ``protocol`` is given, simulate everyone through it at ``pct_lop`` % of their own
        occlusion pressure and report distributions of the session outputs.
    chunk_size
        Subjects integrated together (bounds memory).
    progress
        Called as ``progress(done, total)`` after each chunk.
    """
    limb = cohort.limb_arrays(cuff)
    lop = limb.occlusion_pressure_mmhg
    checks: dict[str, float] = {}
    if closing_pressure_mmhg is not None:
        pressure = check_cuff_pressure_mmhg(closing_pressure_mmhg)
        checks["closing_pressure_mmhg"] = pressure
        checks["probability_artery_closed"] = probability_closed(lop, pressure)
    if wrap_tension_n is not None:
        wrap_pressure = wrap_pressures_mmhg(
            wrap_tension_n, wrap_layers, cohort.circumference_cm, cuff.width_cm
        )
        checks["wrap_pressure_upper_bound_mmhg_median"] = float(np.median(wrap_pressure))
        checks["probability_wrap_closes_artery_at_most"] = probability_closed(lop, wrap_pressure)
    session = None
    settings = None
    if protocol is not None:
        chosen = protocol_named(protocol)
        require_between(pct_lop, 0.0, 150.0, "cuff pressure", "% LOP")
        schedule = exercise_schedule(
            chosen, load_pct_1rm=load_pct_1rm, intermittent=intermittent, restricted=pct_lop > 0
        )
        outputs: dict[str, list[FloatArray]] = {}
        total = cohort.size
        for start in range(0, total, chunk_size):
            stop = min(start + chunk_size, total)
            part = _slice(cohort, start, stop)
            part_limb = part.limb_arrays(cuff, limbs_exercised=chosen.limbs_exercised)
            # Summaries only: memory per chunk does not grow with the session's length.
            summary = integrate_summary(
                part_limb, schedule, part_limb.occlusion_pressure_mmhg * pct_lop / 100.0
            )
            for name in summary.__slots__:
                outputs.setdefault(name, []).append(getattr(summary, name))
            if progress is not None:
                progress(stop, total)
        session = {name: _distribution(np.concatenate(parts)) for name, parts in outputs.items()}
        settings = {
            "protocol": chosen.name,
            "pct_lop": pct_lop,
            "load_pct_1rm": chosen.default_load_pct_1rm if load_pct_1rm is None else load_pct_1rm,
            "intermittent": intermittent,
        }
    return CohortResult(cohort, cuff, lop, checks, session, settings)


def _slice(cohort: Cohort, start: int, stop: int) -> Cohort:
    return replace(
        cohort,
        is_female=cohort.is_female[start:stop],
        circumference_cm=cohort.circumference_cm[start:stop],
        sbp_mmhg=cohort.sbp_mmhg[start:stop],
        dbp_mmhg=cohort.dbp_mmhg[start:stop],
        fat_thickness_cm=cohort.fat_thickness_cm[start:stop],
        age_years=cohort.age_years[start:stop],
        artery_depth_fraction=cohort.artery_depth_fraction[start:stop],
    )


__all__ = [
    "MAX_IN_MEMORY_SUBJECTS",
    "Cohort",
    "CohortResult",
    "Population",
    "probability_closed",
    "sample_cohort",
    "sample_with_generator",
    "simulate_cohort",
    "wrap_pressures_mmhg",
]
