"""Use case: a person's progress per exercise, per session or per week.

Computed in the database in one pass over the person's sets (index on ``person_id``), so it
stays fast with years of training:

- volume load: Σ load × repetitions [kg];
- estimated 1RM: the best Brzycki (1993) estimate, ``load / (1.0278 − 0.0278 × reps)``, over sets
  of 1 to 10 repetitions (the range where rep-max equations hold); BFR sets of 15–30 repetitions
  give none, and the field is then empty;
- repetitions in the last set (per week: the mean over the week's sessions);
- pressure held versus target: mean measured pressure / mean target pressure [%] (cuff sessions);
- mean discomfort (0–10).

By default the window is the year up to the person's latest set; ``since="all"`` covers
everything, best viewed ``by="week"`` (weeks start on Monday, 00:00 UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, Integer, and_, case, cast, extract, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from occlusion.errors import InputError
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import SessionExercise, TrainingSession, TrainingSet

#: Progress looks back this far from the latest set unless told otherwise [days].
DEFAULT_WINDOW_DAYS = 365
PERIODS = ("session", "week")
_LAST_SET_SCALE = 100_000
_NO_REPS = 99_999
_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_EPOCH_WEEKDAY_SHIFT_DAYS = 3  # 1970-01-01 was a Thursday; +3 days makes weeks start Monday


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """One exercise in one session (or one week), summarised."""

    started_at: str
    exercise: str
    sets: int
    volume_load_kg: float | None
    estimated_one_rep_max_kg: float | None
    last_set_reps: float | None
    pressure_held_pct_of_target: float | None
    mean_discomfort: float | None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "started_at": self.started_at,
            "exercise": self.exercise,
            "sets": self.sets,
            "volume_load_kg": self.volume_load_kg,
            "estimated_one_rep_max_kg": self.estimated_one_rep_max_kg,
            "last_set_reps": self.last_set_reps,
            "pressure_held_pct_of_target": self.pressure_held_pct_of_target,
            "mean_discomfort": self.mean_discomfort,
        }


def _per_exercise(person_id: Any, start: datetime | None) -> Any:
    from occlusion.science.loads import MAX_ACCURATE_REPS

    reps = cast(TrainingSet.reps, Float)
    brzycki = case(
        (
            and_(
                TrainingSet.reps >= 1,
                TrainingSet.reps <= MAX_ACCURATE_REPS,
                TrainingSet.load_kg > 0,
            ),
            TrainingSet.load_kg / (1.0278 - 0.0278 * reps),
        ),
        else_=None,
    )
    # The last set's repetitions ride along as position * 100000 + reps: no second lookup.
    return (
        select(
            TrainingSet.exercise_id.label("exercise_id"),
            func.count(TrainingSet.id).label("sets"),
            func.sum(TrainingSet.load_kg * TrainingSet.reps).label("volume"),
            func.max(brzycki).label("one_rep_max"),
            func.sum(TrainingSet.pressure_mmhg).label("pressure_sum"),
            func.count(TrainingSet.pressure_mmhg).label("pressure_count"),
            func.sum(TrainingSet.target_pressure_mmhg).label("target_sum"),
            func.count(TrainingSet.target_pressure_mmhg).label("target_count"),
            func.sum(cast(TrainingSet.discomfort, Float)).label("discomfort_sum"),
            func.count(TrainingSet.discomfort).label("discomfort_count"),
            func.max(
                TrainingSet.position * _LAST_SET_SCALE + func.coalesce(TrainingSet.reps, _NO_REPS)
            ).label("last_set"),
        )
        .where(
            TrainingSet.person_id == person_id,
            true() if start is None else TrainingSet.performed_at >= start,
        )
        .group_by(TrainingSet.exercise_id)
        .subquery()
    )


def _week_index(dialect: str, column: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        days = func.julianday(column) - _UNIX_EPOCH_JULIAN_DAY
        return cast((days + _EPOCH_WEEKDAY_SHIFT_DAYS) / 7, Integer)
    days = extract("epoch", column) / 86400.0
    return cast(func.floor((days + _EPOCH_WEEKDAY_SHIFT_DAYS) / 7), Integer)


def progress(
    database: Database,
    person: str,
    *,
    exercise: str | None = None,
    since: str | None = None,
    by: str = "session",
) -> dict[str, Any]:
    """Return a person's progress per exercise, oldest first (see the module notes).

    Parameters
    ----------
    exercise
        Only this exercise (exact name).
    since
        ``all`` for the whole history, or an ISO 8601 date or time; by default the
        :data:`DEFAULT_WINDOW_DAYS` days up to the person's latest set.
    by
        ``session`` (one point per exercise and session) or ``week``.
    """
    from occlusion.science.loads import BRZYCKI_1993

    if by not in PERIODS:
        raise InputError(f"unknown period {by!r}: use session or week")
    with database.session() as session:
        owner = find_person(session, person)
        start = _window_start(session, owner.id, since)
        inner = _per_exercise(owner.id, start)
        last_reps = case(
            (inner.c.last_set % _LAST_SET_SCALE == _NO_REPS, None),
            else_=inner.c.last_set % _LAST_SET_SCALE,
        )
        if by == "session":
            bucket: Any = TrainingSession.started_at
            offset: Any = TrainingSession.started_offset_min
            last_value: Any = func.max(last_reps)
        else:
            bucket = _week_index(database.dialect, TrainingSession.started_at)
            offset = func.min(TrainingSession.started_offset_min)
            last_value = func.avg(cast(last_reps, Float))
        group_key = SessionExercise.id if by == "session" else bucket
        statement = (
            select(
                bucket.label("bucket"),
                offset,
                SessionExercise.name,
                func.sum(inner.c.sets),
                func.sum(inner.c.volume),
                func.max(inner.c.one_rep_max),
                func.sum(inner.c.pressure_sum),
                func.sum(inner.c.pressure_count),
                func.sum(inner.c.target_sum),
                func.sum(inner.c.target_count),
                func.sum(inner.c.discomfort_sum),
                func.sum(inner.c.discomfort_count),
                last_value,
            )
            .join(SessionExercise, SessionExercise.id == inner.c.exercise_id)
            .join(TrainingSession, TrainingSession.id == SessionExercise.session_id)
            .group_by(group_key, *(() if by == "week" else (bucket, offset)), SessionExercise.name)
            .order_by(bucket, SessionExercise.name)
        )
        if exercise is not None:
            statement = statement.where(SessionExercise.name == exercise)
        rows = session.execute(statement).all()
        name = owner.name
        owner_id = str(owner.id)
    points = [_point(row, by) for row in rows]
    return {
        "person_id": owner_id,
        "person": name,
        "since": None if start is None else start.isoformat() + "+00:00",
        "by": by,
        "points": points,
        "references": [BRZYCKI_1993.as_dict()],
    }


def _point(row: Any, by: str) -> dict[str, Any]:
    bucket, offset, name = row[0], row[1], row[2]
    # PostgreSQL returns sums of counts as Decimal; everything numeric becomes float here.
    (sets, volume, one_rep_max, pressure_sum, pressure_count, target_sum, target_count,
     discomfort_sum, discomfort_count, last_set) = (
        None if value is None else float(value) for value in row[3:]
    )
    if by == "session":
        started = timestamps.to_iso(bucket, offset) or ""
    else:
        monday = date(1970, 1, 1) + timedelta(days=7 * int(bucket) - _EPOCH_WEEKDAY_SHIFT_DAYS)
        started = monday.isoformat()
    pressure_held = None
    if pressure_sum is not None and pressure_count and target_sum and target_count:
        pressure_held = _round(
            100.0 * (pressure_sum / pressure_count) / (target_sum / target_count)
        )
    return {
        "started_at": started,
        "exercise": name,
        "sets": int(sets or 0),
        "volume_load_kg": _round(volume),
        "estimated_one_rep_max_kg": _round(one_rep_max),
        "last_set_reps": None if last_set is None else (
            int(last_set) if by == "session" else _round(last_set)
        ),
        "pressure_held_pct_of_target": pressure_held,
        "mean_discomfort": (
            _round(discomfort_sum / discomfort_count)
            if discomfort_sum is not None and discomfort_count
            else None
        ),
    }


def _window_start(session: Any, person_id: Any, since: str | None) -> datetime | None:
    """Return the naive UTC start of the progress window, or ``None`` for all of it."""
    if since is not None:
        if since.strip().lower() == "all":
            return None
        text = since.strip()
        if len(text) == 10:
            text += "T00:00:00+00:00"
        return timestamps.split(timestamps.parse_iso(text, "since"))[0]
    latest = session.execute(
        select(func.max(TrainingSet.performed_at)).where(TrainingSet.person_id == person_id)
    ).scalar_one()
    if not isinstance(latest, datetime):
        return None
    return latest - timedelta(days=DEFAULT_WINDOW_DAYS)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
