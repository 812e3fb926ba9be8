from __future__ import annotations

import io
import json
import sys

import pytest

from tests.cli.log_fixtures import log_dir, ready

__all__ = ["log_dir"]

STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2026-04-01 07:30:00,Push,45m,Bench Press (Barbell),1,135,8,0,0,,,8\n"
    "2026-04-01 07:30:00,Push,45m,Bench Press (Barbell),2,135,7,0,0,,,9\n"
)


def test_export_import_round_trip(cli, log_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\n30\nn\n15\nq\n"))
    assert cli("session", "start", "--person", person).exit_code == 0
    strong = tmp_path / "strong.csv"
    strong.write_text(STRONG)
    imported = cli("import", str(strong), "--format", "strong", "--person", person,
                   "--weight-unit", "lb", "--utc-offset", "-04:00", "--json")
    assert imported.exit_code == 0, imported.stderr
    assert imported.json()["sets"] == 2
    first = tmp_path / "first.json"
    assert cli("export", "--format", "json", "--output", str(first)).exit_code == 0
    csv_result = cli("export", "--format", "csv", "--person", person)
    rows = csv_result.stdout.lstrip("\ufeff").strip().splitlines()
    assert rows[0].startswith("person_id,person_name") and len(rows) == 1 + 4
    assert "load_kg" in rows[0] and "pressure_mmhg" in rows[0]
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path / "other"))
    again = cli("import", str(first), "--json")
    assert again.exit_code == 0, again.stderr
    second = tmp_path / "second.json"
    assert cli("export", "--format", "json", "--output", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        ("{not json", (), "line 1, column 2: a name must be in double quotes"),
        ('{"format": "other"}', (), "not an Occlusion export"),
        (STRONG, ("--format", "strong"), "needs --person"),
        ("a;b\n1;2\n", ("--format", "strong", "--person", "PERSON"), "not a Strong CSV"),
        (STRONG, ("--format", "strong", "--person", "PERSON", "--utc-offset", "2h"), "offset"),
        (STRONG, ("--format", "excel"), "unknown import format"),
    ],
)
def test_failed_imports_change_nothing(cli, log_dir, tmp_path, content, arguments, message) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "A", "--json").json()["short_id"]
    before = cli("export").stdout
    path = tmp_path / "in.txt"
    path.write_text(content)
    resolved = [person if item == "PERSON" else item for item in arguments]
    result = cli("import", str(path), *resolved)
    assert result.exit_code == 2
    assert message in result.stderr
    assert cli("export").stdout == before
    assert json.loads(before)["tables"]["person"][0]["name"] == "A"


def test_broken_json_is_one_line_with_its_place_in_words(cli, log_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.json"
    path.write_text('{"format": "occlusion",\n "version": 1\n "tables": {}}\n')
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: import file {str(path)!r}, line 3, column 2: a ',' is missing between two "
        "items\n"
    )


def test_missing_file_and_bad_format(cli, log_dir) -> None:  # type: ignore[no-untyped-def]
    assert "does not exist" in cli("import", "nowhere.json").stderr
    assert "unknown export format" in cli("export", "--format", "xml").stderr


def test_import_says_what_it_added_in_words(cli, log_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    strong = tmp_path / "strong.csv"
    strong.write_text(STRONG)
    first = cli("import", str(strong), "--format", "strong", "--person", person,
                "--weight-unit", "lb")
    assert first.exit_code == 0, first.stderr
    said = " ".join(first.stdout.split())
    assert said == f"Imported 1 session and 2 sets from {strong}."
    again = cli("import", str(strong), "--format", "strong", "--person", person,
                "--weight-unit", "lb")
    said_again = " ".join(again.stdout.split())
    assert said_again == f"Nothing new in {strong}: every session in it is already in the log."
    export = tmp_path / "all.json"
    assert cli("export", "--format", "json", "--output", str(export)).exit_code == 0
    back = cli("import", str(export))
    assert back.exit_code == 0, back.stderr
    said_back = " ".join(back.stdout.split())
    assert said_back == f"Nothing new in {export}: everything in it is already in the log."


def test_import_words_count_each_kind_and_what_was_kept() -> None:
    from pathlib import Path

    from occlusion.cli.transfer import import_words
    from occlusion.services.transfer import ImportSummary

    summary = ImportSummary(
        inserted={"person": 1, "training_session": 2, "training_set": 1, "device_alarm": 0},
        skipped_identical={"person": 0, "plan": 1},
    )
    assert import_words(summary, Path("log.json")) == (
        "Imported 1 person, 2 sessions, 1 set from log.json."
        " 1 record already in the log was left as it was."
    )


def test_every_exported_table_has_words_for_the_import_sentence() -> None:
    from occlusion.cli.transfer import _TABLE_WORDS
    from occlusion.store.transfer import TABLE_ORDER

    assert set(_TABLE_WORDS) == set(TABLE_ORDER)
