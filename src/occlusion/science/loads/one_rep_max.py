"""One-repetition maximum from a rep-max test, and the load that is a percentage of it.

Low-load blood-flow-restriction exercise is prescribed as a percentage of the one-repetition
maximum (1RM, typically 20–40 %). Few people test a true 1RM, so it is estimated from the
heaviest load lifted for a number of repetitions to failure (a rep-max test), then a target
load is rounded to what the gym can actually load (:mod:`occlusion.science.loads.plates`).

Internal units are kilograms; :mod:`occlusion.units` converts pounds at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from occlusion import evidence
from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.messages import Message
from occlusion.science.checks import require_between

BRZYCKI_1993 = evidence.register(
    Reference(
        key="brzycki_1993_one_rep_max",
        citation=(
            "Brzycki M. Strength testing: predicting a one-rep max from reps-to-fatigue. "
            "J Phys Educ Recreat Dance. 1993;64(1):88-90."
        ),
        status="verified-secondary",
        url="https://www.medicalalgorithms.com/equation-of-brzycki-for-predicting-the-one-repetition-maximum-1-rm-bench-pressing-weight",
        note=(
            "1RM = load / (1.0278 - 0.0278 reps), for 10 or fewer reps to failure. The primary "
            "article could not be read here; the form was read in secondary sources that agree "
            "(also written 1RM = load x 36 / (37 - reps))."
        ),
    )
)
EPLEY_1985 = evidence.register(
    Reference(
        key="epley_1985_one_rep_max",
        citation="Epley B. Poundage chart. Boyd Epley Workout. 1985.",
        status="verified-secondary",
        url="https://rstudio-pubs-static.s3.amazonaws.com/708250_87b59ebd1fe8442aac838ee06bf0f7e1.html",
        note=(
            "1RM = load x (1 + 0.0333 reps). A coaching chart, not a journal article; the form "
            "was read in secondary sources."
        ),
    )
)
REYNOLDS_2006 = evidence.register(
    Reference(
        key="reynolds_2006_rep_max",
        citation=(
            "Reynolds JM, Gordon TJ, Robergs RA. Prediction of one repetition maximum strength "
            "from multiple repetition maximum testing and anthropometry. J Strength Cond Res. "
            "2006;20(3):584-592."
        ),
        status="verified",
        url="https://studylib.net/doc/26029413/478rmstrengthprediction",
        note=(
            "From the abstract: 5RM equations, leg press 1RM = 1.0970 x 5RM + 14.2546 kg "
            "(Sy.x 16.16 kg, R2 0.974); chest press 1RM = 1.1307 x 5RM + 0.6999 kg (Sy.x 2.98 kg, "
            "R2 0.993); 70 adults aged 18-69; no more than 10 repetitions should be used in "
            "linear equations."
        ),
    )
)

OneRepMaxFormula = Literal["brzycki", "epley", "reynolds-5rm"]
ONE_REP_MAX_FORMULAS: tuple[OneRepMaxFormula, ...] = ("brzycki", "epley", "reynolds-5rm")

#: Linear rep-max equations lose accuracy beyond 10 repetitions (Reynolds 2006; Brzycki 1993).
MAX_ACCURATE_REPS = 10
#: Beyond this many repetitions a rep-max test says more about endurance than strength; refuse.
MAX_ACCEPTED_REPS = 15


def brzycki_1993(load_kg: float, reps: int) -> float:
    """One-repetition maximum [kg] from a rep-max test, Brzycki (1993).

    ``1RM = load / (1.0278 - 0.0278 * reps)``.

    Parameters
    ----------
    load_kg
        Load lifted [kg] for ``reps`` repetitions to failure.
    reps
        Repetitions completed to failure [-], 1 to 15 (accurate up to 10).

    Returns
    -------
    float
        Estimated 1RM [kg].

    References
    ----------
    Brzycki M. J Phys Educ Recreat Dance. 1993;64(1):88-90 (form read in secondary sources).
    """
    return load_kg / (1.0278 - 0.0278 * reps)


def epley_1985(load_kg: float, reps: int) -> float:
    """One-repetition maximum [kg] from a rep-max test, Epley (1985).

    ``1RM = load * (1 + 0.0333 * reps)``.

    Parameters
    ----------
    load_kg
        Load lifted [kg] for ``reps`` repetitions to failure.
    reps
        Repetitions completed to failure [-].

    Returns
    -------
    float
        Estimated 1RM [kg]. For one repetition the formula returns 3.3 % more than the load;
        :func:`estimate_one_rep_max` returns the load itself in that case.

    References
    ----------
    Epley B. Poundage chart. 1985 (form read in secondary sources).
    """
    return load_kg * (1.0 + 0.0333 * reps)


def reynolds_2006_leg_press_5rm(five_rep_max_kg: float) -> float:
    """Leg-press 1RM [kg] from a five-repetition maximum [kg], Reynolds et al. (2006).

    ``1RM = 1.0970 * 5RM + 14.2546``; standard error of estimate 16.16 kg, R² = 0.974,
    70 adults (34 men, 36 women) aged 18–69, plate-loaded leg press.

    References
    ----------
    Reynolds JM, Gordon TJ, Robergs RA. J Strength Cond Res. 2006;20(3):584-592.
    """
    return 1.0970 * five_rep_max_kg + 14.2546


def reynolds_2006_chest_press_5rm(five_rep_max_kg: float) -> float:
    """Chest-press 1RM [kg] from a five-repetition maximum [kg], Reynolds et al. (2006).

    ``1RM = 1.1307 * 5RM + 0.6999``; standard error of estimate 2.98 kg, R² = 0.993,
    70 adults aged 18–69, flat barbell bench press.

    References
    ----------
    Reynolds JM, Gordon TJ, Robergs RA. J Strength Cond Res. 2006;20(3):584-592.
    """
    return 1.1307 * five_rep_max_kg + 0.6999


ExerciseKind = Literal["lower-body", "upper-body"]


@dataclass(frozen=True, slots=True)
class OneRepMaxEstimate:
    """An estimated one-repetition maximum with the method and its sources."""

    one_rep_max_kg: float
    method: str
    references: tuple[Reference, ...]
    warnings: tuple[Message, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "one_rep_max_kg": round(self.one_rep_max_kg, 2),
            "method": self.method,
            "references": [reference.as_dict() for reference in self.references],
            "warnings": list(self.warnings),
        }


def estimate_one_rep_max(
    *,
    load_kg: float,
    reps: int,
    formula: OneRepMaxFormula = "brzycki",
    exercise_kind: ExerciseKind | None = None,
) -> OneRepMaxEstimate:
    """Estimate a one-repetition maximum from a rep-max test.

    Parameters
    ----------
    load_kg
        Heaviest load lifted [kg] for ``reps`` repetitions to failure with good form.
    reps
        Repetitions completed [-], 1 to 15. One repetition *is* the 1RM.
    formula
        ``"brzycki"`` (default), ``"epley"`` or ``"reynolds-5rm"`` (only for ``reps == 5``
        and an ``exercise_kind``: leg press for lower body, bench/chest press for upper body).
    exercise_kind
        Needed by ``"reynolds-5rm"``.

    Returns
    -------
    OneRepMaxEstimate
        The estimate with its method, references and warnings.

    Raises
    ------
    InputError
        For a non-positive load, a repetition count outside 1–15, or a formula that does not
        apply to the test.
    """
    load = require_between(load_kg, 0.5, 1000.0, "rep-max load", "kg")
    if isinstance(reps, bool) or not isinstance(reps, int):
        raise InputError(
            f"repetitions must be a whole number, got {reps!r}",
            code="loads.reps-not-whole", value=reps,
        )
    if not 1 <= reps <= MAX_ACCEPTED_REPS:
        raise InputError(
            f"repetitions {reps} outside 1 to {MAX_ACCEPTED_REPS}: test with a load you can lift "
            f"at most {MAX_ACCURATE_REPS} times",
            code="loads.reps-out-of-range",
            reps=reps,
            max_reps=MAX_ACCEPTED_REPS,
            max_accurate_reps=MAX_ACCURATE_REPS,
        )
    if formula not in ONE_REP_MAX_FORMULAS:
        raise InputError(
            f"unknown 1RM formula {formula!r}: choose one of {', '.join(ONE_REP_MAX_FORMULAS)}",
            code="unknown-choice",
            what="1RM formula",
            value=formula,
            allowed=list(ONE_REP_MAX_FORMULAS),
        )
    warnings: list[Message] = []
    if reps > MAX_ACCURATE_REPS:
        warnings.append(
            Message(
                f"{reps} repetitions: rep-max equations lose accuracy above {MAX_ACCURATE_REPS}; "
                "retest with a heavier load",
                code="loads.too-many-reps-for-accuracy",
                reps=reps,
                max_accurate_reps=MAX_ACCURATE_REPS,
            )
        )
    if reps == 1:
        return OneRepMaxEstimate(load, "measured 1RM", (), tuple(warnings))
    if formula == "reynolds-5rm":
        if reps != 5 or exercise_kind is None:
            raise InputError(
                "the Reynolds 2006 equations need a five-repetition maximum and an exercise kind "
                "(lower-body leg press or upper-body chest press)",
                code="loads.reynolds-needs-5rm-and-kind",
                reps=reps,
                exercise_kind=exercise_kind,
            )
        if exercise_kind == "lower-body":
            value = reynolds_2006_leg_press_5rm(load)
            method = "reynolds_2006_leg_press_5rm"
        else:
            value = reynolds_2006_chest_press_5rm(load)
            method = "reynolds_2006_chest_press_5rm"
        return OneRepMaxEstimate(value, method, (REYNOLDS_2006,), tuple(warnings))
    if formula == "epley":
        return OneRepMaxEstimate(
            epley_1985(load, reps), "epley_1985", (EPLEY_1985,), tuple(warnings)
        )
    return OneRepMaxEstimate(
        brzycki_1993(load, reps), "brzycki_1993", (BRZYCKI_1993,), tuple(warnings)
    )


def load_for_pct_one_rep_max(one_rep_max_kg: float, pct_one_rep_max: float) -> float:
    """Return the load [kg] that is ``pct_one_rep_max`` percent of a 1RM [kg]."""
    one_rep_max = require_between(one_rep_max_kg, 0.5, 1000.0, "1RM", "kg")
    pct = require_between(pct_one_rep_max, 1.0, 100.0, "load", "% 1RM")
    return one_rep_max * pct / 100.0
