"""The CSV layouts of two workout apps, Strong and Hevy, and the import of Hevy's.

Both apps export one row per set. **Strong** writes ``Date, Workout Name, Duration, Exercise
Name, Set Order, Weight, Reps, Distance, Seconds, Notes, Workout Notes, RPE`` with local times
like ``2026-04-01 07:30:00`` (its import is :func:`occlusion.store.csv_formats.import_strong_csv`).
**Hevy** writes ``title, start_time, end_time, description, exercise_title, superset_id,
exercise_notes, set_index, set_type, weight_kg, reps, distance_km, duration_seconds, rpe``
(``weight_lbs`` and ``distance_miles`` with imperial units), every cell quoted, local times
like ``26 Jul 2025, 07:06`` with English month names, and ``set_index`` counting from 0.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from occlusion import units
from occlusion.errors import InputError
from occlusion.store.csv_formats import StrongImportSummary, write_workouts
from occlusion.store.csv_reading import parse_number, read_table
from occlusion.store.engine import Database

STRONG_COLUMNS = (
    "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
    "Distance", "Seconds", "Notes", "Workout Notes", "RPE",
)
HEVY_COLUMNS = (
    "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
    "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
    "duration_seconds", "rpe",
)
STRONG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HEVY_SET_TYPES = {"normal": "", "warmup": "warm-up set", "dropset": "drop set",
                   "failure": "set to failure"}


def hevy_time(moment: datetime) -> str:
    """Return ``26 Jul 2025, 07:06`` for a local time (English month, whatever the locale)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def parse_hevy_time(text: str, line: int) -> datetime:
    """Parse Hevy's ``26 Jul 2025, 07:06`` (a local time without offset)."""
    try:
        day_text, month_text, rest = text.strip().split(" ", 2)
        year_text, clock = rest.split(",", 1)
        hour_text, minute_text = clock.strip().split(":")[:2]
        return datetime(int(year_text), _MONTHS.index(month_text[:3].title()) + 1,
                        int(day_text), int(hour_text), int(minute_text))
    except ValueError:
        raise InputError(
            f"Hevy CSV line {line}: time {text!r} is not like 26 Jul 2025, 07:06",
            code="import.bad-time", file="Hevy CSV", line=line, value=text,
            example="26 Jul 2025, 07:06",
        ) from None


def strong_duration(seconds: float | None) -> str:
    """Return Strong's ``1h 5m`` form of a duration (empty when unknown)."""
    if not seconds:
        return ""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _number(text: str, line: int, what: str, *, limit: float) -> float | None:
    return parse_number(text, what="Hevy CSV", column=what, line=line, limit=limit)


def import_hevy_csv(
    database: Database, person_id: uuid.UUID, text: str, *, offset_min: int = 0
) -> StrongImportSummary:
    """Import Hevy's CSV export into one person's history, in one transaction.

    Parameters
    ----------
    text
        The CSV file's contents.
    offset_min
        Offset from UTC of the local times in the file [min].

    Raises
    ------
    InputError
        The file is not a Hevy export or a row is invalid (named by its line); nothing is
        written.
    """
    if not -14 * 60 <= offset_min <= 14 * 60:
        raise InputError(
            f"UTC offset {offset_min} min is outside -14 h to +14 h",
            code="input.utc-offset-out-of-range", offset_min=offset_min,
        )
    header, rows = read_table(
        text, what="Hevy CSV", required=("title", "start_time", "exercise_title", "reps"),
        delimiter=",",
    )
    if "weight_kg" in header:
        weight_column, unit = "weight_kg", "kg"
    elif "weight_lbs" in header:
        weight_column, unit = "weight_lbs", "lb"
    else:
        raise InputError("not a Hevy CSV export: no weight_kg or weight_lbs column",
                         code="import.not-this-format")
    workouts: dict[tuple[datetime, str], dict[str, Any]] = {}
    for row in rows:
        line, cells = row.line, row.cells
        started = parse_hevy_time(cells["start_time"], line)
        ended_text = (cells.get("end_time") or "").strip()
        ended = parse_hevy_time(ended_text, line) if ended_text else None
        title = cells["title"].strip()
        workout = workouts.setdefault(
            (started, title),
            {
                "duration_s": (ended - started).total_seconds() if ended else None,
                "notes": (cells.get("description") or "").strip(),
                "exercises": {},
            },
        )
        name = cells["exercise_title"].strip()
        if not name:
            raise InputError(f"Hevy CSV line {line}: the exercise name is empty",
                             code="import.empty-exercise-name", file="Hevy CSV", line=line)
        weight = _number(cells.get(weight_column, ""), line, "weight",
                         limit=1000 if unit == "kg" else 2200)
        load_kg = units.pounds_to_kg(weight) if weight is not None and unit == "lb" else weight
        reps = _number(cells.get("reps", ""), line, "reps", limit=10_000)
        if reps is not None and not reps.is_integer():
            raise InputError(f"Hevy CSV line {line}: reps {cells['reps']!r} is not a count",
                             code="import.not-a-count", file="Hevy CSV", line=line,
                             column="reps", value=cells["reps"])
        rpe = _number(cells.get("rpe", ""), line, "RPE", limit=10)
        set_type = (cells.get("set_type") or "normal").strip().lower()
        notes = [(cells.get("exercise_notes") or "").strip(),
                 _HEVY_SET_TYPES.get(set_type, f"set type {set_type}")]
        seconds = _number(cells.get("duration_seconds", ""), line, "duration", limit=86_400)
        if seconds:
            notes.append(f"seconds {seconds:g}")
        workout["exercises"].setdefault(name, []).append(
            {
                "load_kg": load_kg,
                "entered_unit": unit,
                "reps": None if reps is None else int(reps),
                "rpe": rpe,
                "notes": "; ".join(note for note in notes if note),
            }
        )
    return write_workouts(database, person_id, workouts, offset_min, source="hevy")
