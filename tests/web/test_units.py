"""A person's units hold on every page: an imperial athlete types and reads pounds and inches.

Storage and exports keep kilograms and centimetres; a coach reads the athlete in the coach's
own units.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from occlusion.units import KG_PER_POUND
from tests.web.conftest import Browser, athlete_ready, sign_up


def imperial_athlete(browser: Browser) -> str:
    """Return the person id of a ready athlete who chose imperial on the profile page."""
    person = str(athlete_ready(browser)["person_id"])
    saved = browser.form(
        f"/people/{person}/profile",
        {"sex": "female", "birth_year": "1995", "body_mass": "141", "preferred_units": "imperial"},
    )
    assert saved.status_code == 303, saved.text
    return person


def log_a_set_in_pounds(browser: Browser, person: str, load_lb: str = "135") -> dict[str, Any]:
    base = f"/api/people/{person}/session"
    assert browser.post(f"{base}/start").status_code == 200
    assert browser.post(f"{base}/confirm").status_code == 200
    logged = browser.post(
        f"{base}/log", json={"reps": 30, "load": float(load_lb), "load_unit": "lb", "rpe": 7}
    )
    assert logged.status_code == 200, logged.text
    assert browser.post(f"{base}/stop").status_code == 200
    return dict(logged.json())


def test_an_imperial_athlete_logs_in_pounds_and_reads_pounds_everywhere(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = imperial_athlete(browser)
    assert "<dt>Body mass</dt><dd>141 lb</dd>" in browser.get(f"/people/{person}").text
    # The session page says the load is in pounds and the target load is converted there.
    session_page = browser.get(f"/people/{person}/session").text
    assert 'data-mass-unit="lb"' in session_page and "Load (lb)" in session_page
    assert f'data-kg-per-unit="{KG_PER_POUND}"' in session_page
    logged = log_a_set_in_pounds(browser, person)
    session_id = logged["session_id"]

    history = browser.get(f"/people/{person}/history").text
    assert "at 135 lb" in history and " kg" not in history
    assert "Volume (lb)" in history and "Volume load per session (lb)" in history
    chart = re.search(r'id="progress-data" data-mass-unit="(\w+)">(.*?)</script>', history)
    assert chart is not None and chart.group(1) == "lb"
    assert '"volume_load": 4050.0' in chart.group(2)  # 30 reps × 135 lb, in pounds
    assert "<td>4,050</td>" in history

    summary = browser.get(f"/people/{person}/sessions/{session_id}").text
    assert "4,050 lb (load × reps)" in summary and "135 lb" in summary and " kg" not in summary

    # The correction form shows exactly what was typed.
    set_id = re.search(rf"/people/{person}/sets/([0-9a-f-]+)", history)
    assert set_id is not None
    correction = browser.get(f"/people/{person}/sets/{set_id.group(1)}").text
    assert 'name="load" type="text" inputmode="decimal" value="135"' in correction
    assert '<option value="lb" selected>' in correction

    # Storage and the exports keep kilograms.
    api_sets = browser.get(f"/api/people/{person}/history").json()["sessions"][0]
    stored = api_sets["exercises"][0]["sets"][0]
    assert stored["load_kg"] == pytest.approx(135 * KG_PER_POUND, abs=1e-9)
    exported = browser.get(f"/people/{person}/export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert float(rows[0]["load_kg"]) == pytest.approx(61.235, abs=1e-3)
    assert rows[0]["load_entered_unit"] == "lb"


def test_measurements_and_the_plan_are_in_inches_and_pounds(new_browser: Any) -> None:
    browser = new_browser()
    person = imperial_athlete(browser)
    measurements = browser.get(f"/people/{person}/measurements").text
    assert "55 cm" not in measurements and "21.7 in" in measurements  # 55 cm thigh
    assert '<option value="in" selected>' in measurements
    estimated = browser.form(
        f"/people/{person}/lop/estimate",
        {
            "limb": "thigh",
            "side": "right",
            "posture": "seated",
            "cuff_width_cm": "18",
            "cuff_material": "nylon",
        },
    )
    # Read in inches first, with the centimetres a cuff's label may state.
    assert "7.1 in (18 cm) nylon" in estimated.text
    assert "7.1 in (18 cm) cuff" in browser.get(f"/people/{person}/measurements").text
    plan_form = browser.get(f"/people/{person}/plan").text
    assert "one-rep max (lb)" in plan_form and "Wrap length (in, wraps)" in plan_form
    assert "Machine stack, 5 lb steps" in plan_form
    written = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap",
            "width_cm": "7.5",
            "length": "79",
            "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15",
            "posture": "seated",
            "exercise_1_name": "Leg press",
            "exercise_1_limb": "thigh",
            "exercise_1_one_rep_max": "260",
            "exercise_1_load_equipment": "stack",
        },
    )
    assert written.status_code == 303, written.text
    plan = browser.get(f"/people/{person}/plan").text
    # 30 % of 260 lb is 78 lb; the 5 lb stack makes 75 or 80 lb, and 80 lb is nearer.
    assert "Leg press</strong>: 30-15-15-15+ to failure, 80 lb</li>" in plan
    # The wrap marks: one thigh circumference (55 cm = 21.7 in) apart.
    assert "A and B 21.7 in apart" in plan
    barbell = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap",
            "width_cm": "7.5",
            "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15",
            "posture": "seated",
            "exercise_1_name": "Squat",
            "exercise_1_limb": "thigh",
            "exercise_1_one_rep_max": "300",
            "exercise_1_load_equipment": "barbell",
        },
    )
    assert barbell.status_code == 303, barbell.text
    # 30 % of 300 lb = 90 lb: the 45 lb bar with 10 + 10 + 2.5 lb on each side.
    assert "90 lb (each side: 10 lb + 10 lb + 2.5 lb)" in browser.get(f"/people/{person}/plan").text


def test_bounds_are_checked_and_said_in_the_persons_units(new_browser: Any) -> None:
    browser = new_browser()
    person = imperial_athlete(browser)
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    refused = browser.post(f"{base}/log", json={"reps": 10, "load": 2205, "load_unit": "lb"})
    assert refused.status_code == 400
    assert refused.json()["field"] == "load"
    assert refused.json()["message"] == "Load must be a number from 0 to 2,200 lb."
    accepted = browser.post(f"{base}/log", json={"reps": 10, "load": 2200, "load_unit": "lb"})
    assert accepted.status_code == 200, accepted.text
    too_heavy = browser.form(
        f"/people/{person}/profile",
        {"sex": "female", "birth_year": "1995", "body_mass": "772", "preferred_units": "imperial"},
    )
    assert too_heavy.status_code == 400
    assert "Body mass must be from 56 to 770 lb, such as 155." in too_heavy.text
    circumference = browser.form(
        f"/people/{person}/measurements/limb",
        {"limb": "thigh", "side": "right", "circumference": "3", "unit": "in"},
    )
    # 25 to 110 cm is 9.84 to 43.31 in; the example is a 55 cm thigh, 22 in.
    assert circumference.status_code == 400
    assert "Circumference must be from 9.9 to 43.3 in, such as 22." in circumference.text


def test_a_coach_reads_an_imperial_athlete_in_the_coachs_units(new_browser: Any) -> None:
    athlete = new_browser()
    person = imperial_athlete(athlete)
    log_a_set_in_pounds(athlete, person, "132.5")
    coach = new_browser()
    account = sign_up(coach, "coach", "Cora Coach")
    assert athlete.post("/api/me/grants", json={"email": account["email"]}).status_code == 202
    # A coach reads metric until they choose otherwise on the account page.
    assert "at 60.1 kg" in coach.get(f"/people/{person}/history").text
    chosen = coach.form("/account/units", {"units": "imperial"})
    assert chosen.status_code == 200 and "pounds and inches" in chosen.text
    assert "at 132.5 lb" in coach.get(f"/people/{person}/history").text
    # The coach's choice is the coach's own: the athlete's profile keeps its units.
    assert "at 132.5 lb" in athlete.get(f"/people/{person}/history").text
    coach.form("/account/units", {"units": "metric"})
    assert "at 60.1 kg" in coach.get(f"/people/{person}/history").text
    assert "at 132.5 lb" in athlete.get(f"/people/{person}/history").text


@pytest.mark.parametrize("route", ["form", "api"])
def test_an_imperial_body_mass_reads_on_the_record_overview(new_browser: Any, route: str) -> None:
    browser = new_browser()
    sign_up(browser, "athlete", "Ada Athlete")
    if route == "form":
        made = browser.form(
            "/onboarding/profile",
            {"sex": "female", "birth_year": "1990", "body_mass": "150",
             "preferred_units": "imperial"},
        )
        assert made.status_code == 303, made.text
    else:
        made = browser.post(
            "/api/me/profile",
            json={"sex": "female", "birth_year": 1990, "body_mass": 150,
                  "preferred_units": "imperial"},
        )
        assert made.status_code == 201, made.text
    overview = browser.get("/me").text
    assert re.search(r"<dt>Body mass</dt><dd>150 lb</dd>", overview), overview[-3000:]


def test_an_imperial_reader_types_cuff_widths_in_inches_everywhere(new_browser: Any) -> None:
    browser = new_browser()
    person = imperial_athlete(browser)
    base = f"/people/{person}"
    # The LOP step: the width is asked in inches, with its bounds and example in inches.
    measurements = browser.get(f"{base}/measurements").text
    assert "Cuff width (in)" in measurements and 'name="cuff_width"' in measurements
    step = browser.get(
        f"{base}/lop",
        params={"limb": "thigh", "side": "right", "equipment": "cuff", "cuff_width": "7"},
    )
    assert step.status_code == 200, step.text
    assert "with the 7.0 in (17.8 cm) nylon" in step.text  # 7 in is 17.78 cm, stored
    assert 'name="cuff_width" type="text" inputmode="decimal" value="7"' in step.text
    # A link that carries centimetres opens the field in inches.
    carried = browser.get(
        f"{base}/lop",
        params={"limb": "thigh", "side": "right", "equipment": "cuff", "cuff_width_cm": "18"},
    ).text
    assert 'name="cuff_width" type="text" inputmode="decimal" value="7.09"' in carried
    for typed, message in (
        ("0.5", "Cuff width must be from 0.8 to 11.8 in, such as 2."),
        ("12", "Cuff width must be from 0.8 to 11.8 in, such as 2."),
        ("two", "Cuff width must be a number from 0.8 to 11.8 in, such as 2."),
        ("", "Enter the width of the cuff&#39;s inflatable part, in inches."),
    ):
        refused = browser.get(
            f"{base}/lop",
            params={"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width": typed},
        )
        assert refused.status_code == 400, typed
        assert message in refused.text, (typed, message)
        assert f'value="{typed}"' in refused.text
    # The guided measurement asks the width first, in inches, and carries centimetres on.
    guided = browser.get(
        f"{base}/lop/guided",
        params={"cuff_width": "4.5", "limb": "arm", "side": "left", "posture": "seated",
                "detection": "doppler", "cuff_material": "nylon", "start": "1"},
    )
    assert guided.status_code == 200, guided.text
    assert "4.5 in (11.4 cm) cuff" in guided.text
    assert 'name="cuff_width_cm" value="11.43"' in guided.text
    setup = browser.get(f"{base}/lop/guided").text
    assert "First: the cuff&#39;s width (in)" in setup or "First: the cuff's width (in)" in setup
    # A measured LOP posted from the pages (the width carried in cm) is stored in cm.
    saved = browser.form(
        f"{base}/lop/measured",
        {"limb": "arm", "side": "left", "posture": "seated", "cuff_width_cm": "11.43",
         "cuff_material": "nylon", "lop_mmhg": "150", "method": "doppler"},
    )
    assert saved.status_code == 303, saved.text
    lops = browser.get(f"/api/people/{person}/measurements").json()["lop"]
    assert any(abs(lop["cuff_width_cm"] - 11.43) < 1e-9 for lop in lops)
    # The plan form: the band or cuff width in inches, its default a round number of inches.
    plan_form = browser.get(f"{base}/plan").text
    assert "Band or cuff width (in)" in plan_form
    assert 'name="width" type="text" inputmode="decimal" value="3"' in plan_form
    assert " cm" not in re.sub(r"<[^>]+>", " ", plan_form.split('id="new"')[1])
    refused = browser.form(
        f"{base}/plan",
        {"equipment_kind": "cuff", "width": "40", "goal": "hypertrophy",
         "protocol": "resistance-30-15-15-15", "posture": "seated",
         "exercise_1_name": "Biceps curl"},
    )
    assert refused.status_code == 400
    assert "Width must be from 0.8 to 11.8 in, such as 2." in refused.text
    assert 'value="40"' in refused.text
    written = browser.form(
        f"{base}/plan",
        {"equipment_kind": "wrap", "width": "2", "length": "79", "goal": "hypertrophy",
         "protocol": "resistance-30-15-15-15", "posture": "seated",
         "exercise_1_name": "Leg press"},
    )
    # Without its one-rep max the exercise is asked for it beside the field, in pounds.
    assert written.status_code == 400
    assert (
        'id="exercise_1_one_rep_max-error">Enter the one-rep max of Leg press, from 2 to '
        "2200 lb: the plan sets the load from it." in written.text
    )
    assert "Profile field" not in written.text
    written = browser.form(
        f"{base}/plan",
        {"equipment_kind": "wrap", "width": "2", "length": "79", "goal": "hypertrophy",
         "protocol": "resistance-30-15-15-15", "posture": "seated",
         "exercise_1_name": "Leg press", "exercise_1_one_rep_max": "220"},
    )
    assert written.status_code == 303, written.text
    plan = browser.get(f"/api/people/{person}/plan").json()
    assert plan["prescription"]["limbs"][0]["wrap"]["width_cm"] == pytest.approx(5.08)


def test_a_metric_reader_types_cuff_widths_in_cm(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    step = browser.get(
        f"/people/{person}/lop",
        params={"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width": "1"},
    )
    assert step.status_code == 400
    assert "Cuff width must be from 2 to 30 cm, such as 5." in step.text
    assert "Band or cuff width (cm)" in browser.get(f"/people/{person}/plan").text


def test_a_plan_written_in_cm_reads_in_inches_after_the_switch(new_browser: Any) -> None:
    """The wraps' steps are written from the plan's stored centimetres when shown."""
    browser = new_browser()
    person = str(athlete_ready(browser)["person_id"])
    metric = browser.get(f"/people/{person}/plan").text
    assert "Make mark B exactly 55.0 cm from A (one circumference)." in metric
    browser.form(
        f"/people/{person}/profile",
        {"sex": "female", "birth_year": "1995", "body_mass": "141", "preferred_units": "imperial"},
    )
    steps = re.findall(r"<li>([^<]*)</li>", browser.get(f"/people/{person}/plan").text)
    assert "Make mark B exactly 21.7 in from A (one circumference)." in steps
    assert not [step for step in steps if re.search(r"\d cm\b", step)], steps


def test_an_lop_route_names_the_cuff_in_the_readers_units(new_browser: Any) -> None:
    browser = new_browser()
    person = imperial_athlete(browser)
    step = browser.get(
        f"/people/{person}/lop",
        params={"limb": "thigh", "side": "right", "equipment": "cuff", "cuff_width": "2"},
    )
    assert step.status_code == 200, step.text
    assert "A 2.0 in (5.1 cm) cuff on the thigh cannot be estimated usefully" in step.text
    assert "5.08 cm" not in step.text
