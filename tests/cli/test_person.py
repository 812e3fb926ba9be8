from __future__ import annotations

import pytest

from tests.cli.log_fixtures import log_dir

__all__ = ["log_dir"]


def test_add_list_show(cli, log_dir) -> None:  # type: ignore[no-untyped-def]
    added = cli("person", "add", "--name", "Ana Lima", "--sex", "female", "--birth-year",
                "1990", "--body-mass", "140", "--units", "imperial", "--json")
    assert added.exit_code == 0, added.stderr
    record = added.json()
    assert record["body_mass_entered_unit"] == "lb"
    assert (log_dir / "occlusion.db").exists()
    listed = cli("person", "list", "--json").json()
    assert [person["name"] for person in listed] == ["Ana Lima"]
    shown = cli("person", "show", record["short_id"])
    assert shown.exit_code == 0 and "Ana Lima" in shown.stdout
    assert "not a medical device" in shown.stdout
    readable = cli("person", "list")
    assert record["short_id"] in readable.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("person", "add", "--name", ""), "name"),
        (("person", "add", "--name", "A", "--sex", "x"), "unknown sex"),
        (("person", "add", "--name", "A", "--birth-year", "1700"), "birth year"),
        (("person", "add", "--name", "A", "--body-mass", "-5"), "body mass"),
        (("person", "add", "--name", "A", "--body-mass", "heavy"), "--body-mass"),
        (("person", "show", "zzzz"), "not a person id"),
        (("person", "show", "abcd1234"), "no person"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, log_dir, arguments, message) -> None:  # type: ignore[no-untyped-def]
    result = cli(*arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert cli("person", "list", "--json").json() == []


def test_newer_database_is_one_clear_error(cli, log_dir) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    assert cli("person", "list").exit_code == 0
    with sqlite3.connect(log_dir / "occlusion.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    result = cli("person", "list")
    assert result.exit_code == 2
    assert "newer than this version of Occlusion" in result.stderr


def test_equipment(cli, log_dir) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "A", "--json").json()["short_id"]
    result = cli("person", "equipment", "--person", person, "--kind", "cuff", "--width", "11.5",
                 "--material", "nylon", "--name", "thigh cuff", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["width_cm"] == 11.5
    bad = cli("person", "equipment", "--person", person, "--kind", "cuff", "--width", "0.5",
              "--material", "nylon")
    assert bad.exit_code == 2 and "width" in bad.stderr
