"""Strong and Hevy CSV: out of Occlusion and back in gives the same sets."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from occlusion.services.exports import export
from occlusion.services.people import add_person
from occlusion.services.record_data import gather
from occlusion.store.csv_formats import import_strong_csv
from occlusion.store.workout_apps import HEVY_COLUMNS, STRONG_COLUMNS, import_hevy_csv
from tests.services.flow import WHEN


def sets_of(database, person: str) -> list[tuple[str, int, float, int, float | None]]:  # type: ignore[no-untyped-def]
    record = gather(database, person=person)
    return [
        (exercise["name"], item["position"], round(item["load_kg"] or 0.0, 3), item["reps"],
         item["rpe"])
        for data in record.sessions for exercise, item in data.sets()
    ]


@pytest.mark.parametrize("app", ["strong", "hevy"])
def test_out_and_back_in_gives_the_same_sets(cuff_database, app: str) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    text = export(database, app, person=person, now=WHEN).data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == (STRONG_COLUMNS if app == "strong" else HEVY_COLUMNS)
    assert len(rows) - 1 == len(sets_of(database, person)) == 7
    other = add_person(database, name="Copy", now=WHEN).id
    importer = import_strong_csv if app == "strong" else import_hevy_csv
    summary = importer(database, uuid.UUID(other), text, offset_min=120)
    assert (summary.sessions, summary.sets) == (2, 7)
    assert sets_of(database, other) == sets_of(database, person)
    again = importer(database, uuid.UUID(other), text, offset_min=120)
    assert (again.sessions, again.skipped_sessions) == (0, 2)
    imported = gather(database, person=other).sessions
    original = gather(database, person=person).sessions
    assert [data.started_local.replace(second=0, microsecond=0) for data in imported] == [
        data.started_local.replace(second=0, microsecond=0) for data in original]


def test_cuff_details_go_into_the_notes(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    text = export(database, "hevy", person=person, now=WHEN).data.decode("utf-8")
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["exercise_notes"].startswith("cuff 90 mmHg (50 % LOP)")
    assert first["start_time"] == "2 May 2026, 18:00"
    assert first["set_index"] == "0" and first["weight_kg"] == "60.0"
