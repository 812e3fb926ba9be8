"""What one finished session amounted to, for the end-of-session screen and the history.

Sets and reps against targets, volume, restriction time per limb, pressure fidelity for a cuff,
and why it ended.

Every interface shows this at the end of a session and beside it in the history. Restriction
time per limb is read from the journal (each ``restriction-applied`` to the matching
``restriction-released``, or to the session's end), so rests with the band left on count, as
they do for the runner's caps. Pressure fidelity is :mod:`occlusion.services.fidelity`'s (share
of each set's time within ±10 % of target), combined over the session weighted by samples.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from occlusion.errors import RecordNotFound
from occlusion.services.fidelity import FIDELITY_BAND, session_fidelity
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import SessionEvent, SessionExercise, TrainingSession, TrainingSet

#: Journal kinds that end a session (restriction still on is counted up to them).
ENDING_KINDS = ("session-completed", "session-stopped")


def restriction_per_limb_s(events: list[tuple[str, float, dict[str, Any]]]) -> dict[str, float]:
    """Return the seconds each limb spent restricted, from ``(kind, elapsed_s, payload)`` events.

    A limb applied twice without a release in between counts from the first application; a limb
    still applied when the journal ends counts up to the last event.
    """
    since: dict[str, float] = {}
    total: dict[str, float] = {}
    last_s = 0.0
    for kind, elapsed_s, payload in events:
        last_s = max(last_s, elapsed_s)
        limbs = [str(limb) for limb in payload.get("limbs", [])]
        if kind == "restriction-applied":
            for limb in limbs:
                since.setdefault(limb, elapsed_s)
                total.setdefault(limb, 0.0)
        elif kind == "restriction-released":
            for limb in limbs or list(since):
                if limb in since:
                    total[limb] = total.get(limb, 0.0) + elapsed_s - since.pop(limb)
        elif kind in ENDING_KINDS:
            break
    for limb, start in since.items():
        total[limb] = total.get(limb, 0.0) + last_s - start
    return {limb: round(seconds, 1) for limb, seconds in sorted(total.items())}


def session_summary(database: Database, person: str, session_id: uuid.UUID) -> dict[str, Any]:
    """Return the summary of one of the person's sessions.

    Raises
    ------
    RecordNotFound
        No such session of this person.
    """
    with database.session() as session:
        owner = find_person(session, person)
        training = session.get(TrainingSession, session_id)
        if training is None or training.person_id != owner.id:
            raise RecordNotFound("no such session in this record", code="record.entry-not-found")
        exercises = session.scalars(
            select(SessionExercise)
            .where(SessionExercise.session_id == session_id)
            .order_by(SessionExercise.position)
        ).all()
        sets = session.scalars(
            select(TrainingSet)
            .where(TrainingSet.session_id == session_id)
            .order_by(TrainingSet.position)
        ).all()
        events = [
            (row[0], row[1], dict(row[2]))
            for row in session.execute(
                select(SessionEvent.kind, SessionEvent.elapsed_s, SessionEvent.payload)
                .where(SessionEvent.session_id == session_id)
                .order_by(SessionEvent.sequence)
            ).all()
        ]
        planned = (training.session_plan or {}).get("exercises", [])
        by_exercise: dict[uuid.UUID, list[TrainingSet]] = {}
        for item in sets:
            by_exercise.setdefault(item.exercise_id, []).append(item)
        rows: list[dict[str, Any]] = []
        targets: dict[tuple[int, int], float | None] = {}
        for index, exercise in enumerate(exercises):
            done = by_exercise.get(exercise.id, [])
            plan_sets = planned[index].get("sets", []) if index < len(planned) else []
            for item in done:
                targets[(index + 1, item.position + 1)] = item.target_pressure_mmhg
            reps_done = sum(item.reps or 0 for item in done)
            volume = sum((item.load_kg or 0.0) * (item.reps or 0) for item in done)
            rows.append(
                {
                    "name": exercise.name,
                    "sets_done": len(done),
                    "sets_planned": max(len(plan_sets), len(done)),
                    "reps_done": reps_done,
                    "reps_target": sum(item.target_reps or 0 for item in done)
                    + sum(
                        int(extra.get("target_reps") or 0) for extra in plan_sets[len(done) :]
                    ),
                    "volume_kg": round(volume, 1) if any(item.load_kg for item in done) else None,
                    "sets": [
                        {
                            "reps": item.reps,
                            "target_reps": item.target_reps,
                            "load_kg": item.load_kg,
                        }
                        for item in done
                    ],
                }
            )
        fidelity = session_fidelity(session, session_id, targets)
        samples = sum(item.samples for item in fidelity)
        within_pct = (
            round(sum(item.within_band_pct * item.samples for item in fidelity) / samples, 1)
            if samples
            else None
        )
        volumes = [float(row["volume_kg"]) for row in rows if row["volume_kg"] is not None]
        return {
            "session_id": str(training.id),
            "status": training.status,
            "stop_reason": training.stop_reason,
            "restriction": training.restriction_kind,
            "started_at": timestamps.to_iso(training.started_at, training.started_offset_min),
            "ended_at": timestamps.to_iso(training.ended_at, training.started_offset_min),
            "duration_s": (training.ended_at - training.started_at).total_seconds()
            if training.ended_at is not None
            else None,
            "exercises": rows,
            "volume_kg": round(sum(volumes), 1) if volumes else None,
            "restriction_per_limb_s": restriction_per_limb_s(events),
            "pressure_within_band_pct": within_pct,
            "pressure_band_pct": round(FIDELITY_BAND * 100),
        }


__all__ = ["restriction_per_limb_s", "session_summary"]
