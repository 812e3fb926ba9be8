"""Losing the signal, in Debian's Chromium on a phone: a wrap session goes on without a
connection (countdown, sets kept on the phone, a reload served by the service worker) and the sets
reach the log in order, once, when the connection is back. Also: the app is installable."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy

from occlusion.web.config import WebConfig
from tests.web.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    onboard_athlete,
    phone_context,
    screenshot_path,
    sign_in,
)
from tests.web.conftest import StepClock

pytestmark = pytest.mark.slow

QUEUE = "occlusion-queue-{person}"


def offline(context: Any, on: bool) -> None:
    """Cut (or give back) the connection of the pages and of their service worker.

    ``set_offline`` cuts the pages; requests the service worker makes itself are aborted as a
    dropped connection would abort them.
    """

    def cut(route: Any) -> None:
        route.abort("internetdisconnected")

    context.set_offline(on)
    if on:
        context.route("**/*", cut)
    else:
        context.unroute("**/*")


def kept(page: Any, person: str) -> list[dict[str, Any]]:
    text = page.evaluate(f"() => window.localStorage.getItem('{QUEUE.format(person=person)}')")
    return list(json.loads(text or "[]"))


def logged_sets(database_url: str) -> list[tuple[str, Any]]:
    """Return the journal's set-logged events (in order) and the stored sets' reps."""
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as connection:
        events = connection.execute(
            sqlalchemy.text(
                "SELECT payload FROM session_event WHERE kind = 'set-logged' ORDER BY sequence"
            )
        ).all()
        sets = connection.execute(
            sqlalchemy.text("SELECT reps FROM training_set ORDER BY position")
        ).all()
    engine.dispose()
    reps = [
        json.loads(row[0])["reps"] if isinstance(row[0], str) else row[0]["reps"] for row in events
    ]
    return [("events", reps), ("sets", [row[0] for row in sets])]


#: The phone's time zone, other than the server's.
PHONE_ZONE = "America/New_York"


def set_times(database_url: str) -> list[tuple[Any, int]]:
    """Return each stored set's time (naive UTC) and offset [min], by position."""
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text(
                "SELECT performed_at, performed_offset_min FROM training_set ORDER BY position"
            )
        ).all()
    engine.dispose()
    return [(row[0] if isinstance(row[0], datetime) else datetime.fromisoformat(row[0]), row[1])
            for row in rows]


def log_set(page: Any, reps: int) -> None:
    page.locator("#live[data-step=set]").wait_for()
    page.get_by_label("Reps done").fill(str(reps))
    page.get_by_role("button", name="Log set").click()


def test_a_wrap_session_survives_a_reload_without_connection(
    browser: Any, site: str, web_config: WebConfig
) -> None:
    context = phone_context(browser)
    page = context.new_page()
    person = onboard_athlete(page, site)
    page.get_by_role("navigation").get_by_role("link", name="Session").click()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()
    # The worker keeps this page as it is now, with the session under way.
    page.wait_for_function(
        """async (path) => {
            for (const key of await caches.keys()) {
                const hit = await (await caches.open(key)).match(path);
                if (hit && (await hit.text()).includes('data-running="yes"')) { return true; }
            }
            return false;
        }""",
        arg=f"/people/{person}/session",
    )

    offline(context, True)
    log_set(page, 30)
    page.get_by_text("set is kept on this phone").wait_for()
    page.locator("#live[data-step=rest]").wait_for()
    assert page.locator("#exercise").inner_text() == "Leg press · set 2 of 4"
    page.get_by_role("button", name="Skip rest").click()
    log_set(page, 15)
    page.locator("#live[data-step=rest]").wait_for()
    assert [item["body"]["reps"] for item in kept(page, person)] == [30, 15]

    # A reload without a connection: the worker's copy of the page carries on from the phone.
    page.reload()
    page.locator("#live[data-step=rest]").wait_for()
    assert page.locator("#exercise").inner_text() == "Leg press · set 3 of 4"
    first = page.locator("#countdown").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#countdown").inner_text() != first, "the countdown stopped"
    assert [item["body"]["reps"] for item in kept(page, person)] == [30, 15]
    page.screenshot(path=screenshot_path("session-offline-phone.png"))
    # Another page that the worker does not keep says so in words.
    other = context.new_page()
    other.goto(f"{site}/people/{person}/history")
    other.get_by_role("heading", name="No connection").wait_for()
    other.close()
    # Nothing reached the server meanwhile.
    assert logged_sets(web_config.database_url) == [("events", []), ("sets", [])]

    offline(context, False)
    page.wait_for_function(
        f"() => (window.localStorage.getItem('{QUEUE.format(person=person)}') || '[]') === '[]'"
    )
    page.locator("#live[data-step=rest]").wait_for()
    page.get_by_text("Leg press · set 3 of 4").wait_for()
    page.wait_for_timeout(500)
    assert logged_sets(web_config.database_url) == [("events", [30, 15]), ("sets", [30, 15])]
    assert page.locator("#session-error").is_hidden()
    context.close()


