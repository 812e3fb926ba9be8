from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import CliResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROFILES = ("athlete-wraps.toml", "clinic-thigh-cuff.toml", "arm-cuff-measured.toml")


@pytest.mark.parametrize("name", PROFILES)
def test_every_example_profile_prints_a_plan(cli: Callable[..., CliResult], name: str) -> None:
    readable = cli("plan", "--profile", str(EXAMPLES / name))
    assert readable.exit_code == 0, readable.stderr
    assert "not a medical device" in readable.stdout
    assert "Stop at once" in readable.stdout and "References" in readable.stdout
    document = cli("plan", "--profile", str(EXAMPLES / name), "--json").json()
    assert document["format_version"] == 4
    assert document["limbs"] and document["references"]


def test_wrap_page_gives_marks_and_fallback(cli: Callable[..., CliResult]) -> None:
    page = cli("plan", "--profile", str(EXAMPLES / "athlete-wraps.toml")).stdout
    assert "mark A" in page and "mark B" in page
    assert "7/10" in page


def test_referred_profile_exits_2_with_one_line(cli: Callable[..., CliResult]) -> None:
    result = cli("plan", "--profile", str(EXAMPLES / "referred-hypertension.toml"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "clinician" in result.stderr and "clinician_clearance" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is = = not toml", "line 1, column 6"),
        ("[person]\nname = 'x'\n", "profile field"),
        ("", "profile field"),
    ],
)
def test_bad_profile_files(
    cli: Callable[..., CliResult], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(content, encoding="utf-8")
    result = cli("plan", "--profile", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_missing_file_and_missing_option(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    missing = cli("plan", "--profile", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    no_option = cli("plan")
    assert no_option.exit_code == 2 and "--profile" in no_option.stderr


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(st.text(max_size=200))
def test_no_profile_text_crashes(
    cli: Callable[..., CliResult], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(content, encoding="utf-8")
    result = cli("plan", "--profile", str(path), "--json")
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.stderr
