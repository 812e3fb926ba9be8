"""Keep ``exercise_summary`` current: one row per exercise of a session, recomputed on write.

A summary row is always derived from the exercise's own sets (a small indexed read), never
incremented, so it cannot drift: whatever writes sets — the runner's journal, a hand-logged
session, a CSV import, a whole-log import — the row afterwards equals a fresh aggregate.

- ORM writes are caught by :func:`track`, an ``after_flush`` hook on the log's session factory:
  the exercises whose sets, name or session start changed in the flush are recomputed in the
  same transaction.
- Core bulk inserts (:mod:`occlusion.store.transfer`) call :func:`refresh` for what they wrote,
  and the session runner's journal, which writes with Core, calls :func:`refresh_on`.
- :func:`rebuild` recomputes every row (the migration's backfill and bulk loaders).

The aggregates are the ones progress shows: count of sets, volume load Σ load × reps [kg],
the best Brzycki (1993) estimate ``load / (1.0278 − 0.0278 × reps)`` over sets of 1 to
:data:`~occlusion.science.loads.MAX_ACCURATE_REPS` repetitions [kg], sums and counts of
measured and target pressure [mmHg] and of discomfort (0–10), the repetitions of the
highest-numbered set, and the session's start as local ISO 8601 text.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Numeric,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from occlusion.store.local_iso import local_iso
from occlusion.store.models import ExerciseSummary, SessionExercise, TrainingSession, TrainingSet

# The last set's repetitions ride along as position * scale + reps inside one MAX().
_LAST_SET_SCALE = 100_000
_NO_REPS = 99_999
# Exercises recomputed per statement (bound parameters stay far below both databases' limits).
_CHUNK = 500
_COLUMNS = (
    "exercise_id", "person_id", "name", "started_at", "started_offset_min", "sets",
    "volume_load_kg", "one_rep_max_kg", "pressure_sum_mmhg", "pressure_count",
    "target_pressure_sum_mmhg", "target_pressure_count", "discomfort_sum", "discomfort_count",
    "last_set_reps", "point_volume_load_kg", "point_one_rep_max_kg", "point_pressure_held_pct",
    "point_mean_discomfort", "started_local_iso",
)


def rounded(value: Any) -> Any:
    """Round a float expression to 0.001 in SQL, the same way on both databases.

    ``round(numeric, 3)`` exists on both (PostgreSQL has no ``round(double, int)``); the cast
    back keeps the driver from building a Decimal per value.
    """
    return cast(func.round(cast(value, Numeric), 3), Float)


def pressure_held_pct(
    pressure_sum: Any, pressure_count: Any, target_sum: Any, target_count: Any
) -> Any:
    """Mean measured pressure / mean target pressure [%], or NULL without both."""
    return case(
        (
            and_(pressure_count > 0, target_count > 0, target_sum != 0),
            100.0 * (pressure_sum / pressure_count) / (target_sum / target_count),
        ),
        else_=None,
    )


def mean_of(total: Any, count: Any) -> Any:
    """``total / count``, or NULL when nothing was counted."""
    return case((count > 0, total / count), else_=None)


def _aggregate(dialect: str, condition: ColumnElement[bool] | None) -> Any:
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
    last_set = func.max(
        TrainingSet.position * _LAST_SET_SCALE + func.coalesce(TrainingSet.reps, _NO_REPS)
    )
    volume = func.sum(TrainingSet.load_kg * TrainingSet.reps)
    one_rep_max = func.max(brzycki)
    pressure_sum = func.sum(TrainingSet.pressure_mmhg)
    pressure_count = func.count(TrainingSet.pressure_mmhg)
    target_sum = func.sum(TrainingSet.target_pressure_mmhg)
    target_count = func.count(TrainingSet.target_pressure_mmhg)
    discomfort_sum = func.sum(cast(TrainingSet.discomfort, Float))
    discomfort_count = func.count(TrainingSet.discomfort)
    statement = (
        select(
            SessionExercise.id,
            TrainingSession.person_id,
            SessionExercise.name,
            TrainingSession.started_at,
            TrainingSession.started_offset_min,
            func.count(TrainingSet.id),
            volume,
            one_rep_max,
            pressure_sum,
            pressure_count,
            target_sum,
            target_count,
            discomfort_sum,
            discomfort_count,
            case(
                (last_set % _LAST_SET_SCALE == _NO_REPS, None),
                else_=last_set % _LAST_SET_SCALE,
            ),
            rounded(volume),
            rounded(one_rep_max),
            rounded(pressure_held_pct(pressure_sum, pressure_count, target_sum, target_count)),
            rounded(mean_of(discomfort_sum, discomfort_count)),
            local_iso(dialect, TrainingSession.started_at, TrainingSession.started_offset_min),
        )
        .select_from(TrainingSet)
        .join(SessionExercise, SessionExercise.id == TrainingSet.exercise_id)
        .join(TrainingSession, TrainingSession.id == SessionExercise.session_id)
        .group_by(
            SessionExercise.id,
            TrainingSession.person_id,
            SessionExercise.name,
            TrainingSession.started_at,
            TrainingSession.started_offset_min,
        )
    )
    return statement if condition is None else statement.where(condition)


def refresh(
    session: Session, exercise_ids: Iterable[uuid.UUID], *, sets_removed: bool = True
) -> None:
    """Recompute the summary rows of ``exercise_ids`` inside the session's transaction.

    When no set was removed (the common case: a set logged), one ``INSERT … SELECT … ON
    CONFLICT DO UPDATE`` per chunk does it, one round trip; otherwise the rows are deleted and
    inserted again, so an exercise left without sets loses its row. The statements are built
    once per database kind (the exercise ids are an expanding parameter): building them
    anew for every set logged was about a tenth of the web server's CPU.
    """
    # Core statements on the session's connection (same transaction): with parameters, an ORM
    # insert would be taken for a bulk insert of rows.
    refresh_on(session.connection(), exercise_ids, sets_removed=sets_removed)


def refresh_on(
    connection: Connection, exercise_ids: Iterable[uuid.UUID], *, sets_removed: bool = True
) -> None:
    """:func:`refresh` on a Core connection (its transaction), for writers without the ORM."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return
    for start in range(0, len(ids), _CHUNK):
        chunk = {"exercise_ids": ids[start : start + _CHUNK]}
        for statement in _statements(connection.dialect.name, sets_removed):
            connection.execute(statement, chunk)


