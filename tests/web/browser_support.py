"""A live server on loopback and Debian's Chromium for the end-to-end tests and screenshots."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_problem() -> str | None:
    """Return why browser tests cannot run here, or ``None`` when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install '.[dev]')"
    return None


def require_chromium() -> None:
    """Skip with a message locally, fail in CI, when Chromium or Playwright is missing."""
    import pytest

    problem = chromium_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {problem}")
    pytest.skip(f"browser tests skipped: {problem}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch headless Chromium from Debian by path (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshot_path(name: str) -> str:
    """Where a browser test saves a screenshot: ``docs/screenshots`` only when asked.

    Set ``OCCLUSION_REFRESH_SCREENSHOTS=1`` to refresh the pictures in the docs; otherwise they go
    to a temporary folder, so running the suite never changes tracked files.
    """
    if os.environ.get("OCCLUSION_REFRESH_SCREENSHOTS"):
        folder = Path("docs/screenshots")
    else:
        folder = Path(tempfile.gettempdir()) / "occlusion-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)


def phone_context(browser: Any, **options: Any) -> Any:
    """Open a touch context at the 390×844 phone viewport; ``options`` go to ``new_context``."""
    return browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, **options)


def fits(page: Any, width: int) -> None:
    """Assert that the page scrolls no wider than ``width`` px."""
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


def record_link(page: Any, name: str) -> None:
    """Open the record through the menu, then one of its steps."""
    page.get_by_role("navigation").get_by_role("link", name="My record").click()
    page.get_by_role("list", name="Getting ready").get_by_role("link", name=name).click()


def sign_up(page: Any, site: str, name: str, email: str, role: str = "athlete") -> None:
    """Create an account through the sign-up form, then sign it in."""
    from tests.web.conftest import PASSWORD

    page.goto(f"{site}/sign-up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.locator(f"input[name=role][value={role}]").check()
    page.get_by_role("button", name="Create account").click()
    # Sign-up says what happens next without saying whether the address was new; sign in.
    page.get_by_text("your account is ready").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-up" not in url and "/sign-in" not in url)


def sign_in(page: Any, site: str, email: str) -> None:
    """Sign in through the form and wait to leave the sign-in page."""
    from tests.web.conftest import PASSWORD

    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def screen_all_no(page: Any) -> None:
    """Answer every screening question "no" and wait for the result page."""
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.get_by_role("button", name="See my screening result").click()
    page.get_by_text("Not a medical device — ask a clinician").wait_for()


def onboard_athlete(page: Any, site: str) -> str:
    """Sign up Pat, screen, measure and plan through the forms; return the person id."""
    sign_up(page, site, "Pat Phone", "pat@example.org")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Year of birth").fill("1996")
    page.get_by_role("button", name="Save and continue to screening").click()
    page.wait_for_url("**/screening")
    person = page.url.split("/people/")[1].split("/")[0]
    screen_all_no(page)
    page.goto(f"{site}/people/{person}/measurements")
    page.get_by_label("Systolic").fill("118")
    page.get_by_label("Diastolic").fill("76")
    page.get_by_role("button", name="Save blood pressure").click()
    page.get_by_text("Latest: 118/76 mmHg").wait_for()
    page.get_by_label("Circumference", exact=True).fill("55")
    page.locator("#limb-limb").select_option("thigh")
    page.get_by_role("button", name="Save circumference").click()
    page.get_by_text("left thigh: 55.0 cm").wait_for()
    page.goto(f"{site}/people/{person}/plan")
    page.get_by_label("Protocol").select_option("resistance-30-15-15-15")
    page.get_by_role("button", name="Write plan").click()
    page.locator("svg[role=img]").first.wait_for()
    return str(person)
