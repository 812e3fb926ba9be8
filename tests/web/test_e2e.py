"""End to end in Debian's Chromium on a phone-sized screen: sign-up to a finished session,
the coach flow, and the accessibility basics (labels, focus, contrast)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser_support import (
    PHONE,
    chromium,
    onboard_athlete,
    phone_context,
    sign_up,
)
from tests.web.conftest import StepClock

pytestmark = pytest.mark.slow


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = phone_context(browser)
    yield context
    context.close()


def test_sign_up_to_finished_session_on_a_phone(phone: Any, site: str, clock: StepClock) -> None:
    page = phone.new_page()
    person = onboard_athlete(page, site)
    page.goto(f"{site}/people/{person}/session")
    page.get_by_role("button", name="Start session").click()
    page.locator("#live[data-step=apply]").wait_for()
    # Only what fits the step is shown: no rest to skip and no set to log while wrapping.
    assert not page.get_by_role("button", name="Skip rest").is_visible()
    assert not page.get_by_label("Reps done").is_visible()
    page.get_by_role("button", name="Wraps are on").click()
    for index, reps in enumerate((30, 15, 15, 15)):
        page.locator("#log:not([hidden])").wait_for()
        page.get_by_label("Reps done").fill(str(reps))
        page.get_by_label("Discomfort 0–10").fill("4")
        page.get_by_role("button", name="Log set").click()
        if index < 3:
            page.locator("#live[data-step=rest]").wait_for()
            page.get_by_role("timer").get_by_text("0:30").wait_for()
            clock.advance(31)
            page.locator("#live[data-step=set]").wait_for()
    # An unmistakable end: the summary page, with sets and reps against targets.
    page.wait_for_url("**/sessions/**", timeout=15000)
    page.get_by_role("heading", name="Session complete").wait_for()
    assert "75 of 75 targeted" in page.locator("dl.totals").inner_text()
    assert page.get_by_text("Live").count() == 0
    page.reload()
    page.goto(f"{site}/people/{person}/history")
    page.get_by_text("completed").first.wait_for()
    assert page.locator("#progress-chart canvas").count() == 1


def test_coach_flow(site: str, clock: StepClock) -> None:
    with chromium() as browser:
        athlete = browser.new_context(viewport=PHONE).new_page()
        person = onboard_athlete(athlete, site)
        coach = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_up(coach, site, "Casey Coach", "casey@example.org", role="coach")
        coach.get_by_text("Nobody has shared a record with you yet").wait_for()
        athlete.goto(f"{site}/account")
        athlete.get_by_label("E-mail of a coach or clinician").fill("casey@example.org")
        athlete.get_by_role("button", name="Share my record").click()
        athlete.get_by_text("Casey Coach (coach").wait_for()
        coach.goto(f"{site}/roster")
        coach.get_by_role("link", name="Pat Phone").click()
        coach.get_by_text("through their grant").wait_for()
        coach.goto(f"{site}/people/{person}/plan")
        coach.get_by_label("Exercise 1", exact=True).fill("Knee extension")
        coach.get_by_role("button", name="Write plan").click()
        # The written plan names the exercise on its own; the form's help text already says
        # "knee extensions", so a loose match would not wait for the plan to be written.
        coach.get_by_role("listitem").get_by_text("Knee extension", exact=True).wait_for()
        athlete.goto(f"{site}/account")
        athlete.get_by_text("coach — write plan").first.wait_for()


def _contrast(foreground: str, background: str) -> float:
    def channels(css: str) -> list[float]:
        values = [float(part) for part in css[css.index("(") + 1 : -1].split(",")[:3]]
        return [v / 255 for v in values]

    def luminance(css: str) -> float:
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels(css)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_accessibility_basics(phone: Any, site: str) -> None:
    page = phone.new_page()
    onboard_athlete(page, site)
    for path in ("/account", page.url):
        page.goto(path if path.startswith("http") else f"{site}{path}")
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('input, select')]
                 .filter(e => e.type !== 'hidden' && e.type !== 'radio')
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                 .map(e => e.name)"""
        )
        assert unlabeled == []
        assert page.locator("html[lang]").count() == 1
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    checks = page.evaluate(
        """() => [...document.querySelectorAll('p, label, button, a.button, .top a')]
             .filter(e => e.offsetParent !== null).slice(0, 40).map(e => {
               let node = e, bg = 'rgba(0, 0, 0, 0)';
               while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
                 bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
               const plain = bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg;
               return [getComputedStyle(e).color, plain,
                       e.tagName + ' ' + e.textContent.trim().slice(0, 30)];
             })"""
    )
    low = [
        (label, round(_contrast(fg, bg), 2)) for fg, bg, label in checks if _contrast(fg, bg) < 4.5
    ]
    assert low == []


