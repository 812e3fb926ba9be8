"""Sessions as Strong's and Hevy's CSV exports, so people can take their sets to those apps.

Each set becomes one row in the app's own layout (:mod:`occlusion.store.workout_apps`), with
local times as the app writes them. Loads are written in kilograms. What the apps have no
column for (the cuff pressure, % LOP, discomfort) goes into the set's notes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from occlusion.services.record_data import RecordData, SessionData
from occlusion.store.workout_apps import (
    HEVY_COLUMNS,
    STRONG_COLUMNS,
    STRONG_DATE_FORMAT,
    hevy_time,
    strong_duration,
)


def workout_name(data: SessionData) -> str:
    """Return the name the session goes by in another app."""
    plan = data.session.get("session_plan") or {}
    name = plan.get("workout_name") if isinstance(plan, dict) else None
    if name:
        return str(name)
    kind = data.session.get("restriction_kind")
    return {"cuff": "BFR session (cuff)", "wrap": "BFR session (wraps)"}.get(
        str(kind), "Training session"
    )


def set_notes(item: dict[str, Any]) -> str:
    """Return a set's notes with what the other app has no column for."""
    parts = [str(item.get("notes") or "").strip()]
    if item.get("pressure_mmhg") is not None:
        pressure = f"cuff {item['pressure_mmhg']:.0f} mmHg"
        if item.get("pressure_pct_lop") is not None:
            pressure += f" ({item['pressure_pct_lop']:.0f} % LOP)"
        parts.append(pressure)
    if item.get("discomfort") is not None:
        parts.append(f"discomfort {item['discomfort']}/10")
    if item.get("symptoms"):
        parts.append("symptoms: " + ", ".join(item["symptoms"]))
    return "; ".join(part for part in parts if part)


def _number(value: float | None) -> Any:
    if value is None:
        return ""
    return round(float(value), 3)


def strong_csv(record: RecordData) -> str:
    """Return the sessions of ``record`` as Strong's CSV export (loads in kg)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
    for data in record.sessions:
        duration = (
            (data.ended_local - data.started_local).total_seconds() if data.ended_local else None
        )
        for exercise, item in data.sets():
            writer.writerow((
                data.started_local.strftime(STRONG_DATE_FORMAT),
                workout_name(data),
                strong_duration(duration),
                exercise["name"],
                item["position"],
                _number(item.get("load_kg")) or 0,
                item.get("reps") if item.get("reps") is not None else 0,
                0,
                0,
                set_notes(item),
                data.session.get("notes") or "",
                _number(item.get("rpe")),
            ))
    return buffer.getvalue()


def hevy_csv(record: RecordData) -> str:
    """Return the sessions of ``record`` as Hevy's CSV export (every cell quoted, kg)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEVY_COLUMNS)
    for data in record.sessions:
        ended = data.ended_local or data.started_local
        for exercise, item in data.sets():
            writer.writerow((
                workout_name(data),
                hevy_time(data.started_local),
                hevy_time(ended),
                data.session.get("notes") or "",
                exercise["name"],
                "",
                set_notes(item),
                item["position"] - 1,
                "normal",
                _number(item.get("load_kg")),
                item.get("reps") if item.get("reps") is not None else "",
                "",
                "",
                _number(item.get("rpe")),
            ))
    return buffer.getvalue()
