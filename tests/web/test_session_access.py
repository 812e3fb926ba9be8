"""An open live stream ends once its reader loses access (issue 11, item 2)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import TestClient

from occlusion.services import accounts, grants
from occlusion.services.passwords import TEST_POLICY
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig
from occlusion.web.context import SESSION_COOKIE
from occlusion.web.routes.session import ACCESS_ENDED
from tests.web.conftest import PASSWORD, Browser, athlete_ready, sign_up
from tests.web.test_session import events

#: Enough events at 10 ms that a stream which never re-checks ends by its limit instead.
LIMIT = 2000


@pytest.mark.parametrize(
    "loss", ["revoked", "coach-signed-out", "athlete-deleted", "coach-disabled"]
)
def test_a_coach_stream_ends_when_access_ends(web_config: WebConfig, loss: str) -> None:
    app = create_app(replace(web_config, access_recheck_s=0.2))
    database = app.state["occlusion"].database
    with TestClient(app) as client:
        athlete_browser = Browser(client)
        athlete = athlete_ready(athlete_browser)
        coach_browser = Browser(client)
        coach = sign_up(coach_browser, "coach")
        athlete_browser.post("/api/me/grants", json={"email": coach["email"]})
        (grant,) = athlete_browser.get("/api/me/grants").json()
        person = athlete["person_id"]
        athlete_browser.post(f"/api/people/{person}/session/start")
        owner = accounts.Account(
            uuid.UUID(athlete["id"]),
            athlete["email"],
            "Ada Athlete",
            athlete["role"],
            uuid.UUID(person),
        )
        coach_token = coach_browser.cookies[SESSION_COOKIE]
        admin = accounts.sign_up(
            database,
            email="root@example.org",
            password=PASSWORD,
            display_name="Root",
            role="admin",
            policy=TEST_POLICY,
            now=web_config.clock(),
            allow_admin=True,
        )

        def lose_access() -> None:
            if loss == "revoked":
                grants.revoke_access(
                    database, owner, uuid.UUID(grant["id"]), now=web_config.clock()
                )
            elif loss == "coach-signed-out":
                accounts.close_session(database, coach_token)
            elif loss == "coach-disabled":
                accounts.set_disabled(
                    database, admin, uuid.UUID(coach["id"]), disabled=True, now=web_config.clock()
                )
            else:
                accounts.delete_account(
                    database, owner, password=PASSWORD, policy=TEST_POLICY, now=web_config.clock()
                )

        timer = threading.Timer(0.5, lose_access)
        timer.start()
        try:
            received = events(
                coach_browser.get(
                    f"/api/people/{person}/session/stream", params={"limit": LIMIT}
                ).text
            )
        finally:
            timer.cancel()
        assert len(received) < LIMIT
        assert received[-1] == ("end", ACCESS_ENDED)
        assert all(kind == "state" for kind, _ in received[:-1])


def test_the_owner_stream_keeps_going_while_access_holds(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    browser.post(f"/api/people/{person}/session/start")
    received = events(browser.get(f"/api/people/{person}/session/stream", params={"limit": 3}).text)
    assert [kind for kind, _ in received] == ["state"] * 3