def test_simulator_slider_redraws(phone: Any, site: str) -> None:
    page = phone.new_page()
    sign_up(page, site, "Sim User", "sim@example.org", role="coach")
    page.goto(f"{site}/simulator")
    readout = page.locator("#readout")
    readout.get_by_text("arterial inflow").wait_for()
    page.get_by_label("Cuff pressure").fill("250")
    # Wait for the redraw of this value itself: an earlier redraw may still be landing.
    page.wait_for_function(
        "() => document.getElementById('readout').textContent.trim().startsWith('250 mmHg')"
    )
    assert readout.inner_text().startswith("250 mmHg")
    assert page.locator("#flow-chart canvas").count() == 1
    # The legend names the series without "--" placeholders (nothing is hovered on a phone).
    legend = page.locator("#flow-chart .u-legend").inner_text()
    assert "--" not in legend and "Arterial inflow" in legend and "Chosen" in legend, legend
    # The band edges are said in the caption, not the legend.
    assert "people like you" not in legend and "%ile" not in legend, legend
    # Every number read out carries the band of people with the same measurements.
    assert "for people like you" in readout.inner_text()
    page.get_by_label("Cuff pressure").fill("120")
    page.wait_for_function(
        "() => document.getElementById('readout').textContent.trim().startsWith('120 mmHg')"
    )
    # The mechanism in a session: blood pooling, oxygen falling, each with its band.
    assert re.search(
        r"tissue oxygen saturation down to \d+ % \(\d+–\d+ %\) and blood lactate up to "
        r"\d+\.\d mmol/l \(\d+\.\d–\d+\.\d mmol/l\)", readout.inner_text()
    ), readout.inner_text()
    # Sitting up raises the model's LOP (the leg's column of blood), as it raises a measured one.
    lying = re.search(r"LOP of (\d+) mmHg", readout.inner_text())
    assert lying is not None
    page.get_by_label("Body position").select_option("seated")
    page.wait_for_function(
        "lop => !document.getElementById('readout').textContent"
        ".includes('LOP of ' + lop + ' mmHg')",
        arg=lying.group(1),
    )
    seated = re.search(r"LOP of (\d+) mmHg", readout.inner_text())
    assert seated is not None and int(seated.group(1)) > int(lying.group(1))


def server_refusal(spec: Any, text: str) -> str:
    """Return the words the server's field refuses ``text`` with."""
    with pytest.raises(ValueError) as refused:
        spec.read(text)
    return str(refused.value)


