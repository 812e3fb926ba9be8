"""Exercise schedules: sets of repetitions, rests, and when the cuff is inflated.

A :class:`Schedule` is a list of :class:`Segment` s of constant conditions. Repetitions are
resolved one by one (a contraction phase and a relaxation phase, each a whole number of native
time steps), so the muscle pump acts as a pump and not as an average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from occlusion.errors import InputError
from occlusion.physiology.parameters import model_choices
from occlusion.science.checks import require_between
from occlusion.science.protocols import Protocol as ScienceProtocol
from occlusion.science.protocols import all_protocols, get_protocol


@dataclass(frozen=True, slots=True)
class Segment:
    """An interval of constant conditions.

    Parameters
    ----------
    duration_s
        Length [s].
    cuff_on
        Whether the cuff is inflated.
    in_set
        Whether the person is inside a set (exercise demand).
    contracting
        Whether a repetition's contraction phase is on.
    load_fraction
        Load as a fraction of 1RM [1].
    """

    duration_s: float
    cuff_on: bool
    in_set: bool = False
    contracting: bool = False
    load_fraction: float = 0.0


@dataclass(frozen=True, slots=True)
class Protocol:
    """A named exercise protocol: repetitions per set, rest between sets, and the default load.

    Parameters
    ----------
    name
        Identifier used on the command line.
    repetitions
        Repetitions in each set.
    rest_s
        Rest between sets [s].
    default_load_pct_1rm
        Load used when none is given [% 1RM].
    limbs_exercised
        1 for one limb, 2 for bilateral exercise (lactate reaches blood from both).
    description
        One line for people.
    reference
        Citation key of the study the protocol reproduces.
    """

    name: str
    repetitions: tuple[int, ...]
    rest_s: float
    default_load_pct_1rm: float
    limbs_exercised: int
    description: str
    reference: str


#: Study schedules the validation targets reproduce (each named after its study's scheme).
STUDY_PROTOCOLS: dict[str, Protocol] = {
    protocol.name: protocol
    for protocol in (
        Protocol(
            "5x15",
            (15, 15, 15, 15, 15),
            60.0,
            30.0,
            2,
            "bilateral leg press, 5 sets of 15 with 60 s rest",
            "gjsm_2018_lactate",
        ),
        Protocol(
            "3x30",
            (30, 30, 30),
            30.0,
            20.0,
            1,
            "3 sets of 30 repetitions with 30 s rest",
            "suga_2012_continuous_vs_intermittent",
        ),
        Protocol(
            "4x20",
            (20, 20, 20, 20),
            30.0,
            30.0,
            1,
            "4 sets of 20 repetitions with 30 s rest (arm curl, close to failure at 30 % 1RM)",
            "wong_2019_swelling",
        ),
    )
}


def _simulable(protocol: ScienceProtocol) -> bool:
    return protocol.mode == "resistance" and all(spec.reps for spec in protocol.sets)


def from_science_protocol(protocol: ScienceProtocol) -> Protocol:
    """Return the simulator schedule of a repetition-based protocol of the science core.

    A set "to failure" is simulated with its stated repetitions (the 15 of 30-15-15-15).
    """
    if not _simulable(protocol):
        raise InputError(
            f"protocol {protocol.name!r} is not a repetition-based resistance protocol; the "
            f"simulator runs: {', '.join(simulable_protocol_names())}",
            code="physiology.protocol-not-simulable",
            protocol=protocol.name,
            allowed=list(simulable_protocol_names()),
        )
    return Protocol(
        name=protocol.name,
        repetitions=tuple(int(spec.reps or 0) for spec in protocol.sets),
        rest_s=protocol.rest_between_sets_s,
        default_load_pct_1rm=protocol.default_load_pct_1rm or 30.0,
        limbs_exercised=1,
        description=(
            f"{protocol.title}: {protocol.scheme()}, {protocol.rest_between_sets_s:g} s rest"
        ),
        reference=protocol.references[0].key,
    )


def simulable_protocol_names() -> tuple[str, ...]:
    """Names the simulator accepts: the science core's resistance protocols, then the studies."""
    library = tuple(protocol.name for protocol in all_protocols() if _simulable(protocol))
    return (*library, "30-15-15-15", *sorted(STUDY_PROTOCOLS))


def protocol_named(name: str) -> Protocol:
    """Return the schedule called ``name`` or raise :class:`InputError` listing the choices.

    ``name`` is a protocol of :mod:`occlusion.science.protocols.protocol` (e.g.
    ``resistance-30-15-15-15``; ``30-15-15-15`` is accepted as its short name) or one of the
    study schedules in :data:`STUDY_PROTOCOLS`.
    """
    if name in STUDY_PROTOCOLS:
        return STUDY_PROTOCOLS[name]
    library_name = "resistance-30-15-15-15" if name == "30-15-15-15" else name
    try:
        library_protocol = get_protocol(library_name)
    except InputError:
        raise InputError(
            f"unknown protocol {name!r}: choose one of {', '.join(simulable_protocol_names())}",
            code="unknown-choice",
            what="protocol",
            value=str(name),
            allowed=list(simulable_protocol_names()),
        ) from None
    return from_science_protocol(library_protocol)


