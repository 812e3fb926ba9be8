"""Pressure fidelity per cuff set and adherence per month, computed once for every interface.

**Pressure fidelity** is the share of a set's time the cuff held within ±10 % of its target,
with the lowest and highest pressure reached. It is the figure independent bench tests of
commercial BFR cuffs report (about 95 % of the time within ±10 % for the best, 25–34 % for
consumer cuffs; the evidence survey in ``shared/evidence``), so a clinician can compare a
person's sessions with it. It is computed from the device trace the session kept
(``device_sample``): samples are stored at a fixed interval per channel
(:data:`occlusion.sessions.cuff.SAMPLE_INTERVAL_S`), so the share of samples is the share of
time. A set's window runs from its ``set-started`` event to its ``set-logged`` event; each
sample is compared with the target the channel had at that moment (a stop rule may have
lowered it).

**Adherence** is the number of calendar days with a session in each calendar month, in the
person's local time. The US remote therapeutic monitoring device-supply code for the
musculoskeletal system (CPT 98977) is billed per 30 days with at least 16 days of data, so
months below :data:`ADHERENCE_DAYS_PER_MONTH` are flagged. We found this rule only in
secondary sources (law-firm and vendor summaries of the CMS physician fee schedules), not in
the CMS text itself; ``docs/export.md`` says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.store import timestamps
from occlusion.store.models import DeviceSample, SessionEvent, TrainingSession

#: Half-width of the band around the target counted as held [fraction of target].
FIDELITY_BAND = 0.10
#: Days with data per 30 days that the RTM device-supply code 98977 needs (secondary sources).
ADHERENCE_DAYS_PER_MONTH = 16


@dataclass(frozen=True, slots=True)
class SetFidelity:
    """How well the cuff held its target during one set (all its channels together)."""

    exercise_position: int
    set_position: int
    samples: int
    within_band_pct: float
    min_mmhg: float
    max_mmhg: float
    target_mmhg: float

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "exercise_position": self.exercise_position,
            "set_position": self.set_position,
            "samples": self.samples,
            "within_band_pct": round(self.within_band_pct, 1),
            "min_mmhg": round(self.min_mmhg, 1),
            "max_mmhg": round(self.max_mmhg, 1),
            "target_mmhg": round(self.target_mmhg, 1),
        }


@dataclass(frozen=True, slots=True)
class MonthAdherence:
    """Days with a session in one calendar month."""

    year: int
    month: int
    days: int

    @property
    def below_threshold(self) -> bool:
        """Return whether the month has fewer days than remote monitoring needs."""
        return self.days < ADHERENCE_DAYS_PER_MONTH

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "month": f"{self.year:04d}-{self.month:02d}",
            "days": self.days,
            "threshold_days": ADHERENCE_DAYS_PER_MONTH,
            "below_threshold": self.below_threshold,
        }


SetKey = tuple[int, int]


def set_windows(
    events: Iterable[tuple[str, float, dict[str, Any]]],
) -> dict[SetKey, tuple[float, float]]:
    """Return each logged set's time window [s since the session started].

    Parameters
    ----------
    events
        ``(kind, elapsed_s, payload)`` in the order they happened. A set started again after an
        interruption counts from its last start.

    Returns
    -------
    dict
        ``(exercise_position, set_position)`` (both from 1) → ``(start_s, end_s)``.
    """
    started: dict[tuple[int, int], float] = {}
    windows: dict[tuple[int, int], tuple[float, float]] = {}
    for kind, elapsed_s, payload in events:
        if kind not in ("set-started", "set-logged"):
            continue
        key = (int(payload["exercise_index"]) + 1, int(payload["set_index"]) + 1)
        if kind == "set-started":
            started[key] = elapsed_s
        elif key in started:
            windows[key] = (started[key], elapsed_s)
    return windows


def restricted_s_by_limb(
    events: Iterable[tuple[str, float, dict[str, Any]]], end_s: float | None = None
) -> dict[str, float]:
    """Return how long each limb was restricted in a session [s], from its journal.

    Restriction runs from a ``restriction-applied`` event to the ``restriction-released`` event
    of the same limb, as the session runner counts it against the limb's cap: rests taken with
    the restriction on (continuous protocols) count, however short a skipped rest made them;
    rests with the restriction off do not; a set interrupted before it was logged counts too.

    Parameters
    ----------
    events
        ``(kind, elapsed_s, payload)`` in the order they happened.
    end_s
        When a limb still restricted at the last event stops counting [s since the session
        started] (a session still running: now); ``None`` counts it up to the last event.

    Returns
    -------
    dict
        Limb (``left-thigh``...) → seconds under restriction, for every limb ever restricted.
    """
    applied_since: dict[str, float] = {}
    totals: dict[str, float] = {}
    last_s = 0.0
    for kind, elapsed_s, payload in events:
        last_s = max(last_s, elapsed_s)
        if kind == "restriction-applied":
            for limb in payload.get("limbs") or ():
                applied_since.setdefault(limb, elapsed_s)
                totals.setdefault(limb, 0.0)
        elif kind == "restriction-released":
            for limb in payload.get("limbs") or ():
                since = applied_since.pop(limb, None)
                if since is not None:
                    totals[limb] += max(0.0, elapsed_s - since)
    until_s = last_s if end_s is None else max(end_s, last_s)
    for limb, since in applied_since.items():
        totals[limb] += max(0.0, until_s - since)
    return totals


def fidelity_of_samples(
    samples: Sequence[tuple[float, float, float | None]], fallback_target_mmhg: float | None
) -> tuple[int, float, float, float, float] | None:
    """Return (count, % within band, min, max, mean target) of ``(elapsed_s, mmHg, target)``.

    Samples without a target (and no fallback) or with a target of 0 (a deflated channel) are
    not counted. ``None`` when no sample counts.
    """
    counted = 0
    within = 0
    low = float("inf")
    high = float("-inf")
    target_sum = 0.0
    for _elapsed_s, pressure_mmhg, target_mmhg in samples:
        target = target_mmhg if target_mmhg is not None else fallback_target_mmhg
        if target is None or target <= 0:
            continue
        counted += 1
        target_sum += target
        if abs(pressure_mmhg - target) <= FIDELITY_BAND * target:
            within += 1
        low = min(low, pressure_mmhg)
        high = max(high, pressure_mmhg)
    if counted == 0:
        return None
    return counted, 100.0 * within / counted, low, high, target_sum / counted


def session_fidelity(
    session: Session, session_id: uuid.UUID, targets: dict[tuple[int, int], float | None]
) -> list[SetFidelity]:
    """Return the fidelity of every logged set of a cuff session that has a device trace.

    Parameters
    ----------
    targets
        ``(exercise_position, set_position)`` → the set's target pressure [mmHg], used for
        samples stored without one.
    """
    events = session.execute(
        select(SessionEvent.kind, SessionEvent.elapsed_s, SessionEvent.payload)
        .where(SessionEvent.session_id == session_id)
        .order_by(SessionEvent.sequence)
    ).all()
    windows = set_windows((row[0], row[1], row[2]) for row in events)
    if not windows:
        return []
    rows = session.execute(
        select(DeviceSample.elapsed_s, DeviceSample.pressure_mmhg, DeviceSample.target_mmhg)
        .where(DeviceSample.session_id == session_id)
        .order_by(DeviceSample.elapsed_s)
    ).all()
    return fidelity_from_rows(windows, [(row[0], row[1], row[2]) for row in rows], targets)


def fidelity_from_rows(
    windows: dict[tuple[int, int], tuple[float, float]],
    samples: Sequence[tuple[float, float, float | None]],
    targets: dict[tuple[int, int], float | None],
) -> list[SetFidelity]:
    """Return the fidelity of each set window over samples sorted by time."""
    import bisect

    times = [sample[0] for sample in samples]
    result: list[SetFidelity] = []
    for key in sorted(windows):
        start_s, end_s = windows[key]
        first = bisect.bisect_left(times, start_s)
        last = bisect.bisect_right(times, end_s)
        summary = fidelity_of_samples(samples[first:last], targets.get(key))
        if summary is None:
            continue
        count, within_pct, low, high, target = summary
        result.append(SetFidelity(key[0], key[1], count, within_pct, low, high, target))
    return result


def adherence(local_days: Iterable[date]) -> list[MonthAdherence]:
    """Return the days with a session per calendar month, oldest month first.

    Months between the first and the last session that have no session at all are included
    (with 0 days): a gap is what a clinician most needs to see.
    """
    days = sorted(set(local_days))
    if not days:
        return []
    per_month: dict[tuple[int, int], int] = {}
    for day in days:
        per_month[(day.year, day.month)] = per_month.get((day.year, day.month), 0) + 1
    year, month = days[0].year, days[0].month
    last = (days[-1].year, days[-1].month)
    months: list[MonthAdherence] = []
    while (year, month) <= last:
        months.append(MonthAdherence(year, month, per_month.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def session_local_day(training: TrainingSession) -> date:
    """Return the calendar day a session started on, in the person's local time."""
    return timestamps.join(training.started_at, training.started_offset_min).date()
