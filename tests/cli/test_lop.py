"""`occlusion lop estimate | methods | measure` as a person (or a script) uses them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from occlusion import NOT_A_MEDICAL_DEVICE
from tests.cli.log_fixtures import log_dir

from .conftest import CliResult
from .test_lop_measure import ANSWERS, feed

__all__ = ["log_dir"]

Cli = Callable[..., CliResult]

ESTIMATE = (
    "lop",
    "estimate",
    "--limb",
    "thigh",
    "--cuff-width-cm",
    "18",
    "--circumference-cm",
    "55",
    "--sbp",
    "120",
    "--age",
    "23",
    "--sex",
    "male",
)
OUTSIDE_POPULATION = "lop.not-estimable.outside-studied-population"
FITTED_AGES = "the ages rbme_2019_thigh_18cm was fitted on are taken as"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "lop.md"


def one_error_line(result: CliResult) -> str:
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_estimate_json_contract(cli: Cli) -> None:
    result = cli(*ESTIMATE, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["lop_mmhg"] == pytest.approx(166.235, abs=0.01)
    low, high = document["interval_95_mmhg"]
    assert low < document["lop_mmhg"] < high
    assert high - low == pytest.approx(2 * 2.0128955989 * 15.289, abs=1e-6)
    assert document["method"] == "rbme_2019_thigh_18cm"
    assert document["references"][0]["key"] == "cirilo_sousa_2019_thigh_aop_equation"
    # Each warning is its code, its default wording and the fields it is about.
    assert [warning["code"] for warning in document["warnings"]][-1] == "lop.population-and-error"
    assert all(isinstance(warning["text"], str) for warning in document["warnings"])


def test_estimate_readable_page(cli: Cli) -> None:
    result = cli(*ESTIMATE)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "LOP ≈ 166 mmHg" in text
    assert "95 % prediction interval: 135 to 197 mmHg" in text
    assert "rbme_2019_thigh_18cm" in text
    assert "Warnings" in text and "References" in text
    assert " ".join(NOT_A_MEDICAL_DEVICE.split()) in text


def test_inches_are_accepted_by_name_and_shown_with_units_imperial(cli: Cli) -> None:
    metric = cli(*ESTIMATE, "--json").json()
    imperial_args = [
        "lop", "estimate", "--limb", "thigh", "--cuff-width-in", str(18 / 2.54),
        "--circumference-in", str(55 / 2.54), "--sbp", "120", "--age", "23", "--sex", "male",
    ]  # fmt: skip
    imperial = cli(*imperial_args, "--json").json()
    assert imperial["lop_mmhg"] == pytest.approx(metric["lop_mmhg"], abs=1e-9)
    page = cli(*imperial_args, "--units", "imperial")
    assert page.exit_code == 0
    assert "circumference 21.7 in" in " ".join(page.stdout.split())  # 55 cm


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        (("--circumference-cm", "-55"), "not plausible"),
        (("--circumference-cm", "550"), "not plausible"),
        (("--circumference-cm", "nan"), "finite"),
        (("--limb", "leg"), "unknown limb"),
        (("--dbp", "130"), "below systolic"),
        (("--dbp", "120"), "below systolic"),
        (("--sex", "robot"), "unknown sex"),
        (("--posture", "upside-down"), "unknown posture"),
        (("--cuff-material", "steel"), "unknown cuff material"),
        (("--units", "furlongs"), "unit system"),
        (("--method", "loenneke_2015_arm"), "not available"),
        (("--sbp", "abc"), "--sbp"),
    ],
)
def test_estimate_bad_input_is_one_error_line(
    cli: Cli, changes: tuple[str, str], text: str
) -> None:
    arguments = list(ESTIMATE)
    option, value = changes
    if option in arguments:
        arguments[arguments.index(option) + 1] = value
    else:
        arguments += [option, value]
    assert text in one_error_line(cli(*arguments, "--json"))


def test_estimate_arm_lists_the_other_routes_instead_of_a_dead_end(cli: Cli) -> None:
    result = cli("lop", "estimate", "--limb", "arm", "--cuff-width-cm", "5",
                 "--circumference-cm", "30", "--sbp", "120", "--json")  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    document = result.json()
    assert document["estimate"] is None
    assert document["refusal"]["code"] == "lop.not-estimable.arm"
    routes = {route["kind"]: route for route in document["routes"]}
    assert routes["manual"]["status"] == "ready"
    assert routes["device"]["reason"] == "lop.route.device.no-device"
    assert document["ready"] == ["manual"]
    readable = cli("lop", "estimate", "--limb", "arm", "--cuff-width-cm", "5",
                   "--circumference-cm", "30", "--sbp", "120", "--side", "left")  # fmt: skip
    assert readable.exit_code == 1
    text = " ".join(readable.stdout.split())
    assert text.startswith("No estimate: no arm equation")
    assert (
        "+ Measure by hand, step by step: you can do this now with the cuff you train with" in text
    )
    assert "occlusion lop measure --limb arm --side left --cuff-width-cm 5" in text
    assert "--mode device" in text and "Vehrs" not in text
    assert "vehrs_2023_handheld_doppler_aop" in text


@pytest.mark.parametrize(
    ("changes", "code", "first_line"),
    [
        (("--cuff-width-cm", "5"), "lop.not-estimable.narrow-thigh-cuff", "narrow thigh cuffs"),
        (("--cuff-width-cm", "12"), "lop.not-estimable.cuff-width", "no verified equation"),
        (("--age", "70"), OUTSIDE_POPULATION, FITTED_AGES),
        (("--age", "14"), OUTSIDE_POPULATION, FITTED_AGES),
    ],
)
def test_a_refused_thigh_estimate_lists_the_routes_that_remain(
    cli: Cli, changes: tuple[str, str], code: str, first_line: str
) -> None:
    arguments = list(ESTIMATE)
    option, value = changes
    arguments[arguments.index(option) + 1] = value
    document = cli(*arguments, "--json")
    assert document.exit_code == 1, document.stderr
    assert document.json()["refusal"]["code"] == code
    assert document.json()["ready"] == ["manual"]
    readable = cli(*arguments)
    assert readable.exit_code == 1
    assert readable.stdout.startswith(f"No estimate: {first_line}")


def test_an_11_cm_refusal_reads_as_english(cli: Cli) -> None:
    arguments = list(ESTIMATE)
    arguments[arguments.index("--cuff-width-cm") + 1] = "11"
    readable = cli(*arguments)
    assert readable.exit_code == 1
    assert readable.stdout.startswith("No estimate: no verified equation covers an 11 cm cuff")
    assert (
        "published for this width but not checked against its paper: "
        "wedig_2025_thigh_11_13_18cm" in " ".join(readable.stdout.split())
    )


def test_a_missing_predictor_is_asked_for_among_the_routes(cli: Cli) -> None:
    result = cli("lop", "estimate", "--limb", "thigh", "--cuff-width-cm", "18",
                 "--circumference-cm", "55", "--sbp", "120", "--json")  # fmt: skip
    assert result.exit_code == 1
    routes = {route["kind"]: route for route in result.json()["routes"]}
    assert routes["estimate"]["status"] == "needs"
    assert routes["estimate"]["fields"]["missing"] == ["age_years", "sex"]


def test_estimate_length_given_twice_or_missing(cli: Cli) -> None:
    both = cli(*ESTIMATE, "--circumference-in", "21")
    assert "either --circumference-cm or --circumference-in" in one_error_line(both)
    missing = cli("lop", "estimate", "--limb", "thigh", "--cuff-width-cm", "18", "--sbp", "120")
    assert "circumference is required" in one_error_line(missing)


def test_methods_json_lists_equations_and_left_out_ones(cli: Cli) -> None:
    result = cli("lop", "methods", "--json")
    assert result.exit_code == 0
    document = result.json()
    [equation] = document["equations"]
    assert equation["name"] == "rbme_2019_thigh_18cm"
    assert equation["error_mmhg"] == 15.289
    assert equation["residual_degrees_of_freedom"] == 46
    assert {entry["name"] for entry in document["unverified"]} >= {"loenneke_2015_arm"}


def test_methods_readable(cli: Cli) -> None:
    result = cli("lop", "methods")
    assert result.exit_code == 0
    assert "rbme_2019_thigh_18cm" in result.stdout
    assert "No arm equation is verified" in " ".join(result.stdout.split())


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["", "abc", "1e309", "-0", "55cm"]),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limb=st.sampled_from(["arm", "thigh", "leg", ""]),
    width=numbers,
    circumference=numbers,
    sbp=numbers,
    dbp=st.one_of(st.none(), numbers),
    age=st.one_of(st.none(), numbers),
    sex=st.sampled_from([None, "male", "female", "x"]),
    posture=st.sampled_from(["supine", "seated", "standing", "lying"]),
    material=st.sampled_from(["nylon", "elastic", "rope"]),
)
def test_no_input_crashes_the_estimate_command(cli: Cli, **values: Any) -> None:
    arguments = [
        "lop", "estimate", "--limb", values["limb"], "--cuff-width-cm", values["width"],
        "--circumference-cm", values["circumference"], "--sbp", values["sbp"],
        "--posture", values["posture"], "--cuff-material", values["material"], "--json",
    ]  # fmt: skip
    for option, key in (("--dbp", "dbp"), ("--age", "age"), ("--sex", "sex")):
        if values[key] is not None:
            arguments += [option, values[key]]
    result = cli(*arguments)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        document = result.json()
        low, high = document["interval_95_mmhg"]
        assert low < document["lop_mmhg"] < high
    elif result.exit_code == 1:
        # No estimate, but never a dead end: a route can be taken now or after giving more.
        document = result.json()
        assert document["estimate"] is None
        assert document["routes"][0]["status"] in ("ready", "needs")
    else:
        one_error_line(result)


def docs_commands() -> list[tuple[str, str | None]]:
    """Return each ``$ occlusion lop ...`` line of the docs with the error or refusal under it."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    examples = []
    for index, line in enumerate(lines):
        if line.startswith("$ occlusion lop"):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            shown = following if following.startswith(("error: ", "No estimate: ")) else None
            examples.append((line.removeprefix("$ ").strip(), shown))
    return examples