#: Every schedule by name, including the library's (for code and tests that look one up).
PROTOCOLS: dict[str, Protocol] = {
    **{name: protocol_named(name) for name in simulable_protocol_names()},
}


@dataclass(frozen=True, slots=True)
class Schedule:
    """A sequence of segments plus the protocol facts reports need."""

    segments: tuple[Segment, ...]
    limbs_exercised: int = 1

    @property
    def duration_s(self) -> float:
        """Total simulated time [s]."""
        return sum(segment.duration_s for segment in self.segments)

    def set_intervals_s(self) -> list[tuple[float, float]]:
        """Start and end [s] of every set, for plots."""
        intervals: list[tuple[float, float]] = []
        clock = 0.0
        start: float | None = None
        for segment in self.segments:
            if segment.in_set and start is None:
                start = clock
            if not segment.in_set and start is not None:
                intervals.append((start, clock))
                start = None
            clock += segment.duration_s
        if start is not None:
            intervals.append((start, clock))
        return intervals

    def cuff_intervals_s(self) -> list[tuple[float, float]]:
        """Start and end [s] of every period with the cuff inflated, for plots."""
        intervals: list[tuple[float, float]] = []
        clock = 0.0
        start: float | None = None
        for segment in self.segments:
            if segment.cuff_on and start is None:
                start = clock
            if not segment.cuff_on and start is not None:
                intervals.append((start, clock))
                start = None
            clock += segment.duration_s
        if start is not None:
            intervals.append((start, clock))
        return intervals


def _merge(segments: Sequence[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for segment in segments:
        if merged:
            last = merged[-1]
            if (last.cuff_on, last.in_set, last.contracting, last.load_fraction) == (
                segment.cuff_on,
                segment.in_set,
                segment.contracting,
                segment.load_fraction,
            ):
                merged[-1] = Segment(
                    last.duration_s + segment.duration_s,
                    last.cuff_on,
                    last.in_set,
                    last.contracting,
                    last.load_fraction,
                )
                continue
        merged.append(segment)
    return tuple(merged)


def exercise_schedule(
    protocol: Protocol,
    *,
    load_pct_1rm: float | None = None,
    intermittent: bool = False,
    restricted: bool = True,
    baseline_s: float = 30.0,
    recovery_s: float = 300.0,
) -> Schedule:
    """Build the schedule of one session.

    The cuff goes on at the end of the baseline, stays on through sets and rests (continuous)
    or only during sets (``intermittent``), and comes off at the end of the last set; the
    recovery shows the release: reactive hyperaemia and washout.

    Parameters
    ----------
    protocol
        Repetitions per set and rests.
    load_pct_1rm
        Load [% 1RM]; ``None`` uses the protocol default.
    intermittent
        Deflate the cuff between sets.
    restricted
        ``False`` runs the same exercise with no cuff at all.
    baseline_s, recovery_s
        Rest before the first set and after the last [s].
    """
    load = protocol.default_load_pct_1rm if load_pct_1rm is None else load_pct_1rm
    load = require_between(load, 0.0, 100.0, "load", "% 1RM") / 100.0
    require_between(baseline_s, 0.0, 3600.0, "baseline", "s")
    require_between(recovery_s, 0.0, 7200.0, "recovery", "s")
    period = model_choices.REPETITION_PERIOD_S
    contraction = period * model_choices.CONTRACTION_SHARE
    segments: list[Segment] = []
    if baseline_s > 0:
        segments.append(Segment(baseline_s, cuff_on=False))
    for index, repetitions in enumerate(protocol.repetitions):
        for _ in range(repetitions):
            segments.append(Segment(contraction, restricted, True, True, load))
            segments.append(Segment(period - contraction, restricted, True, False, load))
        if index < len(protocol.repetitions) - 1:
            segments.append(Segment(protocol.rest_s, restricted and not intermittent))
    if recovery_s > 0:
        segments.append(Segment(recovery_s, cuff_on=False))
    return Schedule(_merge(segments), limbs_exercised=protocol.limbs_exercised)


def rest_schedule(duration_s: float, *, cuff_on: bool = True) -> Schedule:
    """Return a schedule of quiet rest with the cuff on (or off) for ``duration_s`` [s]."""
    require_between(duration_s, 0.0, 7200.0, "duration", "s")
    return Schedule((Segment(duration_s, cuff_on=cuff_on),))
