"""Admin-issued password reset links, optionally mailed (issue 11, item 8)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar

import pytest
from litestar.testing import TestClient

from occlusion.services import accounts
from occlusion.services.lockout import MAX_FAILED_SIGN_INS
from occlusion.services.password_reset import RESET_LIFETIME_S
from occlusion.services.passwords import TEST_POLICY
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig
from tests.web.conftest import PASSWORD, START, Browser, StepClock, sign_up

NEW_PASSWORD = "seven quiet herons wading"


def _admin(app: Any, client: TestClient[Any]) -> Browser:
    accounts.sign_up(
        app.state["occlusion"].database,
        email="root@example.org",
        password=PASSWORD,
        display_name="Root",
        role="admin",
        policy=TEST_POLICY,
        now=START,
        allow_admin=True,
    )
    admin = Browser(client)
    assert (
        admin.post(
            "/api/sign-in", json={"email": "root@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    return admin


def test_a_reset_link_sets_a_new_password_once(app: Any, client: Any, clock: StepClock) -> None:
    admin = _admin(app, client)
    person = Browser(client)
    account = sign_up(person, "athlete")
    thief = Browser(client)
    for _ in range(MAX_FAILED_SIGN_INS):
        thief.post("/api/sign-in", json={"email": account["email"], "password": "x" * 12})
    # Only an administrator issues links.
    assert person.post(f"/api/admin/accounts/{account['id']}/reset-link").status_code == 403
    issued = admin.post(f"/api/admin/accounts/{account['id']}/reset-link")
    assert issued.status_code == 201 and issued.json()["mailed"] is False
    link = issued.json()["link"]
    token = link.rsplit("/", 1)[1]
    page = Browser(client).get(f"/reset/{token}")
    assert page.status_code == 200 and "Set a new password" in page.text
    weak = Browser(client).form(f"/reset/{token}", {"new_password": "password12"})
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    done = Browser(client).form(f"/reset/{token}", {"new_password": NEW_PASSWORD})
    assert done.status_code == 200 and "Your new password is set" in done.text
    # The person's open sessions ended; the pause ended; the new password signs in.
    assert person.get("/api/me").status_code == 401
    assert (
        Browser(client)
        .post("/api/sign-in", json={"email": account["email"], "password": NEW_PASSWORD})
        .status_code
        == 200
    )
    # Used up: the same link opens nothing now.
    again = Browser(client).post("/api/reset", json={"token": token, "new_password": PASSWORD})
    assert again.status_code == 400
    assert Browser(client).get(f"/reset/{token}").status_code == 404


def test_links_expire_and_a_new_one_replaces_the_old(
    app: Any, client: Any, clock: StepClock
) -> None:
    admin = _admin(app, client)
    account = sign_up(Browser(client), "coach")
    path = f"/api/admin/accounts/{account['id']}/reset-link"
    first = admin.post(path).json()["link"].rsplit("/", 1)[1]
    second = admin.post(path).json()["link"].rsplit("/", 1)[1]
    assert Browser(client).get(f"/reset/{first}").status_code == 404
    assert Browser(client).get(f"/reset/{second}").status_code == 200
    clock.advance(RESET_LIFETIME_S + 1)
    late = Browser(client).post("/api/reset", json={"token": second, "new_password": NEW_PASSWORD})
    assert late.status_code == 400 and "ask an administrator" in late.json()["detail"]


def test_the_admin_page_shows_the_link_once(app: Any, client: Any) -> None:
    admin = _admin(app, client)
    account = sign_up(Browser(client), "athlete", "Robin Reset")
    page = admin.form(f"/admin/accounts/{account['id']}/reset-link", {})
    assert page.status_code == 200
    assert "Reset link for Robin Reset" in page.text and "Pass it on" in page.text
    assert re.search(r"/reset/[A-Za-z0-9_-]{40,}", page.text)
    # Until when, as a date people read ("8 May 2026, 18:00 UTC"), never an ISO timestamp.
    until = re.search(r"It works once, until (\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}) UTC\.",
                      page.text)
    assert until is not None, page.text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.text.split("It works once")[1][:40])
    assert "/reset/" not in admin.get("/admin").text


class FakeSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port = host, port

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *_: Any) -> None:
        return None

    def send_message(self, message: Any) -> None:
        FakeSMTP.sent.append((self.host, self.port, message))


def test_with_smtp_the_link_is_mailed(
    web_config: WebConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent.clear()
    app = create_app(
        replace(web_config, smtp_url="smtp://mail.example.org:2525", mail_from="ops@example.org")
    )
    with TestClient(app) as client:
        admin = _admin(app, client)
        account = sign_up(Browser(client), "athlete", "Mia Mail")
        issued = admin.post(f"/api/admin/accounts/{account['id']}/reset-link").json()
    assert issued["mailed"] is True
    ((host, port, message),) = FakeSMTP.sent
    assert (host, port) == ("mail.example.org", 2525)
    assert message["To"] == account["email"] and message["From"] == "ops@example.org"
    assert issued["link"] in message.get_content()