def test_docs_has_examples() -> None:
    assert len(docs_commands()) >= 6


@pytest.mark.parametrize(("command", "shown_error"), docs_commands())
def test_every_docs_example_runs(
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    shown_error: str | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path))
    feed(monkeypatch, ANSWERS)
    result = cli(*command.split()[1:])
    if shown_error is None:
        assert result.exit_code == 0, (command, result.stderr)
    elif shown_error.startswith("No estimate: "):
        assert result.exit_code == 1, (command, result.stderr)
        assert result.stdout.splitlines()[0] == shown_error
    else:
        assert one_error_line(result).startswith(shown_error)


@pytest.mark.parametrize(
    ("arguments", "text"),
    [
        (("lop", "estimate", "--cuff-width-cm", "18", "--circumference-cm", "55", "--sbp", "120"),
         "--limb is required"),
        (("lop", "estimate", "--limb", "thigh", "--cuff-width-cm", "18", "--circumference-cm",
          "55"), "--sbp is required"),
        (("lop", "measure", "--limb", "thigh", "--cuff-width-cm", "11"), "--side is required"),
        (("lop", "measure", "--limb", "thigh", "--side", "left"), "cuff width is required"),
    ],
)  # fmt: skip
def test_missing_required_options_are_one_error_line(
    cli: Cli, arguments: tuple[str, ...], text: str
) -> None:
    assert text in one_error_line(cli(*arguments))


