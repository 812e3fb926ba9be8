"""Use cases for looking back: a person's history page and their progress over time.

Progress is computed in the database, one row per exercise per session, so it stays fast with
years of sets:

- volume load: Σ load × repetitions [kg];
- estimated 1RM: the best Brzycki (1993) estimate, ``load / (1.0278 − 0.0278 × reps)``, over sets
  of 1 to 10 repetitions (the range where rep-max equations hold); BFR sets of 15–30 repetitions
  give none, and the field is then empty;
- repetitions in the last set;
- pressure held versus target: mean measured pressure / mean target pressure [%] (cuff sessions);
- mean discomfort (0–10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, select, true

from occlusion.errors import InputError
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import SessionExercise, TrainingSession, TrainingSet

MAX_HISTORY_PAGE = 200
#: Progress looks back this far from the latest set unless told otherwise [days].
DEFAULT_WINDOW_DAYS = 365
_LAST_SET_SCALE = 100_000
_NO_REPS = 99_999


def history(
    database: Database, person: str, *, limit: int = 20, before: str | None = None
) -> dict[str, Any]:
    """Return one page of a person's sessions, newest first, with every set.

    Parameters
    ----------
    limit
        Sessions on the page (1–200).
    before
        Show sessions started before this ISO 8601 time (the ``next_before`` of the previous
        page), for paging back through years.
    """
    if not 1 <= limit <= MAX_HISTORY_PAGE:
        raise InputError(f"a history page holds 1 to {MAX_HISTORY_PAGE} sessions, not {limit}")
    cursor: datetime | None = None
    if before is not None:
        cursor = timestamps.split(timestamps.parse_iso(before, "--before"))[0]
    with database.session() as session:
        owner = find_person(session, person)
        statement = select(TrainingSession).where(TrainingSession.person_id == owner.id)
        if cursor is not None:
            statement = statement.where(TrainingSession.started_at < cursor)
        trainings = session.scalars(
            statement.order_by(TrainingSession.started_at.desc()).limit(limit)
        ).all()
        ids = [training.id for training in trainings]
        exercises = session.scalars(
            select(SessionExercise)
            .where(SessionExercise.session_id.in_(ids))
            .order_by(SessionExercise.position)
        ).all()
        sets = session.scalars(
            select(TrainingSet)
            .where(TrainingSet.session_id.in_(ids))
            .order_by(TrainingSet.position)
        ).all()
        sets_by_exercise: dict[Any, list[dict[str, Any]]] = {}
        for item in sets:
            sets_by_exercise.setdefault(item.exercise_id, []).append(_set_dict(item))
        exercises_by_session: dict[Any, list[dict[str, Any]]] = {}
        for exercise in exercises:
            exercises_by_session.setdefault(exercise.session_id, []).append(
                {
                    "name": exercise.name,
                    "restricted_limbs": list(exercise.restricted_limbs),
                    "target_pressure_mmhg": exercise.target_pressure_mmhg,
                    "target_pct_lop": exercise.target_pct_lop,
                    "sets": sets_by_exercise.get(exercise.id, []),
                }
            )
        pages = [
            {
                "session_id": str(training.id),
                "started_at": timestamps.to_iso(training.started_at, training.started_offset_min),
                "ended_at": timestamps.to_iso(training.ended_at, training.started_offset_min),
                "status": training.status,
                "restriction": training.restriction_kind,
                "source": training.source,
                "stop_reason": training.stop_reason,
                "exercises": exercises_by_session.get(training.id, []),
            }
            for training in trainings
        ]
        next_before = pages[-1]["started_at"] if len(pages) == limit else None
        return {
            "person_id": str(owner.id),
            "person": owner.name,
            "sessions": pages,
            "next_before": next_before,
        }


def _set_dict(item: TrainingSet) -> dict[str, Any]:
    return {
        "position": item.position,
        "target_reps": item.target_reps,
        "reps": item.reps,
        "target_load_kg": item.target_load_kg,
        "load_kg": item.load_kg,
        "load_entered_unit": item.load_entered_unit,
        "target_pressure_mmhg": item.target_pressure_mmhg,
        "pressure_mmhg": item.pressure_mmhg,
        "pressure_pct_lop": item.pressure_pct_lop,
        "restriction_s": item.restriction_s,
        "rpe": item.rpe,
        "discomfort": item.discomfort,
        "symptoms": list(item.symptoms or []),
        "notes": item.notes,
    }


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """One exercise in one session, summarised."""

    started_at: str
    exercise: str
    sets: int
    volume_load_kg: float | None
    estimated_one_rep_max_kg: float | None
    last_set_reps: int | None
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


def progress(
    database: Database,
    person: str,
    *,
    exercise: str | None = None,
    since: str | None = None,
) -> dict[str, Any]:
    """Return a person's progress per exercise, oldest session first (see the module notes).

    Parameters
    ----------
    exercise
        Only this exercise (exact name).
    since
        ``all`` for the whole history, or an ISO 8601 date or time; by default the
        :data:`DEFAULT_WINDOW_DAYS` days up to the person's latest set.
    """
    from occlusion.science.loading import BRZYCKI_1993, MAX_ACCURATE_REPS

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
    with database.session() as session:
        owner = find_person(session, person)
        start = _window_start(session, owner.id, since)
        # One pass over the person's sets (index on person_id), grouped per exercise; the last
        # set's repetitions ride along as position * 100000 + reps so no second lookup is needed.
        per_exercise = (
            select(
                TrainingSet.exercise_id.label("exercise_id"),
                func.count(TrainingSet.id).label("sets"),
                func.sum(TrainingSet.load_kg * TrainingSet.reps).label("volume"),
                func.max(brzycki).label("one_rep_max"),
                func.avg(TrainingSet.pressure_mmhg).label("pressure"),
                func.avg(TrainingSet.target_pressure_mmhg).label("target_pressure"),
                func.avg(cast(TrainingSet.discomfort, Float)).label("discomfort"),
                func.max(
                    TrainingSet.position * _LAST_SET_SCALE
                    + func.coalesce(TrainingSet.reps, _NO_REPS)
                ).label("last_set"),
            )
            .where(
                TrainingSet.person_id == owner.id,
                true() if start is None else TrainingSet.performed_at >= start,
            )
            .group_by(TrainingSet.exercise_id)
            .subquery()
        )
        statement = (
            select(
                TrainingSession.started_at,
                TrainingSession.started_offset_min,
                SessionExercise.name,
                per_exercise.c.sets,
                per_exercise.c.volume,
                per_exercise.c.one_rep_max,
                per_exercise.c.pressure,
                per_exercise.c.target_pressure,
                per_exercise.c.discomfort,
                per_exercise.c.last_set,
            )
            .join(SessionExercise, SessionExercise.id == per_exercise.c.exercise_id)
            .join(TrainingSession, TrainingSession.id == SessionExercise.session_id)
            .order_by(TrainingSession.started_at, SessionExercise.name)
        )
        if exercise is not None:
            statement = statement.where(SessionExercise.name == exercise)
        rows = session.execute(statement).all()
        name = owner.name
        owner_id = str(owner.id)
    points = [
        ProgressPoint(
            started_at=timestamps.to_iso(row[0], row[1]) or "",
            exercise=row[2],
            sets=int(row[3]),
            volume_load_kg=_round(row[4]),
            estimated_one_rep_max_kg=_round(row[5]),
            last_set_reps=_last_set_reps(row[9]),
            pressure_held_pct_of_target=(
                _round(100.0 * row[6] / row[7]) if row[6] is not None and row[7] else None
            ),
            mean_discomfort=_round(row[8]),
        )
        for row in rows
    ]
    return {
        "person_id": owner_id,
        "person": name,
        "since": None if start is None else start.isoformat() + "+00:00",
        "points": [point.as_dict() for point in points],
        "references": [BRZYCKI_1993.as_dict()],
    }


def _window_start(session: Any, person_id: Any, since: str | None) -> datetime | None:
    """Return the naive UTC start of the progress window, or ``None`` for all of it."""
    if since is not None:
        if since.strip().lower() == "all":
            return None
        text = since.strip()
        if len(text) == 10:
            text += "T00:00:00+00:00"
        return timestamps.split(timestamps.parse_iso(text, "--since"))[0]
    latest = session.execute(
        select(func.max(TrainingSet.performed_at)).where(TrainingSet.person_id == person_id)
    ).scalar_one()
    if not isinstance(latest, datetime):
        return None
    return latest - timedelta(days=DEFAULT_WINDOW_DAYS)


def _last_set_reps(encoded: int | None) -> int | None:
    if encoded is None:
        return None
    reps = int(encoded) % _LAST_SET_SCALE
    return None if reps == _NO_REPS else reps


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
