"""``occlusion simulate``: the CLI contract, figures, and one-line errors for bad input."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import CliResult

Cli = Callable[..., CliResult]
PERSON = (
    "--limb", "thigh", "--cuff-width-cm", "13.5", "--circumference-cm", "55",
    "--sbp", "120", "--dbp", "70",
)


def test_aop_json(cli: Cli) -> None:
    result = cli("simulate", "aop", *PERSON, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["lop_mmhg"] == pytest.approx(144.0, abs=0.1)
    assert 0 < document["transmitted_fraction"] <= 1
    assert document["references"] and "not a medical device" in document["disclaimer"]


def test_aop_seated_is_higher_and_elastic_depends_on_the_limb(cli: Cli) -> None:
    supine = cli("simulate", "aop", *PERSON, "--json").json()["lop_mmhg"]
    seated = cli("simulate", "aop", *PERSON, "--posture", "seated", "--json").json()["lop_mmhg"]
    assert seated / supine == pytest.approx(203 / 179, abs=0.01)
    thigh_elastic = cli(
        "simulate", "aop", *PERSON, "--cuff-material", "elastic", "--json"
    ).json()["lop_mmhg"]
    assert thigh_elastic == pytest.approx(supine)  # Loenneke 2013: no difference on the thigh
    arm = ("--limb", "arm", "--cuff-width-cm", "5", "--circumference-cm", "30", "--sbp", "120",
           "--dbp", "70", "--json")
    nylon = cli("simulate", "aop", *arm).json()["lop_mmhg"]
    elastic = cli("simulate", "aop", *arm, "--cuff-material", "elastic").json()["lop_mmhg"]
    assert elastic / nylon == pytest.approx(246 / 139)  # Buckner 2017, arm


def test_aop_readable_page(cli: Cli) -> None:
    result = cli("simulate", "aop", *PERSON)
    assert result.exit_code == 0
    assert "144 mmHg" in result.stdout and "not a medical device" in result.stdout


def test_flow_by_pressures_json(cli: Cli) -> None:
    # In the first minute the veins are still filling: outflow at 80 % LOP has not resumed.
    result = cli("simulate", "flow", *PERSON, "--pressures-mmhg", "0", "57.6", "115.2",
                 "--reading-time-s", "60", "--json")
    assert result.exit_code == 0, result.stderr
    points = result.json()["points"]
    assert [round(p["pct_lop"]) for p in points] == [0, 40, 80]
    assert set(points[0]) >= {
        "pressure_mmhg", "pct_lop", "arterial_inflow_pct", "venous_outflow_pct"
    }
    assert points[0]["arterial_inflow_pct"] == pytest.approx(100.0)
    assert points[1]["venous_outflow_pct"] > 5 and points[2]["venous_outflow_pct"] < 5


def test_flow_gives_the_share_of_lop_with_its_band_among_people_like_the_person(cli: Cli) -> None:
    document = cli("simulate", "flow", *PERSON, "--pct-lop", "80", "--json").json()
    (point,), (band,) = document["points"], document["bands"]
    share = band["pct_lop"]
    assert point["pct_lop"] == pytest.approx(80.0)
    assert share["p5"] < point["pct_lop"] < share["p95"]
    text = cli("simulate", "flow", *PERSON, "--pct-lop", "80").stdout
    row = next(line for line in text.splitlines() if re.search(r"\b80\b", line))
    assert f"{share['p5']:.0f}-{share['p95']:.0f}" in row


def test_flow_and_session_carry_the_band_of_the_occlusion_pressure(cli: Cli) -> None:
    aop = cli("simulate", "aop", *PERSON, "--json").json()
    flow = cli("simulate", "flow", *PERSON, "--pct-lop", "40", "80", "--json").json()
    session = cli("simulate", "session", *PERSON, "--pct-lop", "60", "--json").json()
    for document in (flow, session):
        assert document["lop_band_mmhg"] == aop["lop_band_mmhg"]
    band = aop["lop_band_mmhg"]
    assert band["p5"] < aop["lop_mmhg"] < band["p95"]
    # Every session output a person reads has its band, at the gauge's pressure for everyone.
    assert set(session["bands"]) >= {
        "pooled_volume_ml", "swelling_pct", "min_tissue_saturation_pct", "peak_lactate_mmol_l",
        "mean_inflow_in_sets_pct", "peak_hyperaemia_pct",
    }
    assert "same cuff pressure" in session["band_basis"]
    assert len(flow["bands"]) == len(flow["points"]) == 2
    words = f"people like you {band['p5']:.0f}-{band['p95']:.0f}"
    for command in (("flow", "--pct-lop", "40"), ("session", "--pct-lop", "60")):
        text = cli("simulate", *command, *PERSON).stdout
        assert words in " ".join(text.split()), command


def test_a_cohort_says_its_session_outputs_in_words_in_memory_and_in_chunks(cli: Cli) -> None:
    cohort = ("simulate", "cohort", "--n", "200", "--protocol", "30-15-15-15", "--pct-lop", "50")
    for extra in ((), ("--workers", "1")):
        result = cli(*cohort, *extra)
        assert result.exit_code == 0, result.stderr
        text = " ".join(result.stdout.split())
        assert re.search(r"pooled blood \(peak\) median \d+ ml \(90 % of people \d+-\d+\)", text)
        assert "lowest tissue O2 saturation median" in text
        assert "pooled_volume_ml" not in text and "peak_hyperaemia_pct" not in text, extra


def test_flow_by_pct_lop_with_plot(cli: Cli, tmp_path: Path) -> None:
    figure = tmp_path / "flow.svg"
    result = cli("simulate", "flow", *PERSON, "--pct-lop", "40", "100", "--plot", str(figure))
    assert result.exit_code == 0, result.stderr
    assert figure.read_text().startswith("<?xml")
    assert "(none)" in result.stdout


def test_flow_of_a_wrap_uses_the_laplace_upper_bound(cli: Cli) -> None:
    from occlusion.science.bands import laplace_pressure_mmhg

    arm = ("--limb", "arm", "--cuff-width-cm", "5", "--circumference-cm", "30", "--sbp", "120",
           "--dbp", "70", "--cuff-material", "elastic")
    result = cli("simulate", "flow", *arm, "--wrap-tension-n", "30", "--wrap-layers", "2",
                 "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    expected = laplace_pressure_mmhg(tension_n=30, layers=2, circumference_cm=30, width_cm=5)
    assert document["wrap_pressure_upper_bound_mmhg"] == pytest.approx(expected)
    assert document["points"][0]["pressure_mmhg"] == pytest.approx(expected)
    both = cli("simulate", "flow", *arm, "--wrap-tension-n", "30", "--pct-lop", "40")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_session_json_and_plot(cli: Cli, tmp_path: Path) -> None:
    figure = tmp_path / "session.png"
    result = cli(
        "simulate", "session", "--protocol", "30-15-15-15", "--pct-lop", "60", *PERSON,
        "--load-pct-1rm", "30", "--json", "--series", "--plot", str(figure),
    )
    assert result.exit_code == 0, result.stderr
    document = result.json()
    for key in ("pooled_volume_ml", "swelling_pct", "min_tissue_saturation_pct",
                "peak_lactate_mmol_l"):
        assert document[key] > 0
    assert len(document["series"]["time_s"]) == len(document["series"]["pooled_volume_ml"])
    # Each series carries the band of people like the person, on the same times.
    for name, band in document["series_bands"].items():
        assert len(band["p5"]) == len(band["p95"]) == len(document["series"]["time_s"]), name
        assert all(low <= high for low, high in zip(band["p5"], band["p95"], strict=True))
    assert figure.read_bytes()[:4] == b"\x89PNG"


def test_session_without_restriction_and_intermittent(cli: Cli) -> None:
    free = cli("simulate", "session", "--pct-lop", "0", "--json").json()
    intermittent = cli("simulate", "session", "--pct-lop", "60", "--intermittent", "--json").json()
    assert free["cuff_pressure_mmhg"] == 0
    assert intermittent["intermittent"] is True
    assert intermittent["pooled_volume_ml"] > free["pooled_volume_ml"]


def test_session_at_an_absolute_pressure(cli: Cli) -> None:
    by_pressure = cli("simulate", "session", *PERSON, "--pressure-mmhg", "100", "--json").json()
    assert by_pressure["cuff_pressure_mmhg"] == pytest.approx(100.0)
    assert by_pressure["pct_lop"] == pytest.approx(100.0 * 100.0 / by_pressure["lop_mmhg"])
    by_pct = cli(
        "simulate", "session", *PERSON, "--pct-lop", str(by_pressure["pct_lop"]), "--json"
    ).json()
    assert by_pct["pooled_volume_ml"] == pytest.approx(by_pressure["pooled_volume_ml"])


def test_cohort_json(cli: Cli, tmp_path: Path) -> None:
    figure = tmp_path / "cohort.png"
    result = cli(
        "simulate", "cohort", "--n", "400", "--seed", "3", "--limb", "arm", "--cuff-width-cm",
        "5", "--cuff-material", "elastic", "--pressure-mmhg", "300", "--wrap-tension-n", "20",
        "--protocol", "30-15-15-15", "--json", "--plot", str(figure),
    )
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["n"] == 400 and document["seed"] == 3
    assert 0.0 <= document["probability_artery_closed"] <= 1.0
    assert document["lop_mmhg"]["p5"] < document["lop_mmhg"]["p95"]
    assert "swelling_pct" in document["session"]
    assert figure.exists()
    again = cli(
        "simulate", "cohort", "--n", "400", "--seed", "3", "--limb", "arm", "--cuff-width-cm",
        "5", "--cuff-material", "elastic", "--json",
    ).json()
    assert again["lop_mmhg"] == document["lop_mmhg"]


def test_cohort_in_chunks_is_the_same_on_one_and_two_processes(cli: Cli) -> None:
    arguments = ("simulate", "cohort", "--n", "20001", "--seed", "5", "--pressure-mmhg", "150",
                 "--json")  # fmt: skip
    one = cli(*arguments, "--workers", "1")
    assert one.exit_code == 0, one.stderr
    two = cli(*arguments, "--workers", "2").json()
    first = one.json()
    assert first.pop("execution")["workers"] == 1
    assert two.pop("execution")["workers"] == 2
    assert first == two
    assert first["method"]["chunks"] == 3
    assert 0.0 < first["probability_artery_closed"] < 1.0


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        (("--workers", "2", "--scheduler", "tcp://127.0.0.1:1"), "not both"),
        (("--workers", "2", "--plot", "x.png"), "every person kept in memory"),
        (("--workers", "-1"), "workers must be"),
        (("--workers", "1", "--n", "200000000"), "cohort size"),
        # Dask itself answers these with a bare ValueError: refused before it is asked.
        (("--scheduler", "bogus"), "not a scheduler address"),
        (("--scheduler", "tcp://10.0.0.5"), "not a scheduler address"),
        (("--scheduler", "tcp://10.0.0.5:99999"), "not a scheduler address"),
    ],
)
def test_cohort_in_chunks_refuses_bad_combinations(
    cli: Cli, extra: tuple[str, ...], text: str
) -> None:
    result = cli("simulate", "cohort", *extra)
    assert result.exit_code == 2
    assert text in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_scheduler_that_does_not_answer_is_one_line(cli: Cli) -> None:
    # Port 1 on this machine: nothing listens, so the connection is refused or times out.
    result = cli("simulate", "cohort", "--n", "10", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no Dask scheduler answered")
    assert result.stderr.count("\n") == 1, result.stderr


def test_validate_writes_report_and_figures(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "validation.md"
    result = cli(
        "simulate", "validate", "--output", str(report), "--plots-dir",
        str(tmp_path / "figures"), "--json",
    )
    assert result.exit_code == 0, result.stderr
    document = result.json()
    text = report.read_text()
    assert "| B1 | validation |" in text and "solve_ivp" in text
    assert (tmp_path / "figures" / "aop_width.png").exists()
    assert "figures/aop_width.png" in text
    assert document["validation_total"] >= 10
    agreement = re.findall(r"\| `(\w+)` \| ([0-9.e+-]+) \|", text)
    assert len(agreement) == 7
    assert all(float(value) < 0.01 for _, value in agreement), agreement


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("aop", "--limb", "thigh", "--cuff-width-cm", "13.5", "--circumference-cm", "55",
          "--sbp", "120", "--dbp", "125"), "must be below systolic"),
        (("aop", "--limb", "thigh", "--cuff-width-cm", "13.5", "--circumference-cm", "0",
          "--sbp", "120", "--dbp", "70"), "circumference 0 cm"),
        (("flow", *PERSON, "--pressures-mmhg", "-5"), "cuff pressure -5 mmHg"),
        (("flow", *PERSON, "--pressures-mmhg", "abc"), "not a number"),
        (("flow", *PERSON), "exactly one of"),
        (("flow", *PERSON, "--bogus", "3"), "unknown option '--bogus'"),
        (("flow", *PERSON, "--pct-lop", "40", "--plot", "out.pdf"), ".png or .svg"),
        (("session", "--pct-lop", "-5"), "not plausible"),
        (("session",), "exactly one of --pct-lop or --pressure-mmhg"),
        (("session", "--pct-lop", "50", "--pressure-mmhg", "100"), "exactly one of"),
        (("session", "--pressure-mmhg", "-5"), "cuff pressure -5 mmHg"),
        (("session", "--pct-lop", "50", "--protocol", "nope"), "unknown protocol"),
        (("cohort", "--n", "0"), "cohort size"),
        (("aop", "--limb", "thigh", "--cuff-width-cm", "2.5", "--circumference-cm", "55",
          "--sbp", "120", "--dbp", "70"), "validity range"),
        (("aop", "--limb", "leg", "--cuff-width-cm", "5", "--circumference-cm", "30",
          "--sbp", "120", "--dbp", "70"), "unknown limb"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli: Cli, arguments: tuple[str, ...], message: str
) -> None:
    result = cli("simulate", *arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]


@pytest.mark.parametrize(
    ("arguments", "step"),
    [
        (("flow", *PERSON, "--cuff-width-cm", "3", "--pct-lop", "50"),
         "give --cuff-width-cm from 4 to 20"),
        (("flow", *PERSON, "--circumference-cm", "30", "--fat-thickness-cm", "5.5", "--pct-lop",
          "50"),
         "give a smaller --fat-thickness-cm"),
        (("flow", *PERSON, "--pct-lop", "40", "--plot", "out.pdf"),
         "give --plot a name such as FILE.png"),
        (("flow", *PERSON, "--pct-lop", "40", "--plot", "no-such-folder/out.png"),
         "create the folder first, or give --plot another path"),
        (("cohort", "--n", "0"), "set --n from 1 to 1,000,000"),
        (("cohort", "--n", "5", "--seed", "-1"), "set --seed to 0 or more"),
        (("cohort", "--n", "5", "--workers", "-1"), "set --workers to 0 or more"),
    ],
)
def test_a_refusal_from_the_model_names_the_option_to_change(
    cli: Cli, arguments: tuple[str, ...], step: str
) -> None:
    # The physiology layer refuses with a code and fields; the command line names the option.
    result = cli("simulate", *arguments)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert step in lines[0]


DOC = Path(__file__).resolve().parents[2] / "docs" / "physiology.md"


def _documented_commands() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("occlusion")]


def test_the_user_guide_shows_every_simulate_command() -> None:
    shown = {shlex.split(command)[2] for command in _documented_commands()}
    assert shown == {"aop", "flow", "session", "cohort", "validate"}


@pytest.mark.parametrize("command", _documented_commands())
def test_documented_command_runs(command: str, cli: Cli, tmp_path: Path) -> None:
    arguments = shlex.split(command)[1:]
    # Figures and the report go to a temporary folder instead of the working directory.
    arguments = [
        str(tmp_path / argument) if argument.endswith((".png", ".svg")) else argument
        for argument in arguments
    ]
    if arguments[:2] == ["simulate", "validate"]:
        arguments += ["--output", str(tmp_path / "v.md"), "--plots-dir", str(tmp_path / "v")]
    result = cli(*arguments)
    assert result.exit_code == 0, result.stderr
    if "--json" in arguments:
        assert isinstance(result.json(), dict)


def test_flow_reads_settled_flows_by_default_as_the_web_simulator_does(cli: Cli) -> None:
    from occlusion.cli.simulate import SETTLED_READING_TIME_S
    from occlusion.physiology.parameters import model_choices

    assert SETTLED_READING_TIME_S == model_choices.SETTLED_FLOW_READING_TIME_S
    pct = ("--pct-lop", "40", "60", "80")
    document = cli("simulate", "flow", *PERSON, *pct, "--json").json()
    assert {point["reading_time_s"] for point in document["points"]} == {SETTLED_READING_TIME_S}
    # Settled, inflow falls at every step (F1); the first minute is still there on request.
    inflows = [point["arterial_inflow_pct"] for point in document["points"]]
    assert inflows == sorted(inflows, reverse=True)
    early = cli("simulate", "flow", *PERSON, *pct, "--reading-time-s", "60", "--json").json()
    assert {point["reading_time_s"] for point in early["points"]} == {60.0}
    assert "300 s after inflation" in cli("simulate", "flow", *PERSON, *pct).stdout


def test_a_cohort_too_big_for_memory_is_sent_to_the_chunked_run(cli: Cli) -> None:
    result = cli("simulate", "cohort", "--n", "2000000", "--pressure-mmhg", "150")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--workers 0" in result.stderr and "1,000,000 or fewer" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # Past the chunked run's own limit the refusal names that limit.
    huge = cli("simulate", "cohort", "--n", "200000000", "--workers", "1", "--pressure-mmhg", "1")
    assert huge.exit_code == 2 and "100,000,000" in huge.stderr


def test_a_wrap_across_a_population_runs_in_chunks_too(cli: Cli) -> None:
    wrap = ("simulate", "cohort", "--n", "3000", "--seed", "4", "--cuff-material", "elastic",
            "--cuff-width-cm", "7.5", "--wrap-tension-n", "60")
    chunked = cli(*wrap, "--workers", "1", "--json")
    assert chunked.exit_code == 0, chunked.stderr
    share = chunked.json()["wrap"]["probability_wrap_closes_artery_at_most"]
    in_memory = cli(*wrap, "--json").json()["probability_wrap_closes_artery_at_most"]
    # Different draws of the same population: the shares agree within sampling error.
    assert share == pytest.approx(in_memory, abs=0.05)
    words = " ".join(cli(*wrap, "--workers", "1").stdout.split())
    assert re.search(r"the wrap \(60 N, 2 layers\) presses at most \d+ mmHg for the median "
                     r"person .* closes the artery in at most \d+\.\d % of people", words), words
