"""`occlusion lop measure`: the guided measurement, answered as a script would."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from occlusion.cli.lop_measure import countdown
from tests.cli.log_fixtures import log_dir

from .conftest import CliResult

__all__ = ["log_dir"]

Cli = Callable[..., CliResult]


def one_error_line(result: CliResult) -> str:
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


MEASURE = ("lop", "measure", "--limb", "thigh", "--side", "right", "--cuff-width-cm", "11.5",
           "--sbp", "123")  # fmt: skip
ANSWERS = "\n\n\ny\ny\ny\nn\nn\ny\n"


def feed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def add_person(cli: Cli) -> str:
    added = cli("person", "add", "--name", "Ana Silva", "--json")
    assert added.exit_code == 0, added.stderr
    return str(added.json()["short_id"])


def lops_on_record(cli: Cli, person: str) -> list[dict[str, Any]]:
    shown = cli("person", "show", person, "--json")
    assert shown.exit_code == 0, shown.stderr
    return list(shown.json()["lop"])


def test_measure_scripted_keeps_one_record_in_the_training_log(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    person = add_person(cli)
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--person", person, "--notes", "first try", "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["outcome"] == "occluded"
    assert document["lop_mmhg"] == 190
    assert [check["pressure_mmhg"] for check in document["checks"]] == [50, 120, 160, 200, 190, 180]
    assert document["recorded_for"] == person
    assert document["resistance_pressures_mmhg"] == {
        "low_mmhg": 76.0,
        "default_mmhg": 95.0,
        "high_mmhg": 152.0,
    }
    # The dialogue went to stderr so stdout stays one JSON document.
    assert "Inflate the cuff to 200 mmHg" in result.stderr
    [record] = lops_on_record(cli, person)
    assert (record["lop_mmhg"], record["side"], record["method"], record["source"]) == (
        190,
        "right",
        "doppler",
        "manual",
    )
    assert record["details"]["notes"] == "first try"
    assert record["details"]["walk_through"]["outcome"] == "occluded"
    assert not list(log_dir.glob("*.jsonl"))


def test_every_measurement_is_kept(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    person = add_person(cli)
    for _ in range(2):
        feed(monkeypatch, ANSWERS)
        assert cli(*MEASURE, "--person", person).exit_code == 0
    assert len(lops_on_record(cli, person)) == 2


def test_an_unknown_person_is_refused_before_any_question(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--person", "abcdef12")
    assert "Position and rest" not in result.stdout
    assert result.exit_code == 2


def test_measure_readable_dialogue(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "== Position and rest ==" in text
    assert "posterior tibial" in text
    assert "LOP 190 mmHg" in text
    assert "Not kept" in text
    assert "40-80 % LOP = 76-152 mmHg; start at 50 % = 95 mmHg" in text
    # Where the method is chosen, what is published on its agreement and repeatability.
    assert "hand-held Doppler on the thigh: agreed with ultrasound" in text
    assert "95 % limits ±5.58 mmHg" in text


def test_measure_with_an_oximeter_shows_both_thigh_studies(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--detection", "pulse-oximeter")
    text = " ".join(result.stdout.split())
    # The two thigh studies disagree; their cuffs (20 cm, 12 cm) are said to tell them apart.
    assert (
        "pulse oximeter on the thigh (20 cm cuff): agreed with ultrasound; mean difference "
        "+6.3 mmHg" in text
    )
    assert "pulse oximeter on the thigh (12 cm cuff): did not agree with ultrasound" in text


def test_measure_stop_records_nothing_and_exits_1(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    person = add_person(cli)
    feed(monkeypatch, "\n\n\ny\nstop\n")
    result = cli(*MEASURE, "--person", person, "--json")
    assert result.exit_code == 1
    assert result.json()["outcome"] == "stopped"
    assert result.json()["record"] is None
    assert lops_on_record(cli, person) == []


def test_measure_reasks_on_nonsense_and_aborts_cleanly_at_end_of_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    person = add_person(cli)
    feed(monkeypatch, "\n\n\nmaybe\ny\n")
    result = cli(*MEASURE, "--person", person)
    assert "not understood" in result.stdout
    assert result.exit_code == 130
    assert "Deflate the cuff now" in " ".join(result.stdout.split()) or "deflate" in result.stdout
    assert "Traceback" not in result.stderr
    assert lops_on_record(cli, person) == []


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        (("--side", "middle"), "unknown side"),
        (("--limb", "leg"), "unknown limb"),
        (("--detection", "ear"), "pulse detection"),
        (("--max-pressure", "500"), "ceiling"),
        (("--cuff-width-cm", "0"), "cuff width"),
    ],
)
def test_measure_bad_options_fail_before_any_question(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, changes: tuple[str, str], text: str
) -> None:
    feed(monkeypatch, ANSWERS)
    arguments = list(MEASURE)
    option, value = changes
    if option in arguments:
        arguments[arguments.index(option) + 1] = value
    else:
        arguments += [option, value]
    result = cli(*arguments)
    assert text in one_error_line(result)
    assert "Position and rest" not in result.stdout


def test_countdown_uses_the_injected_sleep() -> None:
    slept: list[float] = []
    said: list[str] = []
    countdown(30, sleep=slept.append, echo=said.append)
    assert sum(slept) == 30
    assert said[0].strip() == "30 s"
    assert said[-1].strip() == "time: answer now"


def test_timer_counts_the_rest_and_every_hold_without_waiting(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("occlusion.cli.lop_measure.time.sleep", slept.append)
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--timer")
    assert result.exit_code == 0, result.stderr
    # The 5 min rest, then six 30 s holds (50, 120, 160, 200, 190, 180 mmHg).
    assert sum(slept) == 300 + 6 * 30
    assert "300 s" in result.stdout
