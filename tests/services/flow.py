"""A recorded person with a wrap plan, ready to train (shared by service and CLI tests)."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from occlusion.services.measurements import record_blood_pressure, record_limb
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.services.screening import screen_person
from occlusion.store.engine import Database

WHEN = datetime(2026, 5, 1, 18, 0, tzinfo=timezone(timedelta(hours=2)))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def athlete_profile() -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / "athlete-wraps.toml").read_text())


def screening_answers() -> dict[str, Any]:
    answers = dict(athlete_profile()["screening"])
    return answers


def partial_profile() -> dict[str, Any]:
    profile = athlete_profile()
    return {key: profile[key] for key in ("equipment", "training", "exercises")}


def ready_person(database: Database, now: datetime = WHEN) -> str:
    person = add_person(database, name="Sam Rivera", sex="male", birth_year=1999, now=now)
    record_blood_pressure(database, person.id, systolic=124, diastolic=78, now=now)
    for side in ("left", "right"):
        record_limb(database, person.id, limb="thigh", side=side, circumference=58, now=now)
    screen_person(database, person.id, screening_answers(), now=now)
    write_plan(database, person.id, partial_profile(), now=now)
    return person.id
