"""A hand-written file that does not parse is refused in one line: file, line, column, words."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from occlusion.cli.files import json_fault, read_table_file, toml_fault
from occlusion.errors import InputError
from tests.cli.conftest import CliResult

WHERE = re.compile(r"line (\d+), column (\d+): \S")


def _toml_error(text: str) -> tomllib.TOMLDecodeError:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('[person]\nname = Ann\n', 2, 8, "text needs quotes"),
        ("[person]\nage_years 40\n", 2, 11, "needs '='"),
        ("[person\nage_years = 40\n", 1, 8, "lacks its closing ']'"),
        ("[[exercises]\n", 1, 12, "closing ']]'"),
        ("age_years = 40 41\n", 1, 16, "one name = value per line"),
        ('name = "Ann\n', 1, 12, "closing quote"),
        ("[person]\nage_years = 40\n[person]\n", 3, 8, "[person] is declared twice"),
        ("[a]\nb = 1\n[a.b]\n", 3, 5, "given a value twice"),
        ("a = 1\na = 2\n", 2, 6, "given a value twice"),
        ("day = 2026-02-30\n", 1, 7, "date or time"),
        ('path = "C:\\data"\n', 1, 13, "backslash"),
        ("= 3\n", 1, 1, "neither name = value nor a [section]"),
        ("[person]\nlimb = { side = 'left'\n", 2, 23, "table {...} lacks its closing '}'"),
    ],
)
def test_toml_faults_are_placed_and_worded(text: str, line: int, column: int, words: str) -> None:
    found_line, found_column, found_words = toml_fault(text, _toml_error(text))
    assert (found_line, found_column) == (line, column)
    assert words in found_words


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        # tomllib says only "at end of document" for these: the line is worked out here.
        ("[person]\nlimbs = [1, 2\n\n\n", 2, 14, "list [...] lacks its closing ']'"),
        ("[person]\nlimbs = [1,\n", 2, 12, "the file ends before a value is complete"),
        ('notes = """started\n', 1, 19, "closing quote"),
    ],
)
def test_a_fault_at_the_end_of_the_document_still_has_a_line(
    text: str, line: int, column: int, words: str
) -> None:
    assert "end of document" in str(_toml_error(text))
    found_line, found_column, found_words = toml_fault(text, _toml_error(text))
    assert (found_line, found_column) == (line, column)
    assert words in found_words


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{"age_years": }', 1, 15, "value is missing"),
        ("{age_years: 40}", 1, 2, "double quotes"),
        ('{\n  "a": 1\n  "b": 2\n}', 3, 3, "',' is missing"),
        ('{"a" 1}', 1, 6, "':' is missing"),
        ('{"a": 1} {}', 1, 10, "more follows"),
    ],
)
def test_json_faults_are_placed_and_worded(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    found_line, found_column, found_words = json_fault(caught.value)
    assert (found_line, found_column) == (line, column)
    assert words in found_words


def test_the_error_carries_its_code_and_place(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text("[person]\nname = Ann\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table_file(path, "profile")
    assert caught.value.code == "file.malformed"
    assert caught.value.fields == {"file": str(path), "line": 2, "column": 8}
    assert str(caught.value).startswith(f"profile file {str(path)!r}, line 2, column 8: ")


def test_a_file_that_is_not_utf8_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("name = 'Zoë'\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_table_file(path, "answers")
    assert caught.value.code == "file.unreadable"
    assert "not UTF-8" in str(caught.value) and "byte 11" in str(caught.value)


def test_a_json_list_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table_file(path, "policy")
    assert caught.value.code == "file.not-a-table"
    assert "one JSON object" in str(caught.value)


BROKEN = "[person]\nname = Ann\n"


@pytest.mark.parametrize(
    ("arguments", "what"),
    [
        (("plan", "--profile"), "profile"),
        (("plan", "--format", "fit", "--output", "{dir}/plan.fit", "--profile"), "profile"),
        (("screen", "--answers"), "answers"),
        (("screen", "--policy"), "policy"),
    ],
)
def test_every_reader_names_file_line_and_column(
    cli: Callable[..., CliResult], tmp_path: Path, arguments: tuple[str, ...], what: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    result = cli(*(a.format(dir=tmp_path) for a in arguments), str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {what} file {str(path)!r}, line 2, column 8: this value is not valid TOML "
        '(text needs quotes: name = "Ann")\n'
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.text(alphabet="ab =[]{}\"'\n,.#1\\", max_size=60))
@example("a = [1,\n\n")
@example("name = \"Ann\n\n")
def test_any_malformed_toml_is_one_placed_line(tmp_path: Path, text: str) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        pass
    else:
        return
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table_file(path, "profile")
    message = str(caught.value)
    assert "\n" not in message
    where = WHERE.search(message)
    assert where is not None, message
    line, column = int(where.group(1)), int(where.group(2))
    lines = text.split("\n")
    assert 1 <= line <= len(lines)
    assert 1 <= column <= len(lines[line - 1]) + 1