def test_simulator_says_a_value_outside_the_models_bounds_beside_its_field(
    phone: Any, site: str
) -> None:
    from occlusion.vocabulary import UnitSystem
    from occlusion.web.routes.record import DIASTOLIC_NOT_BELOW_SYSTOLIC
    from occlusion.web.routes.simulator import field_specs

    specs = field_specs(UnitSystem.METRIC)
    page = phone.new_page()
    sign_up(page, site, "Bounds User", "bounds@example.org", role="coach")
    page.goto(f"{site}/simulator")
    page.locator("#readout").get_by_text("arterial inflow").wait_for()
    width = page.get_by_label("Cuff width (cm)")
    width.fill("3")
    beside = page.locator("#cuff_width-error")
    beside.wait_for()
    # The page speaks the server's rule for the field, word for word.
    assert beside.inner_text() == server_refusal(specs["cuff_width"], "3")
    assert beside.inner_text() == "Cuff width must be from 4 to 20 cm, such as 5."
    width.fill("20")
    beside.wait_for(state="hidden")
    # The circumference's bounds follow the limb.
    circumference = page.get_by_label("Limb circumference (cm)")
    circumference.fill("20")
    page.locator("#circumference-error").wait_for()
    assert page.locator("#circumference-error").inner_text() == (
        "Circumference must be from 25 to 110 cm, such as 55."
    )
    circumference.fill("")
    page.wait_for_function(
        "() => document.getElementById('circumference-error').textContent.startsWith('Enter')"
    )
    expected = server_refusal(specs["circumference"]["thigh"], "")
    assert page.locator("#circumference-error").inner_text() == expected
    circumference.fill("20")
    page.get_by_label("Limb", exact=True).select_option("arm")
    page.locator("#circumference-error").wait_for(state="hidden")
    systolic = page.get_by_label("Systolic blood pressure (mmHg)")
    systolic.fill("1e3")
    page.locator("#sbp_mmhg-error").wait_for()
    assert page.locator("#sbp_mmhg-error").inner_text() == server_refusal(
        specs["sbp_mmhg"], "1e3"
    )
    systolic.fill("120")
    page.locator("#sbp_mmhg-error").wait_for(state="hidden")
    diastolic = page.get_by_label("Diastolic blood pressure (mmHg)")
    diastolic.fill("160")
    page.locator("#dbp_mmhg-error").wait_for()
    assert page.locator("#dbp_mmhg-error").inner_text() == server_refusal(
        specs["dbp_mmhg"], "160"
    )
    diastolic.fill("130")
    page.wait_for_function(
        "() => document.getElementById('dbp_mmhg-error').textContent.includes('lower than')"
    )
    assert page.locator("#dbp_mmhg-error").inner_text() == DIASTOLIC_NOT_BELOW_SYSTOLIC
    assert page.locator("#simulator-error").is_hidden()


def test_cuff_session_draws_the_pressure_trace_and_releases(
    phone: Any, site: str, clock: StepClock
) -> None:
    page = phone.new_page()
    person = onboard_athlete(page, site)
    csrf = next(item["value"] for item in phone.cookies() if item["name"] == "csrftoken")
    headers = {"x-csrftoken": csrf}
    for side in ("left", "right"):
        measured = page.request.post(
            f"{site}/api/people/{person}/lop/measured",
            data={"limb": "thigh", "side": side, "cuff_width_cm": 18, "lop_mmhg": 180},
            headers=headers,
        )
        assert measured.status == 201, measured.text()
    plan = page.request.post(
        f"{site}/api/people/{person}/plan",
        data={
            "equipment": {"kind": "cuff", "width_cm": 18, "material": "nylon"},
            "training": {
                "goal": "hypertrophy",
                "protocol": "resistance-30-15-15-15",
                "posture": "seated",
            },
            "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
        },
        headers=headers,
    )
    assert plan.status == 201, plan.text()
    page.goto(f"{site}/people/{person}/session")
    page.get_by_role("button", name="Start session").click()
    page.locator("#live[data-step=apply]").wait_for()
    # The cuff confirms itself: no "Wraps are on" button.
    assert not page.get_by_role("button", name="Wraps are on").is_visible()
    # The simulated cuff runs on the test's clock: move it while the page follows the stream.
    for _ in range(30 * 4):
        clock.advance(0.25)
        page.wait_for_timeout(10)
        if page.locator("#live[data-step=set]").count():
            break
    page.locator("#live[data-step=set]").wait_for()
    assert page.locator("#pressure-chart canvas").count() == 1
    assert "mmHg (target 90)" in page.locator("#cuff-readout").inner_text()
    page.get_by_role("button", name="Dizziness").click()
    page.wait_for_url("**/sessions/**", timeout=15000)
    page.get_by_role("heading", name="Session stopped").wait_for()
    assert "Stopped for dizziness" in page.locator(".ended").inner_text()
    assert "The cuff is deflated" in page.locator(".ended").inner_text()


