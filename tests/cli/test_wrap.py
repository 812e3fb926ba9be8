import math
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occlusion import NOT_A_MEDICAL_DEVICE
from tests.cli.conftest import CliResult

DOCS = Path(__file__).resolve().parents[2] / "docs" / "wraps.md"

Cli = Callable[..., CliResult]


def _doc_commands() -> list[list[str]]:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    commands = [
        shlex.split(line)
        for block in blocks
        for line in block.splitlines()
        if line.startswith("occlusion ")
    ]
    assert commands, "docs/wraps.md should show commands"
    return commands


@pytest.mark.parametrize("command", _doc_commands(), ids=lambda command: " ".join(command[1:4]))
def test_every_command_in_the_user_guide_runs(cli: Cli, command: list[str]) -> None:
    result = cli(*command[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if "--json" in command:
        assert result.json()["stretch_pct"] > 0
    elif "perceived-tightness" in command:
        assert "7/10" in result.stdout
    else:
        assert NOT_A_MEDICAL_DEVICE in result.stdout


def test_wrap_json_contract(cli: Cli) -> None:
    result = cli(
        "wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
        "--target-pct-lop", "60", "--json",
    )
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["stretch_pct"] == 15.0
    assert document["stretched_length_cm"] == pytest.approx(34.5)
    assert isinstance(document["instructions"], list) and document["instructions"]
    assert document["pressure_estimate_mmhg"] is None
    assert {reference["key"] for reference in document["references"]} >= {
        "abe_2019_elastic_cuff_stretch",
        "aniceto_2022_practical_bfr",
    }
    assert document["warnings"]
    assert document["perceived_tightness_fallback"]["is_fallback"] is True
    assert document["not_a_medical_device"] == NOT_A_MEDICAL_DEVICE


def test_wrap_with_length_and_luggage_scale_tension(cli: Cli) -> None:
    result = cli(
        "wrap", "--limb", "thigh", "--circumference-cm", "55", "--width-cm", "7.5",
        "--target-pct-lop", "60", "--wrap-length-cm", "200", "--tension-kgf", "2", "--json",
    )
    document = result.json()
    assert document["turns"] == pytest.approx(230 / 55)
    # Laplace: 4621.65 · 2 kgf · (230/55) layers / (55 · 7.5) = 93.7 mmHg
    assert document["pressure_estimate_mmhg"] == pytest.approx(
        4621.654 * 2 * (230 / 55) / (55 * 7.5), rel=1e-4
    )
    assert document["tension_source"] == "measured by the user"


def test_inches_are_converted_and_shown(cli: Cli) -> None:
    result = cli(
        "wrap", "--limb", "arm", "--circumference-in", "12", "--width-in", "2",
        "--target-pct-lop", "40", "--units", "imperial",
    )
    assert result.exit_code == 0, result.stderr
    assert "12.0 in from A" in result.stdout
    document = cli(
        "wrap", "--limb", "arm", "--circumference-in", "12", "--width-in", "2",
        "--target-pct-lop", "40", "--json",
    ).json()
    assert document["circumference_cm"] == pytest.approx(30.48)


def test_readable_wrap_page(cli: Cli) -> None:
    result = cli(
        "wrap", "--limb", "thigh", "--circumference-cm", "55", "--width-cm", "7.5",
        "--target-pct-lop", "60",
    )
    assert result.exit_code == 0
    assert NOT_A_MEDICAL_DEVICE in result.stdout
    for heading in ("Steps", "Limits of this plan", "Fallback: perceived tightness", "References"):
        assert heading in result.stdout
    assert "not estimated" in result.stdout


def test_perceived_tightness_method_needs_only_the_limb(cli: Cli) -> None:
    result = cli("wrap", "--limb", "arm", "--method", "perceived-tightness", "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["method"] == "perceived tightness (fallback)"
    assert document["seven_out_of_ten"]["pressure_mean_mmhg"] == 132.0
    assert document["not_a_medical_device"] == NOT_A_MEDICAL_DEVICE
    page = cli("wrap", "--limb", "arm", "--method", "perceived-tightness")
    assert NOT_A_MEDICAL_DEVICE in page.stdout
    assert "aim below 7/10" in page.stdout


def test_floss_json_and_page(cli: Cli) -> None:
    result = cli("floss", "--site", "knee", "--circumference-cm", "38", "--width-cm", "5.08",
                 "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["layers"] == 2.0
    assert document["pressure_estimate_mmhg"] == pytest.approx(120.0, abs=0.1)
    page = cli("floss", "--site", "knee", "--circumference-cm", "38", "--width-cm", "5.08")
    assert NOT_A_MEDICAL_DEVICE in page.stdout
    assert "120 mmHg" in page.stdout


@pytest.mark.parametrize(
    "arguments",
    [
        ["wrap", "--limb", "arm", "--circumference-cm", "-30", "--width-cm", "5",
         "--target-pct-lop", "60"],
        ["wrap", "--limb", "leg", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "60"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "300"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "90"],
        ["wrap", "--limb", "arm", "--circumference-cm", "nan", "--width-cm", "5",
         "--target-pct-lop", "60"],
        ["wrap", "--limb", "arm", "--width-cm", "5", "--target-pct-lop", "60"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--circumference-in", "12",
         "--width-cm", "5", "--target-pct-lop", "60"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "60", "--units", "furlongs"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "60", "--material", "nylon-cuff-5cm"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5",
         "--target-pct-lop", "60", "--tension-n", "10", "--tension-kgf", "1"],
        ["wrap", "--limb", "arm", "--circumference-cm", "30", "--width-cm", "5"],
        ["wrap", "--limb", "arm", "--method", "guesswork"],
        ["floss", "--site", "neck", "--circumference-cm", "38", "--width-cm", "5"],
        ["floss", "--site", "knee", "--circumference-cm", "38", "--width-cm", "5",
         "--duration-s", "600"],
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(cli: Cli, arguments: list[str]) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr


USAGE_ERRORS = [
    ["wrap", "--limb", "arm", "--circumference-cm", "abc", "--width-cm", "5",
     "--target-pct-lop", "60"],
    ["wrap", "--circumference-cm", "30", "--width-cm", "5", "--target-pct-lop", "60"],
    ["floss", "--site", "knee", "--circumference-cm", "38", "--width-cm", "5", "--bogus"],
]


@pytest.mark.parametrize("arguments", USAGE_ERRORS)
def test_option_parsing_errors_are_one_error_line(cli: Cli, arguments: list[str]) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-1000, max_value=1000).map(float),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limb=st.sampled_from(["arm", "thigh", "leg", ""]),
    circumference=numbers,
    width=numbers,
    target=numbers,
    length=st.one_of(st.none(), numbers),
)
def test_no_wrap_input_crashes_the_cli(
    cli: Cli, limb: str, circumference: float, width: float, target: float, length: float | None
) -> None:
    arguments = [
        "wrap", "--limb", limb, "--circumference-cm", repr(circumference),
        "--width-cm", repr(width), "--target-pct-lop", repr(target), "--json",
    ]
    if length is not None:
        arguments += ["--wrap-length-cm", repr(length)]
    result = cli(*arguments)
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        document = result.json()
        assert math.isfinite(document["stretch_pct"])
    else:
        assert result.stderr.startswith("error: ")
        assert len(result.stderr.strip().splitlines()) == 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    site=st.sampled_from(["knee", "ankle", "thigh", "neck"]),
    circumference=numbers,
    width=numbers,
    stretch=numbers,
    overlap=numbers,
    duration=numbers,
)
def test_no_floss_input_crashes_the_cli(
    cli: Cli,
    site: str,
    circumference: float,
    width: float,
    stretch: float,
    overlap: float,
    duration: float,
) -> None:
    result = cli(
        "floss", "--site", site, "--circumference-cm", repr(circumference),
        "--width-cm", repr(width), "--stretch-pct", repr(stretch),
        "--overlap-pct", repr(overlap), "--duration-s", repr(duration), "--json",
    )
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: ")
