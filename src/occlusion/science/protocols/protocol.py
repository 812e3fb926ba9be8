"""Training protocols as data: the Protocol type, its restriction budget and the lookup.

A :class:`Protocol` says what a session of blood-flow-restriction (BFR) work looks like: the
sets or bouts, rests, load, pressure, whether the restriction stays on between sets, cadence,
frequency, progression and the per-limb cap on continuous restriction. Every parameter carries
the keys of the references it comes from (:attr:`Protocol.parameter_sources`). The protocols
themselves live in :mod:`occlusion.science.protocols.library`; other parts of the project refer to
them by their stable :attr:`Protocol.name`. The building blocks (sets, cadence, progression rules,
mmHg rules, the budget result) are in :mod:`occlusion.science.protocols.parts` and re-exported here.

Restriction time is computed, not typed in: :meth:`Protocol.restriction_budget` turns the sets,
cadence and rests into the total and the longest continuous restriction for a limb and checks it
against the cap (less than 20 min on a leg, less than 15 min on an arm, then about 3 min of
reperfusion; AIS guidance as summarised by VALD).

References
----------
.. [1] VALD Performance. General BFR protocol (summary of the Australian Institute of Sport
   blood flow restriction guidelines). https://support.valdperformance.com/article/665-general-bfr-protocol
.. [2] Exercise variables of a BFR trial protocol, PMC7534706 Table 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from occlusion import evidence
from occlusion.errors import InputError, NotEstimableError
from occlusion.evidence import Reference
from occlusion.science.protocols.parts import (
    BUDGET_REPETITION_S,
    BUDGET_REPS_TO_FAILURE,
    AbsolutePressure,
    Cadence,
    ProgressionRule,
    RestrictionBudget,
    SetSpec,
    require_non_negative,
    require_ordered,
    require_positive,
)
from occlusion.vocabulary import Limb, Mode, Restriction, choose

AIS_VALD_GUIDANCE = evidence.register(
    Reference(
        key="ais_bfr_guidelines_vald_summary",
        citation=(
            "Australian Institute of Sport blood flow restriction training guidelines, as "
            "summarised by VALD Performance, 'General BFR Protocol' (support article 665)."
        ),
        status="verified-secondary",
        url="https://support.valdperformance.com/article/665-general-bfr-protocol",
        note=(
            "Continuous application under 20 min (lower limb) and 15 min (upper limb), then about "
            "3 min of reperfusion. Resistance: 40-80 % LOP with 20-40 % 1RM. Aerobic: 40-80 % LOP "
            "at under 50 % VO2max or 50 % HRR. Bed rest: 5-min intervals with 3-5 min between; "
            "avoid full arterial occlusion."
        ),
    )
)
TRIAL_PMC7534706 = evidence.register(
    Reference(
        key="pmc7534706_bfre_trial_protocol",
        citation=(
            "Exercise variables for the blood-flow restricted exercise (BFRE) protocol of an "
            "8-week clinical trial, Table 3 (PMC7534706)."
        ),
        status="verified",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC7534706/table/T3",
        note=(
            "60 % LOP; 4 sets at 30 % 1RM of 30, 15, 15 and then to volitional failure; 2 s "
            "concentric, 0 s isometric, 2 s eccentric; 30 s rest between sets; at least 36 h "
            "between sessions; add the minimal load (5 kg) when more than 15 repetitions are done "
            "in the 4th set."
        ),
    )
)
#: Longest continuous restriction per limb [s]: under 20 min on a leg, under 15 min on an arm.
CONTINUOUS_RESTRICTION_CAP_S: Mapping[Limb, float] = MappingProxyType(
    {Limb.THIGH: 20.0 * 60.0, Limb.ARM: 15.0 * 60.0}
)
#: Reperfusion after a continuous application reaches its cap [s] (about 3 min, AIS via VALD).
REPERFUSION_AFTER_CAP_S = 180.0


def continuous_restriction_cap_s(limb: Limb) -> float:
    """Return the longest continuous restriction allowed on ``limb`` [s].

    Parameters
    ----------
    limb
        ``"thigh"`` or ``"arm"``.

    Returns
    -------
    float
        1200 s for the thigh and 900 s for the arm: the AIS guidance is to keep continuous
        application under 20 min on a leg and under 15 min on an arm, then allow about 3 min of
        reperfusion.

    References
    ----------
    .. [1] AIS blood flow restriction guidelines, summarised by VALD Performance.
    """
    return CONTINUOUS_RESTRICTION_CAP_S[choose(limb, Limb, "limb")]


def _default_caps() -> Mapping[Limb, float]:
    return CONTINUOUS_RESTRICTION_CAP_S


@dataclass(frozen=True, slots=True)
class Protocol:
    """One BFR protocol with every parameter cited.

    Parameters
    ----------
    name
        Stable identifier other parts of the project use, e.g. ``resistance-30-15-15-15``.
    title
        Short human title.
    mode
        Kind of use (resistance, aerobic, passive, ischaemic preconditioning, KAATSU, floss).
    summary
        Two or three sentences for people, including what is not known.
    sets
        The sets or bouts of one exercise, in order.
    rest_between_sets_s
        Rest between sets or bouts [s].
    rest_between_exercises_s
        Rest between exercises [s], when the protocol says.
    load_pct_1rm
        Load range [% 1RM] for resistance protocols.
    default_load_pct_1rm
        Load to prescribe by default [% 1RM].
    pressure_pct_lop
        Pressure range [% of limb occlusion pressure].
    default_pct_lop
        Pressure to prescribe by default [% LOP].
    absolute_pressure_mmhg
        Pressures stated in mmHg (per limb), for protocols defined that way.
    restriction
        ``continuous`` (restriction stays on through the rests of an exercise) or
        ``intermittent`` (released between sets or bouts).
    cadence
        Repetition tempo, when the protocol states one.
    sessions_per_week
        Range of sessions per week.
    frequency_note
        Frequency in words (twice daily, at least 36 h apart, ...).
    progression
        Progression rule, if one is published for the protocol.
    max_continuous_restriction_s
        Cap on continuous restriction per limb [s].
    reperfusion_s
        Reperfusion between restricted blocks or after reaching the cap [s].
    references
        Every source behind the parameters.
    parameter_sources
        For each parameter name, the citation keys it comes from.
    limbs
        Limbs the protocol applies to.
    intensity_note
        Exercise intensity for aerobic protocols (``40 % VO2max``, ``50 m/min``).
    notes
        Further facts and caveats for people.
    alternative_restriction
        The other restriction pattern the protocol may be run with, if any.
    experimental
        The protocol ships with unverified timing left out; use with extra care.
    band_overlap_pct
        Floss bands: overlap of each turn on the previous one [%].
    band_stretch_pct
        Floss bands: elongation of the band while wrapping [%].
    """

    name: str
    title: str
    mode: Mode
    summary: str
    sets: tuple[SetSpec, ...]
    rest_between_sets_s: float
    rest_between_exercises_s: float | None
    load_pct_1rm: tuple[float, float] | None
    default_load_pct_1rm: float | None
    pressure_pct_lop: tuple[float, float] | None
    default_pct_lop: float | None
    absolute_pressure_mmhg: tuple[AbsolutePressure, ...] | None
    restriction: Restriction
    cadence: Cadence | None
    sessions_per_week: tuple[int, int] | None
    frequency_note: str
    progression: ProgressionRule | None
    reperfusion_s: float | None
    references: tuple[Reference, ...]
    parameter_sources: Mapping[str, tuple[str, ...]]
    max_continuous_restriction_s: Mapping[Limb, float] = field(default_factory=_default_caps)
    limbs: tuple[Limb, ...] = tuple(Limb)
    intensity_note: str = ""
    notes: tuple[str, ...] = ()
    alternative_restriction: Restriction | None = None
    experimental: bool = False
    band_overlap_pct: float | None = None
    band_stretch_pct: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", choose(self.mode, Mode, "mode"))
        object.__setattr__(
            self, "restriction", choose(self.restriction, Restriction, "restriction")
        )
        if self.alternative_restriction is not None:
            object.__setattr__(
                self,
                "alternative_restriction",
                choose(self.alternative_restriction, Restriction, "restriction"),
            )
        object.__setattr__(
            self, "limbs", tuple(choose(limb, Limb, "limb") for limb in self.limbs)
        )
        if not self.sets:
            raise InputError(
                f"protocol {self.name!r} has no sets",
                code="protocol.no-sets", protocol=self.name,
            )
        require_non_negative(self.rest_between_sets_s, "rest between sets")
        require_non_negative(self.rest_between_exercises_s, "rest between exercises")
        require_non_negative(self.reperfusion_s, "reperfusion")
        for pair, label in (
            (self.load_pct_1rm, "load range"),
            (self.pressure_pct_lop, "pressure range"),
            (self.sessions_per_week, "sessions per week"),
            (self.band_stretch_pct, "band stretch"),
        ):
            require_ordered(pair, label)
        for default, pair, label in (
            (self.default_load_pct_1rm, self.load_pct_1rm, "default load"),
            (self.default_pct_lop, self.pressure_pct_lop, "default pressure"),
        ):
            if default is not None and (pair is None or not pair[0] <= default <= pair[1]):
                raise InputError(
                    f"{label} {default!r} lies outside its range {pair!r}",
                    code="protocol.default-outside-range",
                    what=label,
                    value=default,
                    range=list(pair) if pair else None,
                )
        caps = MappingProxyType(dict(self.max_continuous_restriction_s))
        for limb in self.limbs:
            if limb not in caps:
                raise InputError(
                    f"protocol {self.name!r} has no restriction cap for the {limb}",
                    code="protocol.no-restriction-cap", protocol=self.name, limb=limb,
                )
            require_positive(caps[limb], f"{limb} restriction cap")
        object.__setattr__(self, "max_continuous_restriction_s", caps)
        object.__setattr__(
            self, "parameter_sources", MappingProxyType(dict(self.parameter_sources))
        )

    def __hash__(self) -> int:
        # The generated hash would fail on the mapping fields; the name identifies a protocol.
        return hash((self.name, self.restriction))

    def applies_to(self, limb: Limb) -> bool:
        """Return whether the protocol was described for ``limb``."""
        return limb in self.limbs

    def absolute_pressure_for(self, limb: Limb) -> AbsolutePressure | None:
        """Return the mmHg rule for ``limb``, if the protocol states one."""
        for rule in self.absolute_pressure_mmhg or ():
            if rule.limb == limb:
                return rule
        return None

    def with_restriction(self, restriction: Restriction) -> Protocol:
        """Return the protocol run with ``restriction`` (its declared alternative).

        Raises
        ------
        InputError
            If the protocol does not declare that alternative.
        """
        restriction = choose(restriction, Restriction, "restriction")
        if restriction == self.restriction:
            return self
        if restriction != self.alternative_restriction:
            raise InputError(
                f"protocol {self.name!r} is {self.restriction} and has no {restriction} variant",
                code="protocol.no-such-variant",
                protocol=self.name,
                restriction=restriction,
                declared=self.restriction,
            )
        return replace(
            self,
            restriction=restriction,
            alternative_restriction=self.restriction,
            notes=(*self.notes, f"Run as the {restriction} variant of this protocol."),
        )

    def _block_times_s(self, reps_if_to_failure: int) -> list[float]:
        times = [
            s.working_time_s(self.cadence, reps_if_to_failure=reps_if_to_failure) for s in self.sets
        ]
        if any(time is None for time in times):
            raise NotEstimableError(
                f"protocol {self.name!r} does not state how long its sets last, so its "
                "restriction time cannot be computed; follow the device's own timing",
                code="protocol.set-duration-unknown", protocol=self.name
            )
        return [time for time in times if time is not None]

    def longest_continuous_restriction_s(
        self, *, reps_if_to_failure: int = BUDGET_REPS_TO_FAILURE
    ) -> float:
        """Return the longest stretch of restriction without release [s]."""
        times = self._block_times_s(reps_if_to_failure)
        if self.restriction == Restriction.INTERMITTENT:
            return max(times)
        return sum(times) + self.rest_between_sets_s * (len(times) - 1)

    def total_restriction_s(
        self, *, exercises: int = 1, reps_if_to_failure: int = BUDGET_REPS_TO_FAILURE
    ) -> float:
        """Return the restriction time the protocol implies for a session [s].

        Parameters
        ----------
        exercises
            Exercises (or repeated blocks) in the session; restriction is released between them.
        reps_if_to_failure
            Repetitions budgeted for each set to failure.

        Returns
        -------
        float
            For a continuous protocol, each exercise contributes its sets plus the rests between
            them; for an intermittent one, only the sets.
        """
        if isinstance(exercises, bool) or not isinstance(exercises, int) or exercises < 1:
            raise InputError(
                f"exercises must be a whole number of at least 1, got {exercises!r}",
                code="protocol.exercises-not-whole", value=exercises,
            )
        if isinstance(reps_if_to_failure, bool) or reps_if_to_failure < 1:
            raise InputError(
                "repetitions budgeted for a set to failure must be at least 1",
                code="protocol.failure-reps-below-one",
            )
        times = self._block_times_s(reps_if_to_failure)
        per_exercise = sum(times)
        if self.restriction == Restriction.CONTINUOUS:
            per_exercise += self.rest_between_sets_s * (len(times) - 1)
        return per_exercise * exercises

    def restriction_budget(
        self,
        limb: Limb,
        *,
        exercises: int = 1,
        reps_if_to_failure: int = BUDGET_REPS_TO_FAILURE,
    ) -> RestrictionBudget:
        """Return the session's restriction time on ``limb`` and check it against the cap.

        Raises
        ------
        InputError
            If the protocol was not described for ``limb``.
        NotEstimableError
            If the protocol's set durations are not known (device-timed cycles).
        """
        limb = choose(limb, Limb, "limb")
        if not self.applies_to(limb):
            raise InputError(
                f"protocol {self.name!r} is described for the {', '.join(self.limbs)} only",
                code="protocol.not-for-limb", protocol=self.name, limb=limb, limbs=list(self.limbs)
            )
        assumptions: list[str] = []
        if self.cadence is None and any(s.duration_s is None for s in self.sets):
            assumptions.append(f"{BUDGET_REPETITION_S:g} s per repetition (no cadence stated)")
        if any(s.to_failure for s in self.sets):
            assumptions.append(f"{reps_if_to_failure} repetitions per set to failure")
        if self.restriction == Restriction.CONTINUOUS and exercises > 1:
            assumptions.append("restriction released between exercises")
        return RestrictionBudget(
            protocol_name=self.name,
            limb=limb,
            exercises=exercises,
            total_restriction_s=self.total_restriction_s(
                exercises=exercises, reps_if_to_failure=reps_if_to_failure
            ),
            longest_continuous_s=self.longest_continuous_restriction_s(
                reps_if_to_failure=reps_if_to_failure
            ),
            cap_s=self.max_continuous_restriction_s[limb],
            reperfusion_s=self.reperfusion_s,
            assumptions=tuple(assumptions),
        )

    def scheme(self) -> str:
        """Return the sets as a compact scheme: ``30-15-15-15`` or ``5 x 2 min``."""
        labels = [s.label() for s in self.sets]
        if len(set(labels)) == 1 and len(labels) > 1:
            return f"{len(labels)} x {labels[0]}"
        return "-".join(labels) if all(s.reps for s in self.sets) else ", ".join(labels)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping with every parameter and its sources."""
        return {
            "name": self.name,
            "title": self.title,
            "mode": self.mode,
            "summary": self.summary,
            "experimental": self.experimental,
            "limbs": list(self.limbs),
            "scheme": self.scheme(),
            "sets": [s.as_dict() for s in self.sets],
            "rest_between_sets_s": self.rest_between_sets_s,
            "rest_between_exercises_s": self.rest_between_exercises_s,
            "load_pct_1rm": list(self.load_pct_1rm) if self.load_pct_1rm else None,
            "default_load_pct_1rm": self.default_load_pct_1rm,
            "pressure_pct_lop": list(self.pressure_pct_lop) if self.pressure_pct_lop else None,
            "default_pct_lop": self.default_pct_lop,
            "absolute_pressure_mmhg": (
                [rule.as_dict() for rule in self.absolute_pressure_mmhg]
                if self.absolute_pressure_mmhg
                else None
            ),
            "restriction": self.restriction,
            "alternative_restriction": self.alternative_restriction,
            "cadence": self.cadence.as_dict() if self.cadence else None,
            "intensity_note": self.intensity_note or None,
            "sessions_per_week": list(self.sessions_per_week) if self.sessions_per_week else None,
            "frequency_note": self.frequency_note,
            "progression": self.progression.as_dict() if self.progression else None,
            "max_continuous_restriction_s": dict(self.max_continuous_restriction_s),
            "reperfusion_s": self.reperfusion_s,
            "band_overlap_pct": self.band_overlap_pct,
            "band_stretch_pct": list(self.band_stretch_pct) if self.band_stretch_pct else None,
            "notes": list(self.notes),
            "parameter_sources": {key: list(keys) for key, keys in self.parameter_sources.items()},
            "references": [reference.as_dict() for reference in self.references],
        }
