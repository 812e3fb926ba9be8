"""`occlusion lop measure`: the guided measurement, answered as a script would."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from occlusion.cli.lop_measure import countdown
from occlusion.science.lop import LopMeasurement

from .conftest import CliResult

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


def test_measure_scripted_saves_one_json_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "nested" / "lop.jsonl"
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--save", str(target), "--notes", "first try", "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["outcome"] == "occluded"
    assert document["lop_mmhg"] == 190
    assert [check["pressure_mmhg"] for check in document["checks"]] == [50, 120, 160, 200, 190, 180]
    assert document["saved_to"] == str(target)
    assert document["resistance_pressures_mmhg"] == {
        "low_mmhg": 76.0,
        "default_mmhg": 95.0,
        "high_mmhg": 152.0,
    }
    # The dialogue went to stderr so stdout stays one JSON document.
    assert "Inflate the cuff to 200 mmHg" in result.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = LopMeasurement.from_dict(json.loads(lines[0]))
    assert (record.lop_mmhg, record.side, record.method, record.notes) == (
        190,
        "right",
        "doppler",
        "first try",
    )
    assert record.measured_at.utcoffset() is not None


def test_measure_appends_to_the_default_data_dir(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path))
    for _ in range(2):
        feed(monkeypatch, ANSWERS)
        assert cli(*MEASURE).exit_code == 0
    saved = (tmp_path / "lop-measurements.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 2


def test_measure_readable_dialogue(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--no-save")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "== Position and rest ==" in text
    assert "posterior tibial" in text
    assert "LOP 190 mmHg" in text
    assert "Not saved" in text
    assert "40-80 % LOP = 76-152 mmHg; start at 50 % = 95 mmHg" in text
    # Where the method is chosen, what is published on its agreement and repeatability.
    assert "hand-held Doppler on the thigh: agreed with ultrasound" in text
    assert "95 % limits ±5.58 mmHg" in text


def test_measure_with_an_oximeter_shows_both_thigh_studies(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(monkeypatch, ANSWERS)
    result = cli(*MEASURE, "--detection", "pulse-oximeter", "--no-save")
    text = " ".join(result.stdout.split())
    assert "pulse oximeter on the thigh: agreed with ultrasound; mean difference +6.3 mmHg" in text
    assert "pulse oximeter on the thigh: did not agree with ultrasound" in text


def test_measure_stop_records_nothing_and_exits_1(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "lop.jsonl"
    feed(monkeypatch, "\n\n\ny\nstop\n")
    result = cli(*MEASURE, "--save", str(target), "--json")
    assert result.exit_code == 1
    assert result.json()["outcome"] == "stopped"
    assert result.json()["record"] is None
    assert not target.exists()


def test_measure_reasks_on_nonsense_and_aborts_cleanly_at_end_of_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    feed(monkeypatch, "\n\n\nmaybe\ny\n")
    result = cli(*MEASURE, "--save", str(tmp_path / "x.jsonl"))
    assert "not understood" in result.stdout
    assert result.exit_code == 130
    assert "Deflate the cuff now" in " ".join(result.stdout.split()) or "deflate" in result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.jsonl").exists()


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
    result = cli(*arguments, "--no-save")
    assert text in one_error_line(result)
    assert "Position and rest" not in result.stdout


def test_countdown_uses_the_injected_sleep() -> None:
    slept: list[float] = []
    said: list[str] = []
    countdown(30, sleep=slept.append, echo=said.append)
    assert sum(slept) == 30
    assert said[0].strip() == "30 s"
    assert said[-1].strip() == "time: answer now"
