from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.store.csv_formats import (
    CSV_COLUMNS,
    export_sets_csv,
    import_strong_csv,
    read_csv_rows,
)
from occlusion.store.transfer import count_rows
from tests.store.populate import populate

STRONG_CURRENT = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    '2024-03-01 18:05:00,"Legs",1h 5m,"Squat (Barbell)",1,100,5,0,0,"","felt good",8\n'
    '2024-03-01 18:05:00,"Legs",1h 5m,"Squat (Barbell)",W,60,10,0,0,"","felt good",\n'
    '2024-03-01 18:05:00,"Legs",1h 5m,"Leg Press",1,180,12,0,0,"slow","felt good",\n'
    '2024-03-03 07:30:00,"Arms",40m,"Curl",1,20,12,0,0,"","",\n'
)
STRONG_LEGACY = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";1;225;lbs;5;;;;0;"";""\n'
    '2019-01-11 12:31:54;"Leg";"Deadlift (Barbell)";2;225;lbs;4;;;;0;;\n'
)


def test_csv_has_one_row_per_set_with_units_in_names(database) -> None:  # type: ignore[no-untyped-def]
    populate(database, sets=4)
    text = export_sets_csv(database)
    assert text.startswith("\ufeff")
    rows = list(read_csv_rows(text))
    assert len(rows) == 4
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["load_kg"] == "40.0"
    assert rows[0]["performed_at"] == "2026-03-02T17:00:00.123456+01:00"
    assert rows[0]["notes"] == "'=SUM(A1)", "formula-looking text is defused"
    assert rows[0]["person_name"] == 'Zoë =Tricky, "quoted"'
    assert rows[0]["symptoms"] == "tingling"


def test_strong_current_format(database) -> None:  # type: ignore[no-untyped-def]
    person = populate(database, sets=0)
    summary = import_strong_csv(database, person, STRONG_CURRENT, weight_unit="kg", offset_min=60)
    assert summary.as_dict() == {"sessions": 2, "sets": 4, "skipped_sessions_already_imported": 0}
    rows = [
        row for row in read_csv_rows(export_sets_csv(database)) if row["session_source"] == "strong"
    ]
    assert [row["exercise"] for row in rows] == ["Squat (Barbell)", "Squat (Barbell)",
                                                 "Leg Press", "Curl"]
    assert rows[0]["session_started_at"] == "2024-03-01T18:05:00+01:00"
    assert rows[0]["rpe_0_10"] == "8.0"
    assert rows[1]["notes"] == "warm-up set"
    again = import_strong_csv(database, person, STRONG_CURRENT, weight_unit="kg", offset_min=60)
    assert again.as_dict()["skipped_sessions_already_imported"] == 2


def test_strong_legacy_format_in_pounds(database) -> None:  # type: ignore[no-untyped-def]
    person = populate(database, sets=0)
    import_strong_csv(database, person, STRONG_LEGACY)
    rows = list(read_csv_rows(export_sets_csv(database)))
    assert float(rows[0]["load_kg"]) == pytest.approx(225 * 0.45359237, abs=1e-3)
    assert rows[0]["load_entered_unit"] == "lb"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n", "not a Strong CSV"),
        (STRONG_CURRENT.replace(",100,5,", ",heavy,5,"), "line 2: weight"),
        (STRONG_CURRENT.replace(",180,12,", ",180,-1,"), "line 4: reps"),
        (STRONG_CURRENT.replace("2024-03-03 07:30:00", "yesterday"), "line 5: date"),
        (STRONG_CURRENT.replace(",8\n", ",14\n"), "RPE 14"),
    ],
)
def test_bad_strong_file_writes_nothing(database, text, message) -> None:  # type: ignore[no-untyped-def]
    person = populate(database, sets=0)
    before = count_rows(database)
    with pytest.raises(InputError, match=message):
        import_strong_csv(database, person, text)
    assert count_rows(database) == before