def test_estimate_can_be_kept_in_a_training_log(cli: Cli, log_dir: Path) -> None:
    added = cli("person", "add", "--name", "Ana Silva", "--json")
    person = added.json()["short_id"]
    result = cli(*ESTIMATE, "--person", person, "--side", "left", "--json")
    assert result.exit_code == 0, result.stderr
    [record] = cli("person", "show", person, "--json").json()["lop"]
    assert record["source"] == "estimated"
    assert record["side"] == "left"
    assert record["lop_mmhg"] == pytest.approx(result.json()["lop_mmhg"])
    assert record["interval_low_mmhg"] == pytest.approx(result.json()["interval_95_mmhg"][0])
    no_side = cli(*ESTIMATE, "--person", person)
    assert "--side is required" in one_error_line(no_side)
    assert len(cli("person", "show", person, "--json").json()["lop"]) == 1


@pytest.mark.parametrize("age", ["14", "70"])
def test_estimate_outside_the_studied_population_is_refused_and_routed_to_measurement(
    cli: Cli, age: str
) -> None:
    arguments = list(ESTIMATE)
    arguments[arguments.index("--age") + 1] = age
    result = cli(*arguments, "--json")
    assert result.exit_code == 1
    refusal = result.json()["refusal"]
    assert "covers ages 18-33.71 years as this project reads its sample" in refusal["message"]
    assert "age 23.23 ± 5.24 years" in refusal["message"]
    assert "5-year policy margin (18-38.71 years)" in refusal["message"]
    assert refusal["fields"]["margin_basis"] == "policy"
    readable = " ".join(cli(*arguments).stdout.split())
    assert "policy margin (18-38.71 years)" in readable
    # The studied range is said to be derived: the paper gives only "adults" and 23.23 ± 5.24.
    assert "taken as 18-33.71 years (adults up to the sample's mean + 2 SD, derived)" in readable
    minor = "under 18, 'occlusion screen' first decides whether blood-flow-restriction training"
    assert (minor in readable) == (age == "14")
    assert "occlusion lop measure --limb thigh" in readable


def test_methods_say_the_cuff_width_is_an_interpretation(cli: Cli) -> None:
    result = cli("lop", "methods")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Cuff width: interpretation" in text
    document = cli("lop", "methods", "--json").json()
    assert document["equations"][0]["cuff_width_basis"].startswith("interpretation")
