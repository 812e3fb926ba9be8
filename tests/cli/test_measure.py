from __future__ import annotations

import pytest

from tests.cli.log_fixtures import log_dir

__all__ = ["log_dir"]


@pytest.fixture
def person(cli, log_dir) -> str:  # type: ignore[no-untyped-def]
    return cli("person", "add", "--name", "Ana", "--sex", "female", "--birth-year", "1995",
               "--json").json()["short_id"]


def test_measurements_round_trip(cli, person) -> None:  # type: ignore[no-untyped-def]
    bp = cli("measure", "bp", "--person", person, "--systolic", "16", "--diastolic", "10",
             "--unit", "kPa", "--json")
    assert bp.exit_code == 0, bp.stderr
    assert bp.json()["systolic_mmhg"] == pytest.approx(120.0, abs=0.1)
    limb = cli("measure", "limb", "--person", person, "--limb", "thigh", "--side", "left",
               "--circumference", "22", "--unit", "in", "--json").json()
    assert limb["circumference_cm"] == pytest.approx(55.88)
    estimated = cli("measure", "lop", "--person", person, "--limb", "thigh", "--side", "left",
                    "--cuff-width-cm", "18", "--json")
    assert estimated.exit_code == 0, estimated.stderr
    document = estimated.json()
    assert document["source"] == "estimated"
    assert document["interval_low_mmhg"] < document["lop_mmhg"] < document["interval_high_mmhg"]
    assert document["warnings"]
    manual = cli("measure", "lop", "--person", person, "--limb", "arm", "--side", "right",
                 "--cuff-width-cm", "5", "--mode", "manual", "--lop-mmhg", "135",
                 "--method", "pulse-oximeter")
    assert manual.exit_code == 0 and "135 mmHg" in manual.stdout
    # Where the method is chosen, what is published on it (Zeng 2019: agreed on the arm).
    said = " ".join(manual.stdout.split())
    assert "What is published on this method" in said
    assert "pulse oximeter on the arm (12 cm cuff): agreed with ultrasound; n = 94" in said
    shown = cli("person", "show", person, "--json").json()
    assert len(shown["lop"]) == 2 and len(shown["limbs"]) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("bp", "--systolic", "400"), "systolic"),
        (("bp", "--systolic", "120", "--diastolic", "130"), "below systolic"),
        (("limb", "--limb", "thigh", "--side", "left", "--circumference", "500"), "thigh"),
        (("limb", "--limb", "tail", "--side", "left", "--circumference", "50"), "limb"),
        (("lop", "--limb", "arm", "--side", "left", "--cuff-width-cm", "5"), "circumference"),
        (("lop", "--limb", "arm", "--side", "left", "--cuff-width-cm", "5", "--mode",
          "manual"), "--lop-mmhg"),
        (("lop", "--limb", "arm", "--side", "left", "--cuff-width-cm", "5", "--mode", "guess"),
         "unknown mode"),
    ],
)
def test_bad_measurements(cli, person, arguments, message) -> None:  # type: ignore[no-untyped-def]
    command, *rest = arguments
    result = cli("measure", command, "--person", person, *rest)
    assert result.exit_code == 2
    assert message in result.stderr
    shown = cli("person", "show", person, "--json").json()
    assert shown["blood_pressure"] == shown["limbs"] == shown["lop"] == []


def test_arm_estimate_refused_with_advice(cli, person) -> None:  # type: ignore[no-untyped-def]
    cli("measure", "bp", "--person", person, "--systolic", "120", "--diastolic", "80")
    cli("measure", "limb", "--person", person, "--limb", "arm", "--side", "left",
        "--circumference", "30")
    result = cli("measure", "lop", "--person", person, "--limb", "arm", "--side", "left",
                 "--cuff-width-cm", "5")
    assert result.exit_code == 2
    assert "Measure LOP instead" in result.stderr