_BUILT: dict[tuple[str, bool], tuple[Any, ...]] = {}
_TABLE: Any = ExerciseSummary.__table__


def _statements(dialect: str, sets_removed: bool) -> tuple[Any, ...]:
    """Return the statements that recompute the rows of ``:exercise_ids`` (built once)."""
    key = (dialect, sets_removed)
    built = _BUILT.get(key)
    if built is None:
        ids: Any = bindparam("exercise_ids", expanding=True)
        aggregate = _aggregate(dialect, TrainingSet.exercise_id.in_(ids))
        if sets_removed:
            built = (
                delete(_TABLE).where(_TABLE.c.exercise_id.in_(ids)),
                insert(_TABLE).from_select(_COLUMNS, aggregate),
            )
        else:
            built = (_upsert(dialect, aggregate),)
        _BUILT[key] = built
    return built


def _upsert(dialect: str, aggregate: Any) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(_TABLE).from_select(_COLUMNS, aggregate)
    return statement.on_conflict_do_update(
        index_elements=["exercise_id"],
        set_={name: statement.excluded[name] for name in _COLUMNS[1:]},
    )


def rebuild(session: Session) -> None:
    """Recompute every summary row from the sets (after a bulk load that bypassed the ORM)."""
    dialect = session.get_bind().dialect.name
    session.execute(delete(ExerciseSummary))
    session.execute(insert(ExerciseSummary).from_select(_COLUMNS, _aggregate(dialect, None)))


def track(session: Session, _context: Any) -> None:
    """``after_flush`` hook: recompute the summaries the flushed changes touch."""
    exercise_ids: set[uuid.UUID] = set()
    started: list[uuid.UUID] = []
    removed = False
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, TrainingSet):
            exercise_ids.add(instance.exercise_id)
            moved_from = _previous(instance, "exercise_id")
            # A set moved to another exercise leaves the one it came from as well.
            exercise_ids.update(moved_from)
            removed = removed or instance in session.deleted or bool(moved_from)
        elif (
            isinstance(instance, SessionExercise)
            and instance not in session.new  # no row until a set exists; its sets add it
            and instance not in session.deleted
            and _changed(instance, "name", "session_id")
        ):
            exercise_ids.add(instance.id)
        elif (
            isinstance(instance, TrainingSession)
            and instance in session.dirty
            and _changed(instance, "started_at", "started_offset_min", "person_id")
        ):
            started.append(instance.id)
    if started:
        exercise_ids.update(
            session.scalars(
                select(SessionExercise.id).where(SessionExercise.session_id.in_(started))
            )
        )
    refresh(session, exercise_ids, sets_removed=removed)


def _previous(instance: object, name: str) -> list[Any]:
    """Return the values ``name`` had before this flush changed it (empty when unchanged)."""
    from sqlalchemy import inspect

    return [value for value in inspect(instance).attrs[name].history.deleted if value is not None]


def _changed(instance: object, *names: str) -> bool:
    from sqlalchemy import inspect

    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in names)