def test_the_app_is_installable(site: str, tmp_path: Path) -> None:
    """Chromium's own installability check finds nothing missing: a manifest with a name, 192
    and 512 px icons, start_url and standalone display, on a secure origin (loopback), and a
    service worker with a fetch handler controlling the page. A profile on disk, because
    Chromium never offers to install from an incognito window (Playwright's usual context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        try:
            page = context.new_page()
            page.goto(f"{site}/sign-in")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            session = context.new_cdp_session(page)
            errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
            assert errors == [], errors
            manifest = session.send("Page.getAppManifest")
            assert manifest["errors"] == [], manifest["errors"]
            parsed = json.loads(manifest["data"])
            assert parsed["display"] == "standalone" and parsed["start_url"] == "/"
            assert {"192x192", "512x512"} <= {icon["sizes"] for icon in parsed["icons"]}
        finally:
            context.close()


def test_sets_kept_offline_are_added_when_the_session_ended_meanwhile(
    browser: Any, site: str, web_config: WebConfig, clock: StepClock
) -> None:
    # The server's clock shows the phone's time (the test's clock stands still), and the phone
    # lives in another time zone than the server.
    clock.moment = datetime.now(UTC).astimezone(timezone(timedelta(hours=1)))
    context = phone_context(browser, timezone_id=PHONE_ZONE)
    page = context.new_page()
    person = onboard_athlete(page, site)
    page.get_by_role("navigation").get_by_role("link", name="Session").click()
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()

    offline(context, True)
    log_set(page, 30)
    page.get_by_text("set is kept on this phone").wait_for()
    page.get_by_role("button", name="Skip rest").click()
    log_set(page, 15)
    page.locator("#live[data-step=rest]").wait_for()
    assert [item["body"]["reps"] for item in kept(page, person)] == [30, 15]

    # Meanwhile the session ends on the server (here: stopped from another browser of the
    # same person; in the gym, no page followed it for 30 s).
    other = context.browser.new_context()
    other_page = other.new_page()
    sign_in(other_page, site, "pat@example.org")
    stopped = other_page.request.post(
        f"{site}/api/people/{person}/session/stop",
        headers={"x-csrftoken": next(c["value"] for c in other.cookies()
                                     if c["name"] == "csrftoken")},
    )
    assert stopped.ok, stopped.text()
    other.close()

    # Back online: the phone learns the session ended, adds the two sets to it, and the
    # summary says so; nothing is left on the phone and nothing was dropped silently.
    offline(context, False)
    page.wait_for_url("**/sessions/**", timeout=20000)
    note = page.locator("#kept-on-phone")
    note.wait_for()
    assert "2 sets logged on this phone without a connection were added to this session" in (
        note.inner_text()
    )
    assert page.locator("main table .badge", has_text="sent late").count() == 2
    assert kept(page, person) == []
    sets = logged_sets(web_config.database_url)[1]
    assert sets == ("sets", [30, 15])
    # Each set keeps the time the phone logged it, in the phone's offset, not the time it
    # arrived; nothing says "timed when it arrived".
    assert page.get_by_text("timed when it arrived").count() == 0
    times = set_times(web_config.database_url)
    phone_offset = clock().astimezone(ZoneInfo(PHONE_ZONE)).utcoffset()
    assert phone_offset is not None
    assert [offset for _, offset in times] == [phone_offset.total_seconds() // 60] * 2
    arrived = clock().astimezone(UTC).replace(tzinfo=None)
    assert times[0][0] < times[1][0] and arrived not in {when for when, _ in times}
    page.screenshot(path=screenshot_path("session-kept-sets-phone.png"), full_page=True)
    context.close()


def test_sets_kept_offline_and_sent_while_the_session_runs_keep_the_phones_time(
    browser: Any, site: str, web_config: WebConfig, clock: StepClock
) -> None:
    # As above: the server's clock stands at the phone's time, in another zone than the phone.
    clock.moment = datetime.now(UTC).astimezone(timezone(timedelta(hours=1)))
    context = phone_context(browser, timezone_id=PHONE_ZONE)
    page = context.new_page()
    person = onboard_athlete(page, site)
    page.get_by_role("navigation").get_by_role("link", name="Session").click()
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Wraps are on").click()
    page.locator("#log:not([hidden])").wait_for()

    offline(context, True)
    log_set(page, 30)
    page.get_by_text("set is kept on this phone").wait_for()
    page.get_by_role("button", name="Skip rest").click()
    log_set(page, 15)
    page.locator("#live[data-step=rest]").wait_for()
    done_at = [item["done_at"] for item in kept(page, person)]
    assert len(done_at) == 2
    # Back online while the session still runs: the sets go through /log and keep the times
    # this phone gave them, in its own offset, not the time they arrived.
    clock.advance(60)
    offline(context, False)
    page.wait_for_function(
        f"() => (window.localStorage.getItem('{QUEUE.format(person=person)}') || '[]') === '[]'"
    )
    page.get_by_text("Leg press · set 3 of 4").wait_for()
    assert logged_sets(web_config.database_url)[1] == ("sets", [30, 15])
    times = set_times(web_config.database_url)
    for (when, offset), sent in zip(times, done_at, strict=True):
        phone = datetime.fromisoformat(sent)
        assert when == phone.astimezone(UTC).replace(tzinfo=None)
        assert offset == phone.utcoffset().total_seconds() // 60  # type: ignore[union-attr]
    assert clock().astimezone(UTC).replace(tzinfo=None) not in {when for when, _ in times}
    assert page.locator("#session-error").is_hidden()
    context.close()
