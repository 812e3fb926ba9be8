"""Strict CSV reading: malformed rows are refused with the line they start on."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.store.csv_reading import MAX_FIELD_CHARS, parse_number, read_table

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


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [("72.5", False, 72.5), ("72,5", True, 72.5), (" 8 ", False, 8.0), ("", False, None),
     ("  ", True, None), ("0", False, 0.0)],
)
def test_numbers_are_read_the_same_for_every_app(
    text: str, decimal_comma: bool, expected: float | None
) -> None:
    assert parse_number(
        text, what="Strong CSV", column="weight", line=2, decimal_comma=decimal_comma
    ) == expected


@pytest.mark.parametrize(
    ("text", "limit", "decimal_comma", "code"),
    [("heavy", 1000.0, False, "import.not-a-number"),
     ("72,5", 1000.0, False, "import.not-a-number"),
     ("-1", 1000.0, True, "import.number-out-of-range"),
     ("11", 10.0, False, "import.number-out-of-range"),
     ("nan", 1000.0, False, "import.number-out-of-range"),
     ("inf", float("inf"), True, "import.number-out-of-range")],
)
def test_bad_numbers_carry_a_code_and_their_cell(
    text: str, limit: float, decimal_comma: bool, code: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, what="Hevy CSV", column="RPE", line=7, limit=limit,
                     decimal_comma=decimal_comma)
    assert caught.value.code == code
    assert caught.value.fields["line"] == 7
    assert caught.value.fields["column"] == "RPE"
    assert caught.value.fields["value"] == text
    assert caught.value.fields["file"] == "Hevy CSV"