def _answers_for(true_lop_mmhg: float) -> str:
    from occlusion.science.lop import advance, start_measurement

    state = start_measurement(limb="arm", posture="seated", detection="pulse-oximeter")
    answers = []
    while not state.finished:
        if state.step.kind == "pulse-check":
            pressure = state.step.target_pressure_mmhg or 0.0
            answer = "y" if pressure < true_lop_mmhg else "n"
        else:
            answer = ""
        answers.append(answer)
        state = advance(state, answer)
    return "\n".join(answers) + "\n"


def test_guided_walk_through_records_the_measured_lop(cli, person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    script = _answers_for(143.0)
    monkeypatch.setattr(sys, "stdin", io.StringIO("maybe\n" + script))
    result = cli("measure", "lop", "--person", person, "--limb", "arm", "--side", "left",
                 "--cuff-width-cm", "5", "--mode", "walk-through", "--method",
                 "pulse-oximeter", "--json")
    assert result.exit_code == 0, result.stderr
    record = result.json()
    assert record["lop_mmhg"] == 150.0, "the lowest 10 mmHg step without a pulse"
    assert record["details"]["walk_through"]["outcome"] == "occluded"
    assert "not understood" in result.stderr
    said = " ".join(result.stderr.split())
    assert "pulse oximeter on the thigh (12 cm cuff): did not agree with ultrasound" in said
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nstop\n"))
    stopped = cli("measure", "lop", "--person", person, "--limb", "arm", "--side", "left",
                  "--cuff-width-cm", "5", "--mode", "walk-through")
    assert stopped.exit_code == 2 and "nothing was recorded" in stopped.stderr
    assert len(cli("person", "show", person, "--json").json()["lop"]) == 1


def test_device_mode_with_the_simulated_cuff_shows_but_does_not_record(cli, person) -> None:  # type: ignore[no-untyped-def]
    arguments = ("measure", "lop", "--person", person, "--limb", "thigh", "--side", "left",
                 "--cuff-width-cm", "11.5", "--mode", "device")
    page = cli(*arguments)
    assert page.exit_code == 0, page.stderr
    text = " ".join(page.stdout.split())
    assert "Simulated cuff" in text and "Not recorded" in text
    document = cli(*arguments, "--json").json()
    assert document["simulated"] is True and document["saved"] is None
    assert document["lop_mmhg"] > 60
    shown = cli("person", "show", person, "--json")
    assert shown.exit_code == 0, shown.stderr
    assert '"device"' not in shown.stdout
    bad = cli(*arguments, "--device", "bluetooth")
    assert bad.exit_code == 2 and "unknown device" in bad.stderr


def test_retire_an_lop_and_use_it_again(cli, person) -> None:  # type: ignore[no-untyped-def]
    cli("measure", "limb", "--person", person, "--limb", "arm", "--side", "right",
        "--circumference", "29")
    cli("measure", "lop", "--person", person, "--limb", "arm", "--side", "right",
        "--cuff-width-cm", "5", "--mode", "manual", "--lop-mmhg", "150")
    shown = cli("person", "show", person)
    lop_id = cli("person", "show", person, "--json").json()["lop"][0]["id"]
    short = lop_id.replace("-", "")[-8:]
    assert f"id {short}" in shown.stdout and "retired" not in shown.stdout
    retired = cli("measure", "retire-lop", "--person", person, "--lop", short)
    assert retired.exit_code == 0, retired.stderr
    assert "retired the right arm LOP 150 mmHg" in retired.stdout
    assert "retired 20" in cli("person", "show", person).stdout
    assert cli("person", "show", person, "--json").json()["lop"][0]["retired_at"]
    again = cli("measure", "retire-lop", "--person", person, "--lop", short)
    assert again.exit_code == 2 and "retired already" in again.stderr
    restored = cli("measure", "retire-lop", "--person", person, "--lop", short, "--restore",
                   "--json")
    assert restored.exit_code == 0 and restored.json()["retired_at"] is None
    unknown = cli("measure", "retire-lop", "--person", person, "--lop", "ffff0000")
    assert unknown.exit_code == 2
    assert "occlusion person show" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
