from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from occlusion.device.client import CuffClient

Cli = Callable[..., Any]


def test_bench_json_has_the_issue_keys(cli: Cli) -> None:
    result = cli("device", "bench", "--participants", "1", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    for key in ("exercise_within_10pct", "rest_within_5pct"):
        assert 0.0 <= data[key] <= 1.0
        assert 0.0 <= data["unregulated"][key] <= 1.0
    # The clamped cuff must do far worse: the disturbance is a real one.
    assert data["unregulated"]["exercise_within_10pct"] < data["exercise_within_10pct"]
    assert data["unregulated"]["rest_within_5pct"] < 0.5
    assert data["references"][0]["doi"] == "10.3389/fspor.2025.1582387"


def test_bench_readable_page_names_the_published_results(cli: Cli) -> None:
    result = cli("device", "bench", "--participants", "1", "--pump-l-min", "9")
    assert result.exit_code == 0, result.stderr
    assert "Delfi 95 % / 99 %" in result.stdout
    assert "not a medical device" in result.stdout


def test_lop_eval_json_has_the_issue_keys(cli: Cli) -> None:
    result = cli("device", "lop-eval", "--n", "2", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert set(data) >= {"bias_mmhg", "sd_mmhg", "median_time_s", "failures"}
    assert data["per_limb"]["arm"]["limbs"] == 1


def test_faults_json_lists_every_fault_safe(cli: Cli) -> None:
    result = cli("device", "faults", "--skip-kill", "--json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()["faults"]
    names = {row["fault"] for row in rows}
    assert {"sensor-stuck", "leak", "pump-dead", "vent-stuck-open", "host-silent",
            "garbage-on-line"} <= names
    assert all(row["safe"] and row["time_to_safe_s"] <= 30.0 for row in rows)


@pytest.mark.parametrize(
    "arguments",
    [
        ("device", "sim", "--limbs", "leg"),
        ("device", "sim", "--limbs", "arm", "--lop-mmhg", "100", "--lop-mmhg", "120"),
        ("device", "sim", "--duration-s", "-1"),
        ("device", "bench", "--pump-l-min", "100"),
        ("device", "bench", "--participants", "0"),
        ("device", "lop-eval", "--n", "1"),
        ("device", "lop-eval", "--n", "many"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(cli: Cli, arguments: tuple[str, ...]) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (("device", "bench", "--participants", "0"), "set --participants"),
        (("device", "lop-eval", "--n", "1"), "set --n"),
        (("device", "conformance", "--port", "serial:/dev/no-such-port"), "serial:COM3"),
        (
            ("device", "sim", "--limbs", "thigh", "--lop-mmhg", "30", "--duration-s", "1"),
            "give each --lop-mmhg above 75 mmHg",
        ),
    ],
)
def test_a_refusal_from_below_names_the_option_to_change(
    cli: Cli, arguments: tuple[str, ...], option: str
) -> None:
    # The device layer refuses with a code and fields; the command line adds its own next step.
    result = cli(*arguments)
    assert result.exit_code == 2
    assert option in result.stderr and result.stderr.count("\n") == 1, result.stderr


DOCS = Path(__file__).resolve().parents[2] / "docs" / "device.md"


def documented_commands() -> list[list[str]]:
    """Return the ``occlusion device ...`` commands shown in docs/device.md."""
    commands = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("$ occlusion device "):
            commands.append(line.removeprefix("$ occlusion ").split())
    return commands


def test_the_user_guide_shows_commands() -> None:
    assert any(command[1] == "sim" for command in documented_commands())
    assert len(documented_commands()) >= 4


def _runs_here(command: list[str]) -> bool:
    # The simulator runs until stopped; a command for a maker's board needs the board.
    return command[1] != "sim" and not any(word.startswith("serial:") for word in command)


@pytest.mark.parametrize(
    "command", [c for c in documented_commands() if _runs_here(c)], ids=" ".join
)
def test_every_documented_command_runs(cli: Cli, command: list[str]) -> None:
    result = cli(*command)
    assert result.exit_code == 0, result.stderr
    if "--json" in command:
        result.json()


def test_sim_prints_where_to_connect_and_serves_a_real_client(tmp_path: Path) -> None:
    port_file = tmp_path / "port"
    (documented,) = [c for c in documented_commands() if c[1] == "sim"]
    process = subprocess.Popen(
        [sys.executable, "-c", "from occlusion.cli.main import main; main()", *documented,
         "--port-file", str(port_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("simulated cuff controller on /dev/")
        second = process.stdout.readline()
        assert second.startswith("connect with the transport URL serial:")
        url = second.split()[-1]
        with CuffClient.connect(url) as client:
            assert client.capabilities is not None and client.capabilities.channels == 1
            client.inflate(0, 90.0)
            client.wait_until(lambda s: s.channels[0].pressure_mmhg > 80.0, timeout_s=10.0)
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_conformance_of_the_simulator_passes_and_reports_every_check(cli: Cli) -> None:
    result = cli("device", "conformance", "--port", "sim", "--channel", "1", "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["passed"] is True
    assert len(report["checks"]) >= 12
    for check in report["checks"]:
        assert set(check) >= {"name", "passed", "measured", "limit"}


@pytest.mark.parametrize(
    "arguments",
    [
        ("--port", "bluetooth-please"),
        ("--port", "serial:/dev/no-such-port"),
        ("--port", "sim", "--channel", "7"),
        ("--port", "sim", "--channel", "-1"),
    ],
)
def test_conformance_refuses_bad_input_in_one_line(cli: Cli, arguments: tuple[str, ...]) -> None:
    result = cli("device", "conformance", *arguments)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
