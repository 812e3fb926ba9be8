"""Building blocks of a protocol: sets, cadence, progression, mmHg rules, restriction budget.

These value objects are assembled into a :class:`~occlusion.science.protocols.Protocol`; each
validates itself on construction (``InputError`` for inconsistent data) and has an ``as_dict``
for JSON. :mod:`occlusion.science.protocols.protocol` re-exports them.

The restriction-time arithmetic needs two budgeting assumptions that are this project's own
(derived): a repetition without a stated cadence lasts 4 s (the 2 s + 2 s cadence of the
PMC7534706 trial protocol) and a set to failure counts 30 repetitions unless the caller says
otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from occlusion import evidence
from occlusion.errors import InputError
from occlusion.evidence import Reference
from occlusion.vocabulary import Limb, ProgressionKind, choose

BUDGET_ASSUMPTIONS = evidence.register(
    Reference(
        key="occlusion_derived_restriction_budget",
        citation=(
            "Occlusion project: restriction-time budgeting assumptions (derived, not published)."
        ),
        status="derived",
        note=(
            "When a protocol gives repetitions without a cadence, a repetition is budgeted at 4 s "
            "(the 2 s + 2 s cadence of PMC7534706); a set to failure is budgeted at 30 "
            "repetitions unless the caller says otherwise; restriction of a continuous protocol "
            "is released between exercises."
        ),
    )
)

#: Budgeted duration of one repetition when a protocol names no cadence [s] (derived).
BUDGET_REPETITION_S = 4.0
#: Budgeted repetitions in a set to failure when the caller does not say (derived).
BUDGET_REPS_TO_FAILURE = 30


def require_positive(value: float | None, name: str) -> None:
    """Refuse a value that is given but not a positive finite number."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise InputError(
            f"{name} must be a positive finite number, got {value!r}",
            code="input.not-positive", what=name, value=value,
        )


def require_non_negative(value: float | None, name: str) -> None:
    """Refuse a value that is given but negative or not finite."""
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise InputError(
            f"{name} must be a finite number of at least 0, got {value!r}",
            code="input.negative", what=name, value=value,
        )


def require_ordered(pair: tuple[float, float] | tuple[int, int] | None, name: str) -> None:
    """Refuse a range that is given but not ordered, non-negative and finite."""
    if pair is None:
        return
    low, high = pair
    if not (math.isfinite(low) and math.isfinite(high) and 0 <= low <= high):
        raise InputError(
            f"{name} must be an ordered range of non-negative numbers, got {pair!r}",
            code="input.range-not-ordered", what=name, value=list(pair),
        )


@dataclass(frozen=True, slots=True)
class Cadence:
    """Tempo of one repetition.

    Parameters
    ----------
    concentric_s
        Lifting phase [s].
    eccentric_s
        Lowering phase [s].
    isometric_s
        Pause between the phases [s].
    """

    concentric_s: float
    eccentric_s: float
    isometric_s: float = 0.0

    def __post_init__(self) -> None:
        require_positive(self.concentric_s, "concentric time")
        require_positive(self.eccentric_s, "eccentric time")
        require_non_negative(self.isometric_s, "isometric time")

    @property
    def repetition_s(self) -> float:
        """Duration of one repetition [s]."""
        return self.concentric_s + self.isometric_s + self.eccentric_s

    def as_dict(self) -> dict[str, float]:
        """Return a JSON-ready mapping."""
        return {
            "concentric_s": self.concentric_s,
            "isometric_s": self.isometric_s,
            "eccentric_s": self.eccentric_s,
        }


