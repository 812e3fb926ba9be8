"""Spreadsheet exchange: a CSV with one row per set, and import of Strong's CSV export.

The export's column names carry their units (``load_kg``, ``pressure_mmhg``), times are ISO 8601
local times with their offset, and text cells that a spreadsheet would run as a formula are
prefixed with an apostrophe. It is written with a UTF-8 byte-order mark so spreadsheet programs
read names with accents correctly.

Strong (a popular workout logger) exports one row per set with the columns ``Date``,
``Workout Name``, ``Duration``, ``Exercise Name``, ``Set Order``, ``Weight``, ``Reps``,
``Distance``, ``Seconds``, ``Notes``, ``Workout Notes`` and ``RPE``; older versions use ``;`` as
the separator and add ``Weight Unit`` and ``Distance Unit``. Both are read. Strong writes local
times without an offset, so the importer is told which offset they were in.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from occlusion import units
from occlusion.errors import InputError, RecordNotFound
from occlusion.store import timestamps
from occlusion.store.csv_reading import parse_number, read_table
from occlusion.store.engine import Database
from occlusion.store.ids import new_id
from occlusion.store.models import Person, SessionExercise, TrainingSession, TrainingSet

CSV_COLUMNS = (
    "person_id",
    "person_name",
    "session_id",
    "session_started_at",
    "session_source",
    "exercise",
    "exercise_position",
    "set_position",
    "performed_at",
    "target_load_kg",
    "load_kg",
    "load_entered_unit",
    "target_reps",
    "reps",
    "target_pressure_mmhg",
    "pressure_mmhg",
    "pressure_pct_lop",
    "restriction_s",
    "rest_s",
    "rpe_0_10",
    "discomfort_0_10",
    "symptoms",
    "notes",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        # Readable in a spreadsheet (89.45, not 89.44999999999999); the JSON export is exact.
        return round(value, 3)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_sets_csv(database: Database, person_id: uuid.UUID | None = None) -> str:
    """Return the sets of the log (or of one person) as CSV text, one row per set."""
    statement = (
        select(TrainingSet, SessionExercise, TrainingSession, Person)
        .join(SessionExercise, TrainingSet.exercise_id == SessionExercise.id)
        .join(TrainingSession, TrainingSet.session_id == TrainingSession.id)
        .join(Person, TrainingSet.person_id == Person.id)
        .order_by(TrainingSession.started_at, SessionExercise.position, TrainingSet.position)
    )
    if person_id is not None:
        statement = statement.where(TrainingSet.person_id == person_id)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    with database.session() as session:
        for item, exercise, training, person in session.execute(statement):
            writer.writerow(
                _cell(value)
                for value in (
                    str(person.id),
                    person.name,
                    str(training.id),
                    timestamps.to_iso(training.started_at, training.started_offset_min),
                    training.source,
                    exercise.name,
                    exercise.position,
                    item.position,
                    timestamps.to_iso(item.performed_at, item.performed_offset_min),
                    item.target_load_kg,
                    item.load_kg,
                    item.load_entered_unit,
                    item.target_reps,
                    item.reps,
                    item.target_pressure_mmhg,
                    item.pressure_mmhg,
                    item.pressure_pct_lop,
                    item.restriction_s,
                    item.rest_s,
                    item.rpe,
                    item.discomfort,
                    ";".join(item.symptoms or []),
                    item.notes,
                )
            )
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class StrongImportSummary:
    """What a Strong import did."""

    sessions: int
    sets: int
    skipped_sessions: int

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "sessions": self.sessions,
            "sets": self.sets,
            "skipped_sessions_already_imported": self.skipped_sessions,
        }


_REQUIRED = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M")


def _parse_date(text: str, line: int) -> datetime:
    cleaned = text.replace("\u202f", " ").strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    raise InputError(
        f"Strong CSV line {line}: date {text!r} is not like 2024-03-01 18:05:00",
        code="import.bad-time", file="Strong CSV", line=line, value=text,
        example="2024-03-01 18:05:00",
    )


def _strong_number(text: str, line: int, column: str) -> float | None:
    return parse_number(text, what="Strong CSV", column=column, line=line, decimal_comma=True)


def _parse_duration_s(text: str) -> float | None:
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return float(cleaned)
    parts = re.findall(r"(\d+)\s*([hms])", cleaned)
    if not parts:
        return None
    scale = {"h": 3600, "m": 60, "s": 1}
    return float(sum(int(amount) * scale[unit] for amount, unit in parts))


def import_strong_csv(
    database: Database,
    person_id: uuid.UUID,
    text: str,
    *,
    weight_unit: str = "kg",
    offset_min: int = 0,
) -> StrongImportSummary:
    """Import Strong's CSV export into one person's history, in one transaction.

    Parameters
    ----------
    text
        The CSV file's contents.
    weight_unit
        ``kg`` or ``lb``: the unit of the ``Weight`` column when the file has no
        ``Weight Unit`` column (Strong writes the unit chosen in the app's settings).
    offset_min
        Offset from UTC of the local times in the file [min].

    Raises
    ------
    InputError
        The file is not a Strong export or a row is invalid; nothing is written.
    """
    if weight_unit not in ("kg", "lb", "lbs"):
        raise InputError(
            f"unknown weight unit {weight_unit!r}: use kg or lb",
            code="import.unknown-weight-unit", value=weight_unit,
        )
    if not -14 * 60 <= offset_min <= 14 * 60:
        raise InputError(
            f"UTC offset {offset_min} min is outside -14 h to +14 h",
            code="input.utc-offset-out-of-range", offset_min=offset_min,
        )
    _header, rows = read_table(text, what="Strong CSV", required=_REQUIRED)
    workouts: dict[tuple[datetime, str], dict[str, Any]] = {}
    for parsed in rows:
        line, row = parsed.line, parsed.cells
        started_local = _parse_date(row.get("Date", ""), line)
        key = (started_local, row.get("Workout Name", "").strip())
        workout = workouts.setdefault(
            key,
            {
                "duration_s": _parse_duration_s(row.get("Duration", "")),
                "notes": (row.get("Workout Notes") or "").strip(),
                "exercises": {},
            },
        )
        name = (row.get("Exercise Name") or "").strip()
        if not name:
            raise InputError(
                f"Strong CSV line {line}: the exercise name is empty",
                code="import.empty-exercise-name", file="Strong CSV", line=line,
            )
        unit = (row.get("Weight Unit") or weight_unit).strip().lower().rstrip("s") or "kg"
        if unit not in ("kg", "lb"):
            raise InputError(
                f"Strong CSV line {line}: weight unit {unit!r} is not kg or lb",
                code="import.unknown-weight-unit", file="Strong CSV", line=line, value=unit,
            )
        weight = _strong_number(row.get("Weight", ""), line, "weight")
        load_kg = weight
        if weight is not None and unit == "lb":
            load_kg = units.pounds_to_kg(weight)
        if load_kg is not None and load_kg > 1000:
            raise InputError(
                f"Strong CSV line {line}: weight {weight:g} {unit} is not plausible",
                code="import.number-out-of-range", file="Strong CSV", line=line,
                column="weight", value=row.get("Weight", ""), limit=1000.0,
            )
        reps = _strong_number(row.get("Reps", ""), line, "reps")
        if reps is not None and (not reps.is_integer() or reps > 10_000):
            raise InputError(
                f"Strong CSV line {line}: reps {row.get('Reps')!r} is not a count",
                code="import.not-a-count", file="Strong CSV", line=line, column="reps",
                value=row.get("Reps", ""),
            )
        rpe = _strong_number(row.get("RPE", ""), line, "RPE")
        if rpe is not None and rpe > 10:
            raise InputError(
                f"Strong CSV line {line}: RPE {rpe:g} is above 10",
                code="import.number-out-of-range", file="Strong CSV", line=line,
                column="RPE", value=row.get("RPE", ""), limit=10.0,
            )
        order = (row.get("Set Order") or "").strip()
        notes = [(row.get("Notes") or "").strip()]
        if order and not order.isdigit():
            notes.append({"W": "warm-up set", "D": "drop set", "F": "set to failure"}.get(
                order.upper(), f"set order {order}"))
        for column, label in (("Distance", "distance"), ("Seconds", "seconds")):
            extra = _strong_number(row.get(column, ""), line, label)
            if extra:
                notes.append(f"{label} {extra:g}")
        workout["exercises"].setdefault(name, []).append(
            {
                "load_kg": load_kg,
                "entered_unit": unit,
                "reps": None if reps is None else int(reps),
                "rpe": rpe,
                "notes": "; ".join(note for note in notes if note),
            }
        )
    return write_workouts(database, person_id, workouts, offset_min, source="strong")


def write_workouts(
    database: Database,
    person_id: uuid.UUID,
    workouts: dict[tuple[datetime, str], dict[str, Any]],
    offset_min: int,
    *,
    source: str,
) -> StrongImportSummary:
    """Write workouts read from another app as sessions of ``source``, in one transaction.

    ``workouts`` maps (local start, workout name) to ``duration_s``, ``notes`` and
    ``exercises`` (name to a list of sets with ``load_kg``, ``entered_unit``, ``reps``, ``rpe``
    and ``notes``). A workout already imported from the same app (same start) is skipped.
    """
    shift = timedelta(minutes=offset_min)
    sessions = sets = skipped = 0
    with database.session() as session:
        if session.get(Person, person_id) is None:
            raise RecordNotFound(
                f"no person with id {person_id}", code="person.not-found", person_id=str(person_id)
            )
        already = set(
            session.scalars(
                select(TrainingSession.started_at).where(
                    TrainingSession.person_id == person_id, TrainingSession.source == source
                )
            )
        )
        for (started_local, workout_name), workout in sorted(workouts.items()):
            started_utc = started_local - shift
            if started_utc in already:
                skipped += 1
                continue
            duration = workout["duration_s"]
            training = TrainingSession(
                id=new_id(),
                person_id=person_id,
                started_at=started_utc,
                started_offset_min=offset_min,
                ended_at=started_utc + timedelta(seconds=duration) if duration else None,
                status="completed",
                restriction_kind="none",
                source=source,
                session_plan={"workout_name": workout_name},
                notes=workout["notes"],
            )
            session.add(training)
            session.flush()
            for position, (name, items) in enumerate(workout["exercises"].items(), start=1):
                exercise = SessionExercise(
                    id=new_id(), session_id=training.id, position=position, name=name,
                    restricted_limbs=[], restriction=None,
                )
                session.add(exercise)
                session.flush()
                for set_position, item in enumerate(items, start=1):
                    session.add(
                        TrainingSet(
                            exercise_id=exercise.id,
                            session_id=training.id,
                            person_id=person_id,
                            position=set_position,
                            performed_at=started_utc,
                            performed_offset_min=offset_min,
                            load_kg=item["load_kg"],
                            load_entered_unit=item["entered_unit"],
                            reps=item["reps"],
                            rpe=item["rpe"],
                            symptoms=[],
                            notes=item["notes"],
                        )
                    )
                    sets += 1
            sessions += 1
    return StrongImportSummary(sessions, sets, skipped)


def read_csv_rows(text: str) -> Iterable[dict[str, str]]:
    """Parse CSV text written by :func:`export_sets_csv` (for tests and round trips)."""
    return csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
