"""Use case: a person's history, one page of sessions at a time, each set target next to actual.

Progress over time lives in :mod:`occlusion.services.progress` (re-exported here).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, Table, bindparam, select

from occlusion.errors import InputError
from occlusion.services import fidelity
from occlusion.services.people import find_person_header
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import SessionExercise, TrainingSession, TrainingSet

MAX_HISTORY_PAGE = 200

_SESSION: Table = TrainingSession.__table__  # type: ignore[assignment]
_EXERCISE: Table = SessionExercise.__table__  # type: ignore[assignment]
_SET: Table = TrainingSet.__table__  # type: ignore[assignment]


def _page_statement(paged_back: bool) -> Select[Any]:
    columns = _SESSION.c
    statement = select(
        columns.id, columns.started_at, columns.started_offset_min, columns.ended_at,
        columns.status, columns.restriction_kind, columns.source, columns.stop_reason,
    ).where(columns.person_id == bindparam("person_id"))
    if paged_back:
        statement = statement.where(columns.started_at < bindparam("before"))
    return statement.order_by(columns.started_at.desc()).limit(bindparam("limit", type_=Integer))


# Built once: Core statements with parameters, run on the session's connection. A page holds
# up to 200 sessions with their sets; building the statements and an ORM object per row was
# most of this request's CPU.
_PAGE = {paged_back: _page_statement(paged_back) for paged_back in (False, True)}
_EXERCISES = (
    select(
        _EXERCISE.c.id, _EXERCISE.c.session_id, _EXERCISE.c.position, _EXERCISE.c.name,
        _EXERCISE.c.restricted_limbs, _EXERCISE.c.target_pressure_mmhg,
        _EXERCISE.c.target_pct_lop,
    )
    .where(_EXERCISE.c.session_id.in_(bindparam("session_ids", expanding=True)))
    .order_by(_EXERCISE.c.position)
)
_SETS = (
    select(
        *(
            _SET.c[name]
            for name in (
                "id", "session_id", "exercise_id", "position", "target_reps", "reps",
                "target_load_kg", "load_kg", "load_entered_unit", "target_pressure_mmhg",
                "pressure_mmhg", "pressure_pct_lop", "restriction_s", "rpe", "discomfort",
                "symptoms", "notes",
            )
        )
    )
    .where(_SET.c.session_id.in_(bindparam("session_ids", expanding=True)))
    .order_by(_SET.c.position)
)
_STARTS = select(_SESSION.c.started_at, _SESSION.c.started_offset_min).where(
    _SESSION.c.person_id == bindparam("person_id")
)


def history(
    database: Database, person: str, *, limit: int = 20, before: str | None = None
) -> dict[str, Any]:
    """Return one page of a person's sessions, newest first, with every set.

    Each set of a cuff session carries its pressure fidelity (``fidelity``: share of time
    within ±10 % of target, lowest and highest pressure; ``None`` without a device trace), and
    ``adherence`` lists the days with a session per calendar month over the whole record.

    Parameters
    ----------
    limit
        Sessions on the page (1–200).
    before
        Show sessions started before this ISO 8601 time (the ``next_before`` of the previous
        page), for paging back through years.
    """
    if not 1 <= limit <= MAX_HISTORY_PAGE:
        raise InputError(
            f"a history page holds 1 to {MAX_HISTORY_PAGE} sessions, not {limit}",
            code="history.bad-page-size", limit=limit, max_limit=MAX_HISTORY_PAGE,
        )
    cursor: datetime | None = None
    if before is not None:
        cursor = timestamps.split(timestamps.parse_iso(before, "before"))[0]
    with database.session() as session:
        owner = find_person_header(session, person)
        connection = session.connection()
        trainings = connection.execute(
            _PAGE[cursor is not None],
            {"person_id": owner.id, "limit": limit}
            | ({} if cursor is None else {"before": cursor}),
        ).all()
        ids = {"session_ids": [training.id for training in trainings]}
        exercises = connection.execute(_EXERCISES, ids).all()
        sets = connection.execute(_SETS, ids).all()
        position_of = {exercise.id: exercise.position for exercise in exercises}
        targets: dict[Any, dict[tuple[int, int], float | None]] = {}
        for item in sets:
            targets.setdefault(item.session_id, {})[
                (position_of[item.exercise_id], item.position)
            ] = item.target_pressure_mmhg
        fidelities = {
            (training.id, entry.exercise_position, entry.set_position): entry.as_dict()
            for training in trainings
            if training.restriction_kind == "cuff"
            for entry in fidelity.session_fidelity(
                session, training.id, targets.get(training.id, {})
            )
        }
        sets_by_exercise: dict[Any, list[dict[str, Any]]] = {}
        for item in sets:
            values = _set_dict(item)
            values["fidelity"] = fidelities.get(
                (item.session_id, position_of[item.exercise_id], item.position)
            )
            sets_by_exercise.setdefault(item.exercise_id, []).append(values)
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
        starts = connection.execute(_STARTS, {"person_id": owner.id}).all()
        # Every session of the whole record (thousands over years): plain arithmetic per row.
        months = fidelity.adherence(
            timestamps.local_date(started_at, offset) for started_at, offset in starts
        )
        return {
            "person_id": str(owner.id),
            "person": owner.name,
            # How the person reads loads; the numbers stay in kilograms.
            "units": owner.preferred_units,
            "sessions": pages,
            "next_before": next_before,
            "adherence": [month.as_dict() for month in months],
        }


def _set_dict(item: Any) -> dict[str, Any]:
    """Return a set (a row of :data:`_SETS`) as the history shows it."""
    return {
        "id": str(item.id),
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


from occlusion.services.progress import (  # noqa: E402 - re-exported for existing callers
    DEFAULT_WINDOW_DAYS,
    ProgressPoint,
    progress,
)

__all__ = ["DEFAULT_WINDOW_DAYS", "MAX_HISTORY_PAGE", "ProgressPoint", "history", "progress"]