@dataclass(frozen=True, slots=True)
class SetSpec:
    """One set of repetitions or one timed bout.

    Parameters
    ----------
    reps
        Target repetitions, or ``None`` for a timed bout or an open-ended set.
    to_failure
        Continue until volitional failure (after ``reps`` if both are given).
    duration_s
        Length of a timed bout (walking, cycling, passive occlusion, a floss application) [s].
    description
        Plain words for a set that is timed by a device (a KAATSU Cycle) or needs explaining.
    """

    reps: int | None = None
    to_failure: bool = False
    duration_s: float | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.reps is not None and (isinstance(self.reps, bool) or self.reps < 1):
            raise InputError(
                f"repetitions must be a whole number of at least 1, got {self.reps!r}",
                code="protocol.reps-not-whole", value=self.reps,
            )
        require_positive(self.duration_s, "set duration")
        if (
            self.reps is None
            and not self.to_failure
            and self.duration_s is None
            and not self.description
        ):
            raise InputError(
                "a set needs repetitions, 'to failure', a duration or a description",
                code="protocol.empty-set",
            )

    def working_time_s(
        self, cadence: Cadence | None, *, reps_if_to_failure: int = BUDGET_REPS_TO_FAILURE
    ) -> float | None:
        """Return the time under restriction for this set [s], or ``None`` if unknown.

        Parameters
        ----------
        cadence
            Tempo of the protocol; without one a repetition is budgeted at 4 s (derived).
        reps_if_to_failure
            Repetitions to budget for a set to failure.
        """
        if self.duration_s is not None:
            return self.duration_s
        repetition_s = cadence.repetition_s if cadence is not None else BUDGET_REPETITION_S
        if self.to_failure:
            return max(reps_if_to_failure, self.reps or 0) * repetition_s
        if self.reps is not None:
            return self.reps * repetition_s
        return None

    def label(self) -> str:
        """Return a short label for people: ``30``, ``to failure``, ``2 min``."""
        if self.duration_s is not None:
            minutes = self.duration_s / 60.0
            return f"{minutes:g} min" if self.duration_s >= 60 else f"{self.duration_s:g} s"
        if self.to_failure:
            return f"{self.reps}+ to failure" if self.reps else "to failure"
        if self.reps is not None:
            return str(self.reps)
        return self.description

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "reps": self.reps,
            "to_failure": self.to_failure,
            "duration_s": self.duration_s,
            "description": self.description or None,
            "label": self.label(),
        }


@dataclass(frozen=True, slots=True)
class ProgressionRule:
    """How a protocol progresses from session to session, as data.

    Parameters
    ----------
    kind
        ``add-load`` (raise the load when a set goes past a repetition threshold) or
        ``add-set`` (add sets or cycles week by week up to a maximum).
    description
        The rule in plain words.
    set_number
        For ``add-load``: which set decides, counting from 1 (``-1`` for the last set).
    reps_above
        For ``add-load``: progress when that set has more repetitions than this.
    load_increment_kg
        For ``add-load``: the increment [kg].
    sets_added_per_week
        For ``add-set``: sets or cycles added each week.
    max_sets
        For ``add-set``: where the progression stops.
    reference_keys
        Citation keys of the sources of the rule.
    """

    kind: ProgressionKind
    description: str
    set_number: int | None = None
    reps_above: int | None = None
    load_increment_kg: float | None = None
    sets_added_per_week: int | None = None
    max_sets: int | None = None
    reference_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", choose(self.kind, ProgressionKind, "progression kind"))
        if self.kind == ProgressionKind.ADD_LOAD:
            if self.set_number is None or self.reps_above is None:
                raise InputError(
                    "an add-load progression needs set_number and reps_above",
                    code="protocol.add-load-incomplete",
                )
            require_positive(self.load_increment_kg, "load increment")
        elif not self.sets_added_per_week or not self.max_sets:
            raise InputError(
                "an add-set progression needs sets_added_per_week and max_sets",
                code="protocol.add-set-incomplete",
            )

    def should_add_load(self, reps_per_set: Sequence[int]) -> bool:
        """Return whether the repetitions done in a session trigger a load increase.

        Parameters
        ----------
        reps_per_set
            Repetitions actually completed in each set, in order.
        """
        if self.kind != "add-load" or self.set_number is None or self.reps_above is None:
            return False
        index = self.set_number - 1 if self.set_number > 0 else self.set_number
        if not -len(reps_per_set) <= index < len(reps_per_set):
            return False
        return reps_per_set[index] > self.reps_above

    def sets_for_week(self, week: int, *, starting_sets: int = 1) -> int:
        """Return the number of sets (or cycles) for ``week`` (counting from 1)."""
        if week < 1:
            raise InputError(
                f"week must be at least 1, got {week}",
                code="protocol.week-before-first", week=week,
            )
        if self.kind != "add-set" or not self.sets_added_per_week or not self.max_sets:
            return starting_sets
        return min(self.max_sets, starting_sets + (week - 1) * self.sets_added_per_week)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "kind": self.kind,
            "description": self.description,
            "set_number": self.set_number,
            "reps_above": self.reps_above,
            "load_increment_kg": self.load_increment_kg,
            "sets_added_per_week": self.sets_added_per_week,
            "max_sets": self.max_sets,
            "references": list(self.reference_keys),
        }