def test_simulator_wrap_stretch_and_pooled_blood(phone: Any, site: str) -> None:
    page = phone.new_page()
    sign_up(page, site, "Stretch User", "stretch@example.org", role="coach")
    page.goto(f"{site}/simulator")
    readout = page.locator("#readout")
    readout.get_by_text("pooled blood").wait_for()
    assert not page.locator("#stretch_pct").is_visible()
    assert page.locator("#cuff_material").is_visible()
    page.get_by_label("Set the restriction by").select_option("stretch")
    assert not page.locator("#pressure_mmhg").is_visible()
    # A band set by its stretch marks has no cuff material to choose.
    assert not page.locator("#cuff_material").is_visible()
    page.get_by_label("Wrap stretch beyond its resting length").fill("20")
    page.wait_for_function(
        "() => document.getElementById('readout').textContent.startsWith('Wrap stretched 20 %')"
    )
    assert "≈ 80 % LOP" in readout.inner_text()
    # The pooled blood at rest is said with its band, as every other number.
    assert re.search(r"ml at rest \(\d+–\d+ ml\)", readout.inner_text())
    assert page.locator("#simulator-error").is_hidden()


def test_cuff_device_fault_shows_an_alarm_and_the_end(
    phone: Any, site: str, clock: StepClock, app: Any
) -> None:
    from occlusion.device.simulated.faults import FaultEvent

    page = phone.new_page()
    person = onboard_athlete(page, site)
    csrf = next(item["value"] for item in phone.cookies() if item["name"] == "csrftoken")
    headers = {"x-csrftoken": csrf}
    for side in ("left", "right"):
        page.request.post(
            f"{site}/api/people/{person}/lop/measured",
            data={"limb": "thigh", "side": side, "cuff_width_cm": 18, "lop_mmhg": 180},
            headers=headers,
        )
    page.request.post(
        f"{site}/api/people/{person}/plan",
        data={
            "equipment": {"kind": "cuff", "width_cm": 18, "material": "nylon"},
            "training": {"protocol": "resistance-30-15-15-15", "posture": "seated"},
            "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
        },
        headers=headers,
    )
    page.goto(f"{site}/people/{person}/session")
    page.get_by_role("button", name="Start session").click()
    page.locator("#live[data-step=apply]").wait_for()
    for _ in range(30 * 4):
        clock.advance(0.25)
        page.wait_for_timeout(10)
        if page.locator("#live[data-step=set]").count():
            break
    page.locator("#live[data-step=set]").wait_for()
    live = app.state["occlusion"].live
    client = next(iter(live._live.values())).cuff.restriction.client
    device = client.transport.device
    fault = FaultEvent("sensor-disconnected", start_s=device.time_s + 0.5, channel=0)
    device.hardware.inject(fault)
    for _ in range(20):
        clock.advance(0.25)
        page.wait_for_timeout(10)
    page.locator("#cuff-alarm:not([hidden])").wait_for()
    assert "Cuff alarm" in page.locator("#cuff-alarm").inner_text()
    # Past the reperfusion the runner asks to inflate again and the latched alarm refuses it.
    for _ in range(100):
        clock.advance(2.0)
        page.wait_for_timeout(10)
        if "/sessions/" in page.url:
            break
    page.wait_for_url("**/sessions/**", timeout=15000)
    # The summary's lead says why it ended (the list of what happened says it again, in lower case).
    lead = page.locator("p.lead", has_text="Stopped by a cuff fault")
    lead.wait_for()
    # Said once: why it ended, then that the cuff is down.
    assert " ".join(lead.inner_text().split()) == "Stopped by a cuff fault. The cuff is deflated."
