"""The training log as the runner's journal: each event is committed the moment it happens.

Each event is committed on its own: one transaction writes the ``session_event`` row and what
the event means for the log — a ``session_exercise`` row when an exercise starts, a
``training_set`` row (and its exercise's summary) when a set is logged, the session's status
when it ends — so a process killed at any moment leaves every event it had already shown, and
nothing half-written. An event that writes only its own row is one statement, atomic by
itself; on PostgreSQL it is written in autocommit, without the transaction's BEGIN and COMMIT
round trips (``benchmarks/journal_autocommit.py``).

The writes are Core statements on one connection, not ORM objects: every command of a live
session (log a set, skip a rest) appends events, and the ORM's unit of work per event was the
largest single cost of those requests (docs/benchmarks.md, issue 15). Nothing else listens
to these rows' ORM events; the exercise summary is refreshed here, in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update

from occlusion.errors import StoreError
from occlusion.sessions.events import (
    Event,
    ExerciseStarted,
    SessionCompleted,
    SessionStopped,
    SetLogged,
)
from occlusion.sessions.plan import SessionPlan
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.ids import new_id
from occlusion.store.models import (
    DeviceAlarm,
    DeviceSample,
    SessionEvent,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)
from occlusion.store.summaries import refresh_on

_EVENT: Table = SessionEvent.__table__  # type: ignore[assignment]
_EXERCISE: Table = SessionExercise.__table__  # type: ignore[assignment]
_SET: Table = TrainingSet.__table__  # type: ignore[assignment]
_SESSION: Table = TrainingSession.__table__  # type: ignore[assignment]
_SAMPLE: Table = DeviceSample.__table__  # type: ignore[assignment]
_ALARM: Table = DeviceAlarm.__table__  # type: ignore[assignment]


class DatabaseJournal:
    """Journal events of one training session into the log.

    Parameters
    ----------
    database
        The open training log.
    session_id
        The ``training_session`` the events belong to (it must exist).
    plan
        The session's plan (for exercise names, limbs and targets).
    """

    def __init__(
        self,
        database: Database,
        session_id: uuid.UUID,
        plan: SessionPlan,
        *,
        new_for_person: uuid.UUID | None = None,
    ) -> None:
        """Open the journal of an existing session (read from the log) or of a new one.

        ``new_for_person``: the session was created just now for this person, in the caller's
        committed transaction, and has no exercise yet, so nothing needs reading back.
        """
        self.database = database
        self.session_id = session_id
        self.plan = plan
        self._pending_exercise: tuple[int, uuid.UUID] | None = None
        if new_for_person is not None:
            self.person_id = new_for_person
            self._exercise_ids: dict[int, uuid.UUID] = {}
            return
        with database.session() as session:
            training = session.get(TrainingSession, session_id)
            if training is None:
                raise StoreError(
                    f"training session {session_id} is not in the log",
                    code="store.no-such-session", session_id=str(session_id),
                )
            self.person_id = training.person_id
            self._exercise_ids = {
                row.position - 1: row.id
                for row in session.scalars(
                    select(SessionExercise).where(SessionExercise.session_id == session_id)
                )
            }

    def append(self, event: Event) -> None:
        """Commit ``event`` and its effect on the log in one transaction."""
        occurred_at, offset = timestamps.split(event.occurred_at)
        data = event.data
        one_row = not (
            isinstance(data, SetLogged | SessionCompleted | SessionStopped)
            or (isinstance(data, ExerciseStarted) and data.exercise_index not in self._exercise_ids)
        )
        # An event that writes its own row only is one statement, committed by itself: no
        # transaction round trips around it (most events: rests, countdowns, confirmations).
        opened = self.database.autocommit() if one_row else self.database.transaction()
        with opened as connection:
            connection.execute(
                insert(_EVENT),
                {
                    "id": new_id(),
                    "session_id": self.session_id,
                    "sequence": event.sequence,
                    "occurred_at": occurred_at,
                    "occurred_offset_min": offset,
                    "elapsed_s": event.elapsed_s,
                    "kind": event.kind,
                    "payload": _jsonable(event.payload),
                },
            )
            if isinstance(data, ExerciseStarted):
                index = data.exercise_index
                if index not in self._exercise_ids:
                    planned = self.plan.exercises[index]
                    exercise_id = new_id()
                    connection.execute(
                        insert(_EXERCISE),
                        {
                            "id": exercise_id,
                            "session_id": self.session_id,
                            "position": index + 1,
                            "name": planned.name,
                            "restricted_limbs": list(planned.restricted_limbs),
                            "restriction": planned.restriction,
                            "target_pressure_mmhg": planned.target_pressure_mmhg,
                            "target_pct_lop": planned.target_pct_lop,
                        },
                    )
                    self._pending_exercise = (index, exercise_id)
            elif isinstance(data, SetLogged):
                # A set sent later than it was done keeps the time it was done.
                done = (occurred_at, offset) if data.done_at is None else timestamps.split(
                    datetime.fromisoformat(data.done_at)
                )
                row = self._set_row(data, *done)
                connection.execute(insert(_SET), row)
                refresh_on(connection, [row["exercise_id"]], sets_removed=False)
            elif isinstance(data, SessionCompleted | SessionStopped):
                ended: dict[str, Any] = {
                    "status": "completed" if isinstance(data, SessionCompleted) else "stopped",
                    "ended_at": occurred_at,
                }
                if isinstance(data, SessionStopped):
                    ended["stop_reason"] = data.reason
                connection.execute(
                    update(_SESSION).where(_SESSION.c.id == self.session_id).values(ended)
                )
        pending = self._pending_exercise
        if pending is not None:
            self._exercise_ids[pending[0]] = pending[1]
            self._pending_exercise = None

    def record_device(
        self,
        elapsed_s: float,
        occurred_at: Any,
        samples: list[dict[str, Any]],
        alarms: list[dict[str, Any]],
    ) -> None:
        """Commit a cuff's pressure samples and alarms (the session's device trace)."""
        if not samples and not alarms:
            return
        utc, offset = timestamps.split(occurred_at)
        with self.database.transaction() as connection:
            if samples:
                connection.execute(
                    insert(_SAMPLE),
                    [
                        {
                            "id": new_id(),
                            "session_id": self.session_id,
                            "elapsed_s": elapsed_s,
                            "channel": str(sample["channel"]),
                            "pressure_mmhg": float(sample["pressure_mmhg"]),
                            "target_mmhg": sample.get("target_mmhg"),
                        }
                        for sample in samples
                    ],
                )
            if alarms:
                connection.execute(
                    insert(_ALARM),
                    [
                        {
                            "id": new_id(),
                            "session_id": self.session_id,
                            "occurred_at": utc,
                            "occurred_offset_min": offset,
                            "channel": alarm.get("channel"),
                            "code": str(alarm["code"]),
                            "severity": str(alarm["severity"]),
                            "message": str(alarm["message"]),
                        }
                        for alarm in alarms
                    ],
                )

    def _set_row(
        self, logged: SetLogged, occurred_at: Any, offset: int
    ) -> dict[str, Any]:
        exercise_id = self._exercise_ids.get(logged.exercise_index)
        if exercise_id is None:
            raise StoreError(
                "a set was logged for an exercise that never started",
                code="store.set-without-exercise", exercise_index=logged.exercise_index,
            )
        return dict(
            id=new_id(),
            exercise_id=exercise_id,
            session_id=self.session_id,
            person_id=self.person_id,
            position=logged.set_index + 1,
            performed_at=occurred_at,
            performed_offset_min=offset,
            target_load_kg=logged.target_load_kg,
            load_kg=logged.load_kg,
            load_entered_unit=logged.load_entered_unit or "kg",
            target_reps=logged.target_reps,
            reps=logged.reps,
            target_pressure_mmhg=logged.target_pressure_mmhg,
            pressure_mmhg=logged.pressure_mmhg,
            pressure_pct_lop=_pct_lop(logged),
            restriction_s=logged.restriction_s,
            rest_s=logged.rest_s,
            rpe=logged.rpe,
            discomfort=logged.discomfort,
            symptoms=list(logged.symptoms),
            notes=logged.notes,
        )


def _pct_lop(logged: SetLogged) -> float | None:
    """Return the measured pressure as % of the LOP its target was computed from."""
    if not logged.lop_mmhg or logged.pressure_mmhg is None:
        return None
    return 100.0 * float(logged.pressure_mmhg) / float(logged.lop_mmhg)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def load_events(database: Database, session_id: uuid.UUID) -> list[Event]:
    """Return the journalled events of a session, in order, as the runner replays them."""
    with database.session() as session:
        rows = session.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == session_id)
            .order_by(SessionEvent.sequence)
        ).all()
        return [
            Event.parse(
                sequence=row.sequence,
                kind=row.kind,
                occurred_at=timestamps.join(row.occurred_at, row.occurred_offset_min),
                elapsed_s=row.elapsed_s,
                payload=dict(row.payload),
            )
            for row in rows
        ]