@dataclass(frozen=True, slots=True)
class AbsolutePressure:
    """A pressure a protocol states in mmHg rather than as a percentage of LOP.

    Exactly one of ``pressure_mmhg`` (a fixed value) or ``above_systolic_mmhg`` (resting systolic
    pressure plus a margin) is given.

    Parameters
    ----------
    limb
        The limb the pressure was studied on.
    pressure_mmhg
        Fixed cuff pressure [mmHg].
    above_systolic_mmhg
        Margin above the person's resting systolic pressure [mmHg].
    note
        Cuff and context of the studies, in plain words.
    reference_keys
        Citation keys.
    """

    limb: Limb
    pressure_mmhg: float | None = None
    above_systolic_mmhg: float | None = None
    note: str = ""
    reference_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "limb", choose(self.limb, Limb, "limb"))
        if (self.pressure_mmhg is None) == (self.above_systolic_mmhg is None):
            raise InputError(
                "give either a fixed pressure or a margin above systolic pressure",
                code="protocol.pressure-rule-ambiguous", limb=self.limb,
            )
        require_positive(self.pressure_mmhg, "pressure")
        require_positive(self.above_systolic_mmhg, "margin above systolic pressure")

    def resolve_mmhg(self, sbp_mmhg: float | None = None) -> float:
        """Return the cuff pressure for a person [mmHg].

        Parameters
        ----------
        sbp_mmhg
            Resting systolic pressure [mmHg]; required for a systolic-plus-margin rule.
        """
        if self.pressure_mmhg is not None:
            return self.pressure_mmhg
        if sbp_mmhg is None:
            raise InputError(
                f"the {self.limb} pressure is systolic pressure + {self.above_systolic_mmhg:g} "
                "mmHg: give the resting systolic pressure",
                code="protocol.needs-systolic-pressure",
                limb=self.limb,
                above_systolic_mmhg=self.above_systolic_mmhg,
            )
        from occlusion.science.checks import check_blood_pressure_mmhg

        sbp, _ = check_blood_pressure_mmhg(sbp_mmhg, None)
        assert self.above_systolic_mmhg is not None
        return sbp + self.above_systolic_mmhg

    def label(self) -> str:
        """Return the rule in words: ``220 mmHg`` or ``SBP + 50 mmHg``."""
        if self.pressure_mmhg is not None:
            return f"{self.pressure_mmhg:g} mmHg"
        return f"SBP + {self.above_systolic_mmhg:g} mmHg"

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "pressure_mmhg": self.pressure_mmhg,
            "above_systolic_mmhg": self.above_systolic_mmhg,
            "label": self.label(),
            "note": self.note or None,
            "references": list(self.reference_keys),
        }


@dataclass(frozen=True, slots=True)
class RestrictionBudget:
    """Restriction time a protocol implies on one limb, checked against the cap.

    Parameters
    ----------
    protocol_name
        The protocol.
    limb
        The limb.
    exercises
        Exercises (or blocks) in the session.
    total_restriction_s
        Time under restriction in the session [s].
    longest_continuous_s
        Longest stretch without release [s].
    cap_s
        Longest continuous restriction allowed for the protocol on this limb [s].
    reperfusion_s
        Reperfusion the protocol declares between restricted blocks [s], if any.
    assumptions
        What the arithmetic assumed (budgeted repetitions, cadence).
    """

    protocol_name: str
    limb: Limb
    exercises: int
    total_restriction_s: float
    longest_continuous_s: float
    cap_s: float
    reperfusion_s: float | None
    assumptions: tuple[str, ...]

    @property
    def within_cap(self) -> bool:
        """Whether the longest continuous restriction stays within the cap."""
        return self.longest_continuous_s <= self.cap_s

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "protocol": self.protocol_name,
            "limb": self.limb,
            "exercises": self.exercises,
            "total_restriction_s": self.total_restriction_s,
            "longest_continuous_s": self.longest_continuous_s,
            "cap_s": self.cap_s,
            "within_cap": self.within_cap,
            "reperfusion_s": self.reperfusion_s,
            "assumptions": list(self.assumptions),
        }
