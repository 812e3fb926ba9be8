"""Hevy's CSV layout: times, units, set types and malformed rows."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from occlusion.errors import InputError
from occlusion.store.transfer import export_document
from occlusion.store.workout_apps import (
    hevy_time,
    import_hevy_csv,
    parse_hevy_time,
    strong_duration,
)
from tests.store.populate import populate

HEVY_LBS = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_lbs","reps","distance_miles",'
    '"duration_seconds","rpe"\n'
    '"Lower","26 Jul 2025, 07:06","26 Jul 2025, 08:11","","Lying Leg Curl (Machine)",,"",0,'
    '"warmup",100,10,,,\n'
    '"Lower","26 Jul 2025, 07:06","26 Jul 2025, 08:11","","Lying Leg Curl (Machine)",,"",1,'
    '"normal",120,8,,,8.5\n'
)


def test_hevy_times_are_english_whatever_the_locale() -> None:
    moment = datetime(2025, 7, 6, 7, 5)
    assert hevy_time(moment) == "6 Jul 2025, 07:05"
    assert parse_hevy_time(hevy_time(moment), 2) == moment
    assert strong_duration(3900) == "1h 5m" and strong_duration(None) == ""


def test_hevy_import_in_pounds(database) -> None:  # type: ignore[no-untyped-def]
    person = populate(database)
    summary = import_hevy_csv(database, person, HEVY_LBS, offset_min=-240)
    assert (summary.sessions, summary.sets) == (1, 2)
    tables = export_document(database)["tables"]
    hevy = [row for row in tables["training_session"] if row["source"] == "hevy"]
    assert hevy[0]["started_at"] == "2025-07-26T07:06:00-04:00"
    sets = [row for row in tables["training_set"] if row["session_id"] == hevy[0]["id"]]
    assert [(row["reps"], round(row["load_kg"], 2), row["load_entered_unit"]) for row in sets] == [
        (10, 45.36, "lb"), (8, 54.43, "lb")]
    assert sets[0]["notes"] == "warm-up set" and sets[1]["rpe"] == 8.5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('"Lower","26 Jul 2025, 07:06","","","Curl",,"",0,"normal",100,ten,,,\n',
         "line 4: reps 'ten' is not a number"),
        ('"Lower","July 26","","","Curl",,"",0,"normal",100,10,,,\n', "line 4: time 'July 26'"),
        ('"Lower","26 Jul 2025, 07:06","","","Curl",,"",0,"normal",100,10,,\n',
         "line 4: 13 cells where the header has 14"),
        ('"Lower,"26 Jul 2025, 07:06","","","Curl",,"",0,"normal",100,10,,,\n', "line 4"),
        ('"Lower","26 Jul 2025, 07:06","","","",,"",0,"normal",100,10,,,\n',
         "line 4: the exercise name is empty"),
    ],
)
def test_malformed_hevy_rows_change_nothing(database, row: str, message: str) -> None:  # type: ignore[no-untyped-def]
    person = populate(database)
    before = export_document(database)
    with pytest.raises(InputError, match=message):
        import_hevy_csv(database, person, HEVY_LBS + row)
    assert export_document(database) == before


def test_a_file_without_a_weight_column_is_not_hevy(database) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="not a Hevy CSV"):
        import_hevy_csv(database, uuid.uuid4(), '"title","start_time","exercise_title","reps"\n')
