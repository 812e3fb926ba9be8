"""The LOP step in the web app: every route for a limb and its equipment, in words."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import athlete_ready, sign_up

ARM = "limb=arm&side=left&equipment=cuff&cuff_width_cm=5&cuff_material=nylon&posture=seated"
THIGH = "limb=thigh&side=right&equipment=cuff&cuff_width_cm=18&cuff_material=nylon&posture=seated"
WRAP = "limb=thigh&side=right&equipment=wrap&cuff_width_cm=&cuff_material=nylon&posture=seated"


def text_of(html: str) -> str:
    """Return the visible text of a page, roughly (tags dropped, spaces squeezed)."""
    without_scripts = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", without_scripts).split())


def test_the_measurements_page_leads_to_the_lop_step(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/measurements")
    assert page.status_code == 200
    assert f'action="/people/{person}/lop"' in page.text
    assert "Show my ways to an LOP" in page.text
    empty = browser.get(f"/people/{person}/lop")
    assert empty.status_code == 200 and "Show my ways to an LOP" in empty.text
    assert 'id="route-' not in empty.text


def test_an_arm_cuff_shows_the_manual_and_cuff_routes_not_a_dead_end(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/lop?{ARM}")
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert "For your left arm with the 5 cm nylon (rigid) cuff" in words
    assert "No published arm equation could be checked against its paper" in words
    assert "Measure by hand, step by step" in words
    assert "Let the cuff measure LOP (simulated cuff)" in words
    assert "This server's cuff is simulated" in words.replace("&#39;", "'")
    # The ready routes come first: the connected cuff, then the hand measurement.
    order = [words.index(title) for title in (
        "Let the cuff measure it", "Measure it by hand, step by step",
        "Estimate it from a published equation",
    )]
    assert order == sorted(order)
    assert "Keep this estimate" not in words
    guided = re.search(r'href="(/people/[^"]+/lop/guided\?[^"]+)"', page.text)
    assert guided is not None and "cuff_width_cm=5&amp;" in guided.group(1)
    assert "occlusion lop" not in words and "lop.route" not in words


def test_a_covered_thigh_gets_its_estimate_in_words_and_can_keep_it(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/lop?{THIGH}")
    words = text_of(page.text)
    # Ada: female, 31 in 2026, thigh 55 cm, SBP 118: 65.290 + 61.05 + 21.004 + 35.743 - 15.968.
    assert "About 167 mmHg from the thigh equation of Cirilo-Sousa et al. (2019)" in words
    assert "rbme_2019_thigh_18cm" not in page.text
    assert "Keep this estimate" in words
    kept = browser.form(
        f"/people/{person}/lop/estimate",
        {"limb": "thigh", "side": "right", "posture": "seated", "cuff_width_cm": "18",
         "cuff_material": "nylon", "equipment": "cuff"},
    )
    assert kept.status_code == 200 and "Estimated LOP: 167 mmHg" in kept.text
    # The kept estimate names its equation as people know it, never by its identifier, and says
    # that the paper's "circumference of 18 cm" was read as the cuff's width.
    kept_words = text_of(kept.text).replace("&#39;", "'")
    assert "rbme_2019_thigh_18cm" not in kept.text
    assert "Method: the thigh equation of Cirilo-Sousa et al. (2019)." in kept_words
    assert (
        "The 18 cm cuff width of the thigh equation of Cirilo-Sousa et al. (2019) is our "
        "interpretation: the abstract describes 'a cuff with a circumference of 18 cm' for the "
        "lower limbs." in kept_words
    )
    assert kept_words.count("interpretation") == 1
    # On record with its interval in mmHg.
    on_record = text_of(browser.get(f"/people/{person}/measurements").text)
    assert re.search(r"167 mmHg \(estimated from measurements, 95 % interval \d+–\d+ mmHg\)",
                     on_record), on_record


def test_a_plan_from_an_estimate_speaks_without_identifiers(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    kept = browser.form(
        f"/people/{person}/lop/estimate",
        {"limb": "thigh", "side": "right", "posture": "seated", "cuff_width_cm": "18",
         "cuff_material": "nylon", "equipment": "cuff"},
    )
    assert kept.status_code == 200, kept.text
    written = browser.form(
        f"/people/{person}/plan",
        {"equipment_kind": "cuff", "width_cm": "18", "material": "nylon", "goal": "hypertrophy",
         "protocol": "resistance-30-15-15-15", "posture": "seated",
         "exercise_1_name": "Leg press", "exercise_1_limb": "thigh",
         "exercise_1_one_rep_max": "100"},
    )
    assert written.status_code == 303, written.text
    plan = browser.get(f"/people/{person}/plan")
    words = text_of(plan.text)
    assert "rbme_2019_thigh_18cm" not in plan.text
    assert "The source of the thigh equation of Cirilo-Sousa et al. (2019)" in words
    # The pressure's interval is in mmHg, beside the share of LOP it stands for.
    assert re.search(r"% of LOP \(95 % interval \d+–\d+ mmHg\)", words), words
    assert "This pressure comes from an estimate." in words
    assert "This pressure rests on an estimated LOP; your own LOP, with this cuff" in words


def test_wraps_are_sent_to_the_stretch_method(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/lop?{WRAP}")
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert words.index("Use the stretch method") < words.index("Measure it by hand")
    assert "they need no LOP" in words
    assert f'href="/people/{person}/plan"' in page.text
    assert "Plan your wraps by the stretch method" in words
    assert "Let the cuff measure LOP" not in words


def test_a_cuff_without_its_width_is_asked_for_beside_the_field(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/lop?{ARM.replace('cuff_width_cm=5', 'cuff_width_cm=')}")
    assert page.status_code == 400
    assert 'id="s-width-error"' in page.text
    assert "Enter the width of the cuff" in page.text
    bad = browser.get(f"/people/{person}/lop?{ARM.replace('cuff_width_cm=5', 'cuff_width_cm=abc')}")
    assert bad.status_code == 400 and 'value="abc"' in bad.text
    wrong = browser.get(f"/people/{person}/lop?{ARM.replace('limb=arm', 'limb=tail')}")
    assert wrong.status_code == 400 and "Choose the limb from the list." in wrong.text


def test_the_api_returns_codes_and_fields(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    body = {"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width_cm": 5}
    document = browser.post(f"/api/people/{person}/lop/routes", json=body).json()
    found = {route["kind"]: route for route in document["routes"]}
    assert found["estimate"]["reason"] == "lop.not-estimable.arm"
    assert found["manual"]["status"] == "ready"
    assert document["ready"] == ["device", "manual"]
    assert document["situation"]["sbp_mmhg"] == 118


def test_a_stranger_cannot_see_someone_else_s_routes(new_browser: Any) -> None:
    owner = new_browser()
    person = athlete_ready(owner)["person_id"]
    stranger = new_browser()
    sign_up(stranger, "athlete", "Stranger")
    assert stranger.get(f"/people/{person}/lop?{ARM}").status_code == 404
    assert stranger.get(f"/people/{person}/lop").status_code == 404
    assert stranger.get(f"/people/{person}/lop?limb=arm").status_code == 404
    assert stranger.get(f"/people/{person}/lop/guided?limb=arm").status_code == 404
    body = {"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width_cm": 5}
    assert stranger.post(f"/api/people/{person}/lop/routes", json=body).status_code == 404


def test_the_guided_measurement_asks_the_cuff_width_first(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    setup = browser.get(f"/people/{person}/lop/guided?limb=arm&side=left")
    assert setup.status_code == 200
    first_field = re.search(r'<(?:input|select) id="g-([a-z]+)"', setup.text)
    assert first_field is not None and first_field.group(1) == "width"
    missing = browser.get(f"/people/{person}/lop/guided?start=1&limb=arm&side=left")
    assert missing.status_code == 400 and 'id="g-width-error"' in missing.text


def test_the_guided_steps_carry_timers_and_a_step_count(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = (
        f"/people/{person}/lop/guided?start=1&cuff_width_cm=12&limb=arm&side=left"
        "&posture=seated&detection=pulse-oximeter&cuff_material=nylon"
    )
    preparation = browser.get(base)
    assert "Step 1: getting ready, 1 of 3" in text_of(preparation.text)
    # The rest before measuring is timed too (5 min, a project policy).
    assert 'data-kind="rest"' in preparation.text and 'data-hold-s="300"' in preparation.text
    assert "Start the 5 min rest" in preparation.text
    cuff_on = browser.get(f"{base}&answers=done")
    assert 'id="lop-timer"' not in cuff_on.text
    first_hold = browser.get(f"{base}&answers=done,done,done")
    words = text_of(first_hold.text)
    # SBP 118 rounds to 120: 50, 120, 160, 200, 240, 280, 300 mmHg on the way up.
    assert "Step 4: going up, pressure 1 of at most 7" in words
    assert 'data-hold-s="30"' in first_hold.text and 'data-rest-first="no"' in first_hold.text
    second = browser.get(f"{base}&answers=done,done,done,y")
    assert 'data-rest-first="yes"' in second.text and 'data-deflate-s="10"' in second.text
    assert "Step 5: going up, pressure 2 of at most 7" in text_of(second.text)
    down = browser.get(f"{base}&answers=done,done,done,y,y,n")
    assert "Step 7: coming down in 10 mmHg steps, 1" in text_of(down.text)
    done = browser.get(f"{base}&answers=done,done,done,y,y,n,y")
    assert "Measured LOP: 160 mmHg" in text_of(done.text)
    assert 'id="lop-timer"' not in done.text
    stopped = browser.get(f"{base}&answers=done,stop")
    assert "stopped before the end" in text_of(stopped.text)
    assert "Other ways to an LOP" in stopped.text
