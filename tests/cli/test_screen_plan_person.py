"""``occlusion screen --person`` and ``occlusion plan --person``: the log supplies the profile."""

from __future__ import annotations

from tests.cli.log_fixtures import PARTIAL_PROFILE, log_dir, ready

__all__ = ["log_dir"]


def test_screen_and_plan_are_kept_in_the_log(cli, log_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    shown = cli("export", "--person", person).json()["tables"]
    assert shown["screening_record"][0]["decision"] == "cleared"
    assert shown["screening_record"][0]["answers"]["age_years"] > 20, "age from the birth year"
    assert shown["screening_record"][0]["answers"]["resting_sbp_mmhg"] == 124.0
    plans = shown["plan"]
    assert len(plans) == 1 and plans[0]["active"]
    assert plans[0]["prescription"]["limbs"][0]["circumference_cm"] == 58.0
    readable = cli("plan", "--person", person, "--profile", str(tmp_path / "partial.toml"))
    assert readable.exit_code == 0 and "Leg press" in readable.stdout
    plans = cli("export", "--person", person).json()["tables"]["plan"]
    assert [plan["active"] for plan in plans] == [False, True], "the newest plan is active"


def test_plan_needs_what_the_log_lacks(cli, log_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "A", "--sex", "female", "--birth-year", "1990",
                 "--json").json()["short_id"]
    partial = tmp_path / "partial.toml"
    partial.write_text(PARTIAL_PROFILE)
    result = cli("plan", "--person", person, "--profile", str(partial))
    assert result.exit_code == 2 and "blood pressure" in result.stderr
    assert cli("plan").exit_code == 2
    assert "give --profile FILE" in cli("plan").stderr
    assert cli("export", "--person", person).json()["tables"]["plan"] == []


def test_screen_person_with_unknown_answer_writes_nothing(cli, log_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "A", "--json").json()["short_id"]
    answers = tmp_path / "answers.toml"
    answers.write_text("favourite_colour = 'blue'\n")
    result = cli("screen", "--person", person, "--answers", str(answers))
    assert result.exit_code == 2 and "unknown screening question" in result.stderr
    assert cli("export", "--person", person).json()["tables"]["screening_record"] == []
