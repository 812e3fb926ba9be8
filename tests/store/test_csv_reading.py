"""Strict CSV reading: malformed rows are refused with the line they start on."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.store.csv_reading import MAX_FIELD_CHARS, read_table

HEADER = "Date,Workout Name,Exercise Name,Weight,Reps\n"


def test_rows_keep_their_line_numbers() -> None:
    text = HEADER + '2026-04-01,Push,"Bench, wide",100,8\n\n2026-04-02,Pull,Row,60,10\n'
    header, rows = read_table(text, what="Strong CSV", required=("Date",))
    assert header[0] == "Date"
    assert [(row.line, row.cells["Exercise Name"]) for row in rows] == [
        (2, "Bench, wide"), (4, "Row")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('2026-04-01,Push,Bench,100,8\n2026-04-01,"Push,Bench,100,8\n2026-04-02,Pull,Row,60,10\n',
         "line 3: a quote opens and never closes"),
        ('2026-04-01,Push,"Bench"x,100,8\n', "line 2: malformed row"),
        ("2026-04-01,Push,Bench,100\n", "line 2: 4 cells where the header has 5"),
        ("2026-04-01,Push,Bench,100,8,extra\n", "line 2: 6 cells where the header has 5"),
        ("2026-04-01,Push," + "x" * (5 * 1024 * 1024) + ",100,8\n",
         f"line 2: a cell is longer than {MAX_FIELD_CHARS:,} characters"),
    ],
)
def test_malformed_rows_are_refused_with_their_line(body: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_table(HEADER + body, what="Strong CSV", required=("Date",))
    assert caught.value.code == "import.malformed-row"
    assert "\n" not in str(caught.value)


def test_missing_columns_and_empty_files() -> None:
    with pytest.raises(InputError, match="missing column"):
        read_table("a,b\n1,2\n", what="Hevy CSV", required=("title",))
    with pytest.raises(InputError, match="empty"):
        read_table("", what="Hevy CSV", required=("title",))


def test_semicolon_files_are_read() -> None:
    _header, rows = read_table("Date;Reps\n2026-04-01;8\n", what="Strong CSV", required=("Reps",))
    assert rows[0].cells == {"Date": "2026-04-01", "Reps": "8"}
