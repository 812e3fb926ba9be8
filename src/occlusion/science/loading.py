"""Training loads: one-repetition maximum from a rep-max test, % 1RM loads, available plates.

Low-load blood-flow-restriction exercise is prescribed as a percentage of the one-repetition
maximum (1RM, typically 20–40 %). Few people test a true 1RM, so it is estimated from the
heaviest load lifted for a number of repetitions to failure (a rep-max test), then a target
load is rounded to what the gym can actually load on the bar or the machine.

Internal units are kilograms; :mod:`occlusion.units` converts pounds at the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from occlusion import evidence
from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.science.common import require_between, require_finite

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
    warnings: tuple[str, ...] = ()

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
        raise InputError(f"repetitions must be a whole number, got {reps!r}")
    if not 1 <= reps <= MAX_ACCEPTED_REPS:
        raise InputError(
            f"repetitions {reps} outside 1 to {MAX_ACCEPTED_REPS}: test with a load you can lift "
            f"at most {MAX_ACCURATE_REPS} times"
        )
    if formula not in ONE_REP_MAX_FORMULAS:
        raise InputError(
            f"unknown 1RM formula {formula!r}: choose one of {', '.join(ONE_REP_MAX_FORMULAS)}"
        )
    warnings: list[str] = []
    if reps > MAX_ACCURATE_REPS:
        warnings.append(
            f"{reps} repetitions: rep-max equations lose accuracy above {MAX_ACCURATE_REPS}; "
            "retest with a heavier load"
        )
    if reps == 1:
        return OneRepMaxEstimate(load, "measured 1RM", (), tuple(warnings))
    if formula == "reynolds-5rm":
        if reps != 5 or exercise_kind is None:
            raise InputError(
                "the Reynolds 2006 equations need a five-repetition maximum and an exercise kind "
                "(lower-body leg press or upper-body chest press)"
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


@dataclass(frozen=True, slots=True)
class LoadEquipment:
    """What a gym can load: a bar with pairs of plates, or a machine/dumbbells in fixed steps.

    Parameters
    ----------
    kind
        ``"barbell"`` (bar plus one plate of each pair on each side) or ``"stack"`` (a weight
        stack, dumbbells or any equipment that goes up in fixed increments from a minimum).
    bar_kg
        Mass of the empty bar or sled [kg] (barbell), or the lightest setting (stack).
    plate_pairs_kg
        Plates available in pairs [kg], one entry per pair (so ``(20, 20, 10)`` means two pairs
        of 20 kg plates and one pair of 10 kg plates). Barbell only.
    increment_kg
        Step between settings [kg]. Stack only.
    maximum_kg
        Heaviest setting [kg]. Stack only; ``None`` means unlimited.
    """

    kind: Literal["barbell", "stack"]
    bar_kg: float
    plate_pairs_kg: tuple[float, ...] = ()
    increment_kg: float = 0.0
    maximum_kg: float | None = None
    name: str = ""

    def __post_init__(self) -> None:
        require_between(self.bar_kg, 0.0, 500.0, "bar or minimum load", "kg")
        for plate in self.plate_pairs_kg:
            require_between(plate, 0.1, 100.0, "plate", "kg")
        if self.kind == "stack":
            require_between(self.increment_kg, 0.1, 100.0, "load increment", "kg")
        elif self.kind != "barbell":
            raise InputError(f"unknown equipment kind {self.kind!r}: use 'barbell' or 'stack'")

    def achievable_loads_kg(self) -> tuple[float, ...]:
        """Return every total load [kg] this equipment can make, ascending."""
        if self.kind == "stack":
            default_top_kg = self.bar_kg + 100 * self.increment_kg
            top_kg = self.maximum_kg if self.maximum_kg is not None else default_top_kg
            steps = math.floor((top_kg - self.bar_kg) / self.increment_kg + 1e-9)
            return tuple(
                round(self.bar_kg + step * self.increment_kg, 4) for step in range(steps + 1)
            )
        # Subset sums of the pairs, in grams to keep the arithmetic exact.
        sums_g = {0}
        for plate in self.plate_pairs_kg:
            pair_g = round(2 * plate * 1000)
            sums_g |= {total + pair_g for total in sums_g}
        return tuple(sorted(round(self.bar_kg + total / 1000, 4) for total in sums_g))

    def plates_per_side_kg(self, total_kg: float) -> tuple[float, ...]:
        """Return the plates [kg] to put on each side for an achievable ``total_kg``.

        Uses the heaviest plates first, so the bar carries as few plates as possible.
        """
        if self.kind != "barbell":
            return ()
        per_side_g = round((total_kg - self.bar_kg) * 1000 / 2)
        best = _fewest_plates(sorted(self.plate_pairs_kg, reverse=True), per_side_g)
        if best is None:
            raise InputError(f"{total_kg:g} kg cannot be made with these plates")
        return tuple(best)


def _fewest_plates(plates_kg: list[float], target_g: int) -> list[float] | None:
    # Exact subset search over the pairs; gyms own few pairs, so this stays tiny.
    best: list[float] | None = None

    def search(index: int, remaining: int, picked: list[float]) -> None:
        nonlocal best
        if remaining == 0:
            if best is None or len(picked) < len(best):
                best = list(picked)
            return
        if index == len(plates_kg) or remaining < 0:
            return
        if best is not None and len(picked) >= len(best):
            return
        plate_g = round(plates_kg[index] * 1000)
        picked.append(plates_kg[index])
        search(index + 1, remaining - plate_g, picked)
        picked.pop()
        search(index + 1, remaining, picked)

    search(0, target_g, [])
    return best


#: Common commercial-gym equipment (a convention of ours, not evidence): an Olympic bar with
#: metric plates, and a pin-loaded machine stack in 5 kg steps.
METRIC_BARBELL = LoadEquipment(
    kind="barbell",
    bar_kg=20.0,
    plate_pairs_kg=(25.0, 20.0, 20.0, 15.0, 10.0, 10.0, 5.0, 5.0, 2.5, 2.5, 1.25, 1.25),
    name="Olympic bar (20 kg) with metric plates",
)
IMPERIAL_BARBELL = LoadEquipment(
    kind="barbell",
    bar_kg=45 * 0.45359237,
    plate_pairs_kg=tuple(
        plate_lb * 0.45359237 for plate_lb in (45, 45, 45, 35, 25, 25, 10, 10, 5, 5, 2.5, 2.5)
    ),
    name="Olympic bar (45 lb) with pound plates",
)
MACHINE_STACK_5KG = LoadEquipment(
    kind="stack", bar_kg=5.0, increment_kg=5.0, maximum_kg=200.0, name="machine stack, 5 kg steps"
)


@dataclass(frozen=True, slots=True)
class PrescribedLoad:
    """A target load rounded to what the equipment can make."""

    target_kg: float
    load_kg: float
    pct_one_rep_max: float
    achieved_pct_one_rep_max: float
    plates_per_side_kg: tuple[float, ...] = field(default=())
    equipment: str = ""
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "target_kg": round(self.target_kg, 2),
            "load_kg": round(self.load_kg, 2),
            "pct_one_rep_max": self.pct_one_rep_max,
            "achieved_pct_one_rep_max": round(self.achieved_pct_one_rep_max, 1),
            "plates_per_side_kg": [round(plate, 3) for plate in self.plates_per_side_kg],
            "equipment": self.equipment,
            "warnings": list(self.warnings),
        }


def prescribe_load(
    *,
    one_rep_max_kg: float,
    pct_one_rep_max: float,
    equipment: LoadEquipment = MACHINE_STACK_5KG,
    allowed_pct_range: tuple[float, float] | None = None,
) -> PrescribedLoad:
    """Return the load nearest to ``pct_one_rep_max`` of a 1RM that the equipment can make.

    Ties and near-ties round down, because an over-heavy low-load BFR set defeats its purpose.
    If the rounded load leaves ``allowed_pct_range`` (for example 20–40 % 1RM), the nearest
    achievable load inside the range is used instead, and a warning explains when none exists.

    Parameters
    ----------
    one_rep_max_kg
        One-repetition maximum [kg].
    pct_one_rep_max
        Target load [% 1RM].
    equipment
        What the gym can load.
    allowed_pct_range
        Range [% 1RM] the protocol allows.
    """
    target = load_for_pct_one_rep_max(one_rep_max_kg, pct_one_rep_max)
    loads = equipment.achievable_loads_kg()
    warnings: list[str] = []
    candidates = loads
    if allowed_pct_range is not None:
        low_kg = one_rep_max_kg * allowed_pct_range[0] / 100
        high_kg = one_rep_max_kg * allowed_pct_range[1] / 100
        inside = tuple(load for load in loads if low_kg - 1e-9 <= load <= high_kg + 1e-9)
        if inside:
            candidates = inside
        else:
            warnings.append(
                f"no load on {equipment.name or 'this equipment'} falls within "
                f"{allowed_pct_range[0]:g}-{allowed_pct_range[1]:g} % 1RM; the nearest one is used "
                "- choose equipment with smaller steps"
            )
    # Prefer the lighter load on a tie: subtract a hair from the distance of loads below target.
    chosen = min(candidates, key=lambda load: abs(load - target) - (1e-6 if load < target else 0))
    plates = equipment.plates_per_side_kg(chosen)
    return PrescribedLoad(
        target_kg=target,
        load_kg=chosen,
        pct_one_rep_max=require_finite(pct_one_rep_max, "load"),
        achieved_pct_one_rep_max=100 * chosen / one_rep_max_kg,
        plates_per_side_kg=plates,
        equipment=equipment.name,
        warnings=tuple(warnings),
    )
