from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.science.screening import QUESTIONNAIRE
from tests.cli.conftest import CliResult
from tests.cli.test_protocols import check_doc_examples, python_examples

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEALTHY = str(EXAMPLES / "screening-answers.toml")
REFER = str(EXAMPLES / "screening-answers-refer.toml")


def test_documented_screening_commands_work(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    assert check_doc_examples(cli, "screening.md") >= 3


def test_documented_python_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    (block,) = python_examples("screening.md")
    exec(compile(block, "docs/screening.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "refer"


def test_docs_list_every_question() -> None:
    page = (EXAMPLES.parent / "docs" / "screening.md").read_text(encoding="utf-8")
    for question in QUESTIONNAIRE:
        assert f"`{question.id}`" in page


def test_healthy_lifter_is_cleared(cli: Callable[..., CliResult]) -> None:
    result = cli("screen", "--answers", HEALTHY, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["decision"] == "cleared"
    assert document["reasons"] == []
    assert document["not_a_medical_device"] == NOT_A_MEDICAL_DEVICE


def test_refer_example(cli: Callable[..., CliResult]) -> None:
    result = cli("screen", "--answers", REFER, "--json")
    assert result.exit_code == 0
    document = result.json()
    assert document["decision"] == "refer"
    assert {reason["code"] for reason in document["reasons"]} == {
        "recent-surgery",
        "oestrogen_medication",
        "blood-pressure",
    }
    for reason in document["reasons"]:
        assert set(reason) == {"code", "text", "decision", "references"}


def test_readable_page(cli: Callable[..., CliResult]) -> None:
    result = cli("screen", "--answers", REFER)
    assert result.exit_code == 0
    page = " ".join(result.stdout.split())
    assert page.startswith("Refer: ask a clinician")
    assert "record their clearance" in page
    assert "operation 21 days ago" in page
    assert " ".join(NOT_A_MEDICAL_DEVICE.split()) in page


def test_json_answers_file(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    import tomllib

    answers = tomllib.loads(Path(HEALTHY).read_text(encoding="utf-8"))
    answers["acute_illness"] = True
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = cli("screen", "--answers", str(path), "--json")
    assert result.exit_code == 0
    assert result.json()["decision"] == "exclude"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.toml", "age_years = = 3\n", "line 1, column 13"),
        ("bad.json", "{not json", "line 1, column 2"),
        ("list.json", "[1, 2]", "must hold one JSON object"),
        ("typo.toml", "age_years = 30\ndiabetis = false\n", "unknown screening question"),
        ("short.toml", "age_years = 30\n", "missing screening answer"),
    ],
)
def test_malformed_files_exit_2(
    cli: Callable[..., CliResult], tmp_path: Path, name: str, text: str, message: str
) -> None:
    result = cli("screen", "--answers", _write(tmp_path, name, text), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error:")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_absurd_blood_pressure_exits_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    text = Path(HEALTHY).read_text(encoding="utf-8").replace("= 122", "= 1220")
    result = cli("screen", "--answers", _write(tmp_path, "bp.toml", text))
    assert result.exit_code == 2
    assert "not plausible" in result.stderr and "resting_sbp_mmhg" in result.stderr


def test_missing_file_exits_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("screen", "--answers", str(tmp_path / "absent.toml"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def _typed_answers(**changes: str) -> list[str]:
    typed = {
        "age_years": "30",
        "resting_sbp_mmhg": "118",
        "resting_dbp_mmhg": "78",
        "days_since_surgery": "",
        "pregnancy": "not-applicable",
    }
    typed.update(changes)
    return [typed.get(question.id, "no") for question in QUESTIONNAIRE]


def test_interactive_answers_from_stdin(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _typed_answers(diabetes="yes")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    result = cli("screen", "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()  # prompts went to stderr, stdout is one document
    assert document["decision"] == "caution"
    assert [reason["code"] for reason in document["reasons"]] == ["diabetes"]
    assert "How old are you?" in result.stderr


def test_interactive_asks_again_after_a_bad_answer(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _typed_answers()
    lines[0:1] = ["old", "", "30"]  # not a number, then empty, then a valid age
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    result = cli("screen")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Cleared")
    assert "must be a number" in result.stderr
    assert "needs an answer" in result.stderr
    assert result.stdout.startswith("Cleared")


def test_interactive_end_of_input_is_one_error_line(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("30\n"))
    result = cli("screen", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1] == (
        "error: the input ended before every screening question was answered"
    )


_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-1000, max_value=1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from([q.id for q in QUESTIONNAIRE]), st.text(max_size=6)),
        _ANY_VALUE,
        max_size=35,
    )
)
def test_no_answers_file_crashes_the_command(
    cli: Callable[..., CliResult], tmp_path: Path, data: dict[str, object]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = cli("screen", "--answers", str(path), "--json")
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith("error:") and result.stdout == ""
    else:
        assert result.json()["decision"] in ("cleared", "caution", "refer", "exclude")


def test_policy_file_changes_the_decision(cli: Callable[..., CliResult]) -> None:
    policy = str(EXAMPLES / "screening-policy.toml")
    result = cli("screen", "--answers", REFER, "--policy", policy, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["decision"] == "caution"
    assert document["policy"]["settings"]["surgery_refer_days"] == 14.0
    assert document["policy"]["settings"]["decision_overrides"] == {"varicose_veins": "refer"}


def test_bad_policy_file_exits_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    policy = _write(tmp_path, "policy.toml", "refer_sbp = 170\n")
    result = cli("screen", "--answers", HEALTHY, "--policy", policy)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown screening policy setting(s): refer_sbp")
    missing = cli("screen", "--answers", HEALTHY, "--policy", str(tmp_path / "none.toml"))
    assert missing.exit_code == 2 and "policy file" in missing.stderr
