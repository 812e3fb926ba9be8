"""The app as people live it, in Debian's Chromium: the session one-handed on a 390×844 phone,
pages reached through the menu (htmx boosting) that keep their charts, every page within 360 px,
dark mode, the installable app's manifest and icons, and a set logged while offline."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.web.browser_support import (
    DESKTOP,
    PHONE,
    fits,
    onboard_athlete,
    phone_context,
    screenshot_path,
)
from tests.web.conftest import StepClock

pytestmark = pytest.mark.slow

NARROW = {"width": 360, "height": 740}


def test_the_session_is_one_handed_on_a_phone(browser: Any, site: str, clock: StepClock) -> None:
    context = phone_context(browser)
    page = context.new_page()
    person = onboard_athlete(page, site)
    page.get_by_role("navigation").get_by_role("link", name="Session").click()
    page.get_by_role("button", name="Start session").click()
    # The wrap instruction is a sentence; two limbs are joined with "and", not a comma.
    instruction = page.locator("#prompts li").first.inner_text()
    assert re.fullmatch(r"Wrap the [a-z ]+ to the marks on the band, then confirm", instruction)
    assert "," not in instruction.split(" to the marks")[0], instruction
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()
    # Time under restriction reads as minutes and seconds, in words ("0:03 of 20:00").
    page.locator("#budgets li").first.wait_for()
    for budget in page.locator("#budgets li").all_inner_texts():
        assert re.fullmatch(
            r"[A-Z][a-z ]+: \d+:\d\d of \d+:\d\d under restriction(, restriction on now)?", budget
        ), budget
    # Everything the set needs is on the first screen: log it, report, release and stop.
    for control in (
        page.get_by_role("button", name="Log set"),
        page.get_by_role("button", name="Release and stop"),
        page.get_by_role("button", name="Dizziness"),
        page.get_by_label("Reps done"),
    ):
        box = control.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    # Junk is refused beside the field, in words, before anything is sent.
    page.get_by_label("Reps done").fill("1e3")
    page.get_by_role("button", name="Log set").click()
    # The page's own check says what the server says for the same answer (one wording).
    assert page.locator("#reps-error").inner_text() == (
        "Reps must be a whole number from 0 to 100, such as 50.")
    page.get_by_label("Reps done").fill("30")
    page.get_by_label("RPE 1–10 (optional)").fill("0")
    page.get_by_role("button", name="Log set").click()
    assert "RPE must be from 1 to 10" in page.locator("#rpe-error").inner_text()
    # Every invalid field is reported at once, each beside its own field.
    page.get_by_label("Reps done").fill("20.5")
    page.locator("#load").fill("abc")
    page.get_by_role("button", name="Log set").click()
    assert page.locator("#reps-error").inner_text() == "Reps is a whole number, without decimals."
    assert page.locator("#load-error").inner_text().startswith("Load must be a number from 0 to")
    assert "RPE must be from 1 to 10" in page.locator("#rpe-error").inner_text()
    page.get_by_label("Reps done").fill("30")
    page.locator("#load").fill("")
    page.get_by_label("RPE 1–10 (optional)").fill("")
    page.get_by_role("button", name="Log set").dblclick()
    page.locator("#live[data-step=rest]").wait_for()
    # "Release and stop" asks first; "Keep going" leaves the session as it was.
    page.get_by_role("button", name="Release and stop").click()
    page.screenshot(path=screenshot_path("session-confirm-phone.png"))
    page.get_by_role("button", name="Keep going").click()
    assert page.locator("#live[data-step=rest]").count() == 1
    for number in (2, 3, 4):
        clock.advance(31)
        page.locator("#live[data-step=set]").wait_for()
        assert page.locator("#exercise").inner_text() == f"Leg press · set {number} of 4"
        page.get_by_label("Reps done").fill("15")
        page.get_by_role("button", name="Log set").click()
        if number < 4:
            page.locator("#live[data-step=rest]").wait_for()
    page.wait_for_url("**/sessions/**", timeout=15000)
    page.get_by_role("heading", name="Session complete").wait_for()
    # The double tap on the first set logged it once: 4 sets, 75 reps.
    totals = page.locator("dl.totals").inner_text()
    assert "4 logged" in totals and "75 of 75 targeted" in totals
    fits(page, PHONE["width"])
    page.screenshot(path=screenshot_path("session-end-phone.png"), full_page=True)
    history = page.get_by_role("link", name="See the history")
    history.click()
    page.locator("#progress-chart canvas").wait_for()
    # One session: the axis steps in whole days, labelled as the app writes dates, and the legend
    # names the series without "--" placeholders while nothing is hovered.
    axis = page.evaluate(
        "() => { const a = document.getElementById('progress-chart').uplot.axes[0];"
        " return {values: a._values.filter(v => v !== null), incr: a._found[0]}; }"
    )
    assert axis["values"] and axis["incr"] >= 86400, axis
    for label in axis["values"]:
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", label), axis
    legend = page.locator("#progress-chart .u-legend").inner_text()
    assert "--" not in legend and "date" not in legend.lower() and "Leg press" in legend, legend
    context.close()
    assert person


def test_release_and_stop_confirms_then_ends(browser: Any, site: str) -> None:
    page = phone_context(browser).new_page()
    onboard_athlete(page, site)
    page.get_by_role("navigation").get_by_role("link", name="Session").click()
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()
    page.get_by_role("button", name="Release and stop").click()
    page.screenshot(path=screenshot_path("session-stop-confirm-phone.png"))
    page.get_by_role("button", name="Yes, release and stop").click()
    page.wait_for_url("**/sessions/**", timeout=15000)
    page.get_by_role("heading", name="Session stopped").wait_for()
    assert "Stopped with the stop button" in page.locator(".ended").inner_text()


def test_charts_keep_their_styles_after_menu_navigation(
    browser: Any, site: str, clock: StepClock
) -> None:
    page = phone_context(browser).new_page()
    person = onboard_athlete(page, site)
    # Two short sessions of one exercise make a progress series.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"x-csrftoken": csrf}
    for _ in range(2):
        base = f"{site}/api/people/{person}/session"
        for path, body in (("start", {}), ("confirm", {}), ("log", {"reps": 30}), ("stop", {})):
            assert page.request.post(f"{base}/{path}", data=body, headers=headers).ok
        clock.advance(86400 * 2)
    page.get_by_role("navigation").get_by_role("link", name="My record").click()
    page.get_by_role("navigation").get_by_role("link", name="History").click()
    page.locator("#progress-chart canvas").wait_for()
    # uPlot's own stylesheet applies (its legend is a table laid out by it) and the chart sits
    # above the table, inside the phone's width.
    chart = page.locator("#progress-chart").bounding_box()
    table = page.locator("main table:has(caption)").first.bounding_box()
    assert chart is not None and table is not None
    assert chart["y"] + chart["height"] <= table["y"] + 1
    assert page.locator("#progress-chart .u-legend").evaluate(
        "element => getComputedStyle(element).textAlign"
    ) == "center"
    fits(page, PHONE["width"])
    page.get_by_role("navigation").get_by_role("link", name="Simulator").click()
    page.locator("#flow-chart canvas").wait_for()
    fits(page, PHONE["width"])


def test_every_page_fits_360_px_through_the_menu(browser: Any, site: str) -> None:
    phone = browser.new_context(viewport=NARROW, has_touch=True, is_mobile=True)
    page = phone.new_page()
    person = onboard_athlete(page, site)
    visited = []
    for name in ("My record", "History", "Simulator", "Account", "Session"):
        page.get_by_role("navigation").get_by_role("link", name=name).click()
        page.wait_for_load_state("networkidle")
        fits(page, NARROW["width"])
        visited.append(page.url)
    for path in (
        "",
        "/screening",
        "/measurements",
        "/plan",
        "/profile",
        "/history",
    ):
        page.goto(f"{site}/people/{person}{path}")
        fits(page, NARROW["width"])
    page.goto(f"{site}/people/{person}/measurements")
    page.get_by_role("link", name="Correct").first.click()
    fits(page, NARROW["width"])
    for path in ("/sign-in", "/sign-up", "/no-such-page"):
        page.goto(f"{site}{path}")
        fits(page, NARROW["width"])
    assert len(visited) == 5


def test_dark_mode_follows_the_system(browser: Any, site: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site}/sign-in")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 22)"
    page.screenshot(path=screenshot_path("sign-in-dark-phone.png"))
    light = browser.new_context(viewport=PHONE, color_scheme="light").new_page()
    light.goto(f"{site}/sign-in")
    assert light.evaluate("() => getComputedStyle(document.body).backgroundColor") == (
        "rgb(255, 255, 255)"
    )


def test_the_app_is_installable(browser: Any, site: str) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{site}/sign-in")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads(page.request.get(f"{site}{href}").text())
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(f"{site}{icon['src']}").ok, icon["src"]
    assert page.locator("meta[name=theme-color]").count() == 2
    favicon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(f"{site}{favicon}").ok


def test_a_set_logged_offline_is_sent_once_when_back(
    browser: Any, site: str, clock: StepClock
) -> None:
    context = phone_context(browser)
    page = context.new_page()
    person = onboard_athlete(page, site)
    page.goto(f"{site}/people/{person}/session")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()
    context.set_offline(True)
    before = page.locator("#countdown").inner_text()
    page.get_by_label("Reps done").fill("30")
    page.get_by_role("button", name="Log set").click()
    page.get_by_text("kept on this phone").wait_for()
    page.wait_for_timeout(1500)
    assert page.locator("#countdown").inner_text() != before or before == "—"
    context.set_offline(False)
    # The phone shows the rest by itself; wait until the kept set has reached the server.
    page.wait_for_function(
        f"() => (localStorage.getItem('occlusion-queue-{person}') || '[]') === '[]'",
        timeout=20000,
    )
    page.locator("#live[data-step=rest]").wait_for(timeout=20000)
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    page.request.post(
        f"{site}/api/people/{person}/session/stop", data={}, headers={"x-csrftoken": csrf}
    )
    history = page.request.get(f"{site}/api/people/{person}/history").json()
    sets = history["sessions"][0]["exercises"][0]["sets"]
    assert [item["reps"] for item in sets] == [30]
