"""Use case: a person's progress per exercise, per session or per week.

Read from ``exercise_summary`` (one row per exercise of a session, kept current as sets are
written by :mod:`occlusion.store.summaries`) through one person-scoped index, so ten years of
training is a few thousand rows whatever the size of the whole log:

- volume load: Σ load × repetitions [kg];
- estimated 1RM: the best Brzycki (1993) estimate, ``load / (1.0278 − 0.0278 × reps)``, over sets
  of 1 to 10 repetitions (the range where rep-max equations hold); BFR sets of 15–30 repetitions
  give none, and the field is then empty;
- repetitions in the last set (per week: the mean over the week's sessions);
- pressure held versus target: mean measured pressure / mean target pressure [%] (cuff sessions);
- mean discomfort (0–10).

By default the window is the year up to the start of the person's latest session; a session
counts when it started inside the window. ``since="all"`` covers everything, best viewed
``by="week"`` (weeks start on Monday, 00:00 UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, Integer, String, bindparam, cast, extract, func, select
from sqlalchemy.sql.elements import ColumnElement

from occlusion.errors import InputError
from occlusion.services.people import find_person_header
from occlusion.store import timestamps
from occlusion.store.driver_rows import DriverQuery
from occlusion.store.engine import Database
from occlusion.store.models import ExerciseSummary
from occlusion.store.summaries import mean_of, pressure_held_pct, rounded

#: Progress looks back this far from the latest set unless told otherwise [days].
DEFAULT_WINDOW_DAYS = 365
PERIODS = ("session", "week")
_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_EPOCH_WEEKDAY_SHIFT_DAYS = 3  # 1970-01-01 was a Thursday; +3 days makes weeks start Monday
# Compiled once per database kind, period, window or not, one exercise or all.
_QUERIES: dict[tuple[str, str, bool, bool], DriverQuery] = {}


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
        raise InputError(
            f"unknown period {by!r}: use session or week",
            code="unknown-choice", what="period", value=str(by), allowed=["session", "week"],
        )
    with database.session() as session:
        owner = find_person_header(session, person)
        start = _window_start(session, owner.id, since)
        # Plain driver tuples (see _statement): ten years by session are 6 250 rows.
        rows = _query(database, by, start is not None, exercise is not None).rows(
            session.connection(), {"person_id": owner.id, "start": start, "exercise": exercise}
        )
    if by == "week":
        rows = [(_week_start(week_index), *rest) for week_index, *rest in rows]
    # A dict display per row, not dict(zip(...)): building the points is most of what is left
    # of this function's time.
    points = [
        {
            "started_at": started_at,
            "exercise": exercise_name,
            "sets": sets,
            "volume_load_kg": volume_load_kg,
            "estimated_one_rep_max_kg": one_rep_max_kg,
            "last_set_reps": last_set_reps,
            "pressure_held_pct_of_target": pressure_held_pct,
            "mean_discomfort": mean_discomfort,
        }
        for (
            started_at, exercise_name, sets, volume_load_kg, one_rep_max_kg,
            last_set_reps, pressure_held_pct, mean_discomfort,
        ) in rows
    ]
    return {
        "person_id": str(owner.id),
        "person": owner.name,
        # How the person reads loads; the numbers stay in kilograms.
        "units": owner.preferred_units,
        "since": None if start is None else start.isoformat() + "+00:00",
        "by": by,
        "points": points,
        "references": [BRZYCKI_1993.as_dict()],
    }


def _query(database: Database, by: str, windowed: bool, one_exercise: bool) -> DriverQuery:
    """Return the read for these choices, compiled on first use."""
    key = (database.dialect, by, windowed, one_exercise)
    query = _QUERIES.get(key)
    if query is None:
        statement = _statement(database.dialect, by, windowed=windowed, one_exercise=one_exercise)
        query = _QUERIES[key] = DriverQuery(statement, database.engine.dialect)
    return query


def _statement(dialect: str, by: str, *, windowed: bool, one_exercise: bool) -> Any:
    """Select one finished point per row, for the person ``:person_id``.

    Per session the points, their local start time as text included, were finished when the
    summary was written (nothing is computed per row: ten years are thousands of rows); per
    week they are summed here, and division and rounding happen in the database.
    Every column is a number or text, so the driver's tuples are the points' values. The
    window starts at ``:start`` when ``windowed``; ``:exercise`` names the one exercise when
    ``one_exercise``.
    """
    summary = ExerciseSummary
    if by == "session":
        statement = select(
            summary.started_local_iso,
            summary.name,
            summary.sets,
            summary.point_volume_load_kg,
            summary.point_one_rep_max_kg,
            summary.last_set_reps,
            summary.point_pressure_held_pct,
            summary.point_mean_discomfort,
        ).order_by(summary.started_at, summary.name)
    else:
        bucket = _week_index(dialect, summary.started_at)
        statement = select(
            bucket.label("bucket"),
            summary.name,
            func.sum(summary.sets),
            rounded(func.sum(summary.volume_load_kg)),
            rounded(func.max(summary.one_rep_max_kg)),
            rounded(func.avg(cast(summary.last_set_reps, Float))),
            rounded(
                pressure_held_pct(
                    func.sum(summary.pressure_sum_mmhg),
                    func.sum(summary.pressure_count),
                    func.sum(summary.target_pressure_sum_mmhg),
                    func.sum(summary.target_pressure_count),
                )
            ),
            rounded(
                mean_of(func.sum(summary.discomfort_sum), func.sum(summary.discomfort_count))
            ),
        ).group_by(bucket, summary.name).order_by(bucket, summary.name)
    statement = statement.where(summary.person_id == bindparam("person_id"))
    if windowed:
        statement = statement.where(
            summary.started_at >= bindparam("start", type_=summary.started_at.type)
        )
    if one_exercise:
        statement = statement.where(summary.name == bindparam("exercise", type_=String))
    return statement


def _week_start(week_index: int) -> str:
    """Return the Monday that starts week ``week_index`` (ISO date; weeks are UTC)."""
    days = 7 * int(week_index) - _EPOCH_WEEKDAY_SHIFT_DAYS
    return (date(1970, 1, 1) + timedelta(days=days)).isoformat()


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
        select(func.max(ExerciseSummary.started_at)).where(
            ExerciseSummary.person_id == person_id
        )
    ).scalar_one()
    if not isinstance(latest, datetime):
        return None
    return latest - timedelta(days=DEFAULT_WINDOW_DAYS)
