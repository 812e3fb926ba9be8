from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.science.protocols import protocol_names
from tests.cli.conftest import CliResult

DOCS = Path(__file__).resolve().parents[2] / "docs"


def doc_examples(name: str) -> list[tuple[list[str], str]]:
    """Return each ``$ occlusion ...`` command of a docs page and the line shown after it."""
    lines = (DOCS / name).read_text(encoding="utf-8").splitlines()
    examples = []
    for index, line in enumerate(lines):
        if line.startswith("$ occlusion "):
            shown = lines[index + 1] if index + 1 < len(lines) else ""
            examples.append((line.removeprefix("$ occlusion ").split(), shown))
    return examples


def check_doc_examples(cli: Callable[..., CliResult], name: str) -> int:
    """Run the documented commands and check each behaves as the page shows."""
    examples = doc_examples(name)
    for arguments, shown in examples:
        result = cli(*arguments)
        if shown.startswith("error:"):
            assert result.exit_code == 2, arguments
            assert result.stderr.strip() == shown
        elif shown == "{":
            assert result.exit_code == 0, (arguments, result.stderr)
            json.loads(result.stdout)
        else:
            assert result.exit_code == 0, (arguments, result.stderr)
            assert " ".join(shown.split()) in " ".join(result.stdout.split())
    return len(examples)


def python_examples(name: str) -> list[str]:
    """Return the ``python`` code blocks of a docs page."""
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = text.split("```python\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


def test_documented_python_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (block,) = python_examples("protocols.md")
    exec(compile(block, "docs/protocols.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == [
        "450.0 1200.0 True",
        "True",
        "('pmc7534706_bfre_trial_protocol',)",
    ]


def test_documented_protocol_commands_work(cli: Callable[..., CliResult]) -> None:
    assert check_doc_examples(cli, "protocols.md") >= 4


def test_list_json_has_every_protocol(cli: Callable[..., CliResult]) -> None:
    result = cli("protocols", "list", "--json")
    assert result.exit_code == 0
    names = [item["name"] for item in result.json()["protocols"]]
    assert names == list(protocol_names())


def test_list_page_is_readable(cli: Callable[..., CliResult]) -> None:
    result = cli("protocols", "list")
    assert result.exit_code == 0
    for name in protocol_names():
        assert name in result.stdout


@pytest.mark.parametrize("name", protocol_names())
def test_show_json_of_every_protocol(cli: Callable[..., CliResult], name: str) -> None:
    result = cli("protocols", "show", name, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["name"] == name
    assert document["references"]
    assert document["restriction_budgets"]
    for budget in document["restriction_budgets"]:
        assert "within_cap" in budget or "not_estimable" in budget


def test_show_page_has_sources_and_warning(cli: Callable[..., CliResult]) -> None:
    result = cli("protocols", "show", "ischemic-preconditioning-4x5min")
    assert result.exit_code == 0
    page = " ".join(result.stdout.split())
    assert "SBP + 50 mmHg" in page
    assert "220 mmHg" in page
    assert "[verified]" in page
    assert " ".join(NOT_A_MEDICAL_DEVICE.split()) in page


def test_show_kaatsu_explains_missing_timing(cli: Callable[..., CliResult]) -> None:
    result = cli("protocols", "show", "kaatsu-cycle")
    assert result.exit_code == 0
    assert "[experimental]" in result.stdout
    assert "cannot be computed" in " ".join(result.stdout.split())


def test_reps_to_failure_changes_the_budget(cli: Callable[..., CliResult]) -> None:
    result = cli(
        "protocols", "show", "resistance-sets-to-failure", "--reps-to-failure", "20", "--json"
    )
    assert result.exit_code == 0
    arm = next(b for b in result.json()["restriction_budgets"] if b["limb"] == "arm")
    # 3 sets x 20 reps x 4 s + 2 rests x 60 s = 360 s.
    assert arm["longest_continuous_s"] == 360.0
    assert "20 repetitions per set to failure" in arm["assumptions"]


def test_variant_and_exercises(cli: Callable[..., CliResult]) -> None:
    result = cli(
        "protocols",
        "show",
        "resistance-30-15-15-15",
        "--restriction",
        "intermittent",
        "--exercises",
        "2",
        "--json",
    )
    assert result.exit_code == 0
    document = result.json()
    assert document["restriction"] == "intermittent"
    thigh = next(b for b in document["restriction_budgets"] if b["limb"] == "thigh")
    assert thigh["exercises"] == 2
    # Only the sets count: (30 + 15 + 15 + 30 budgeted to failure) x 4 s = 360 s per exercise.
    assert thigh["total_restriction_s"] == 720.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("protocols", "show", "nope"), "unknown protocol 'nope': choose one of"),
        (("protocols", "show", "passive-5x5min", "--restriction", "continuous"), "no continuous"),
        (("protocols", "show", "passive-5x5min", "--restriction", "often"), "unknown restriction"),
        (("protocols", "show", "passive-5x5min", "--exercises", "0"), "error:"),
        (("protocols", "show"), "error:"),
        (("protocols", "show", "passive-5x5min", "--reps-to-failure", "0"), "between 1 and 200"),
    ],
)
def test_bad_requests_exit_2_with_one_line(
    cli: Callable[..., CliResult], arguments: tuple[str, ...], message: str
) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
