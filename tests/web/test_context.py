"""The signed-in account of a request: a cached token is answered on the event loop."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest

from tests.web.conftest import sign_up


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the account lookups sent to a worker thread by the request plumbing."""
    sent: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(function, "__name__", repr(function)))
        return await real(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return sent


def test_a_cached_token_needs_no_thread_and_a_sign_out_counts_at_once(
    new_browser: Any, hops: list[str]
) -> None:
    browser = new_browser()
    account = sign_up(browser, "coach")
    hops.clear()
    first = browser.get("/api/me")
    assert first.status_code == 200 and first.json()["id"] == account["id"]
    assert len(hops) == 1, "the first request reads the account on a worker thread"
    hops.clear()
    for _ in range(3):
        assert browser.get("/api/me").json()["id"] == account["id"]
    # The CSRF check of a state change reads the account the same way.
    assert browser.post("/api/me/sessions/revoke-others").status_code == 200
    assert hops == []
    session = browser.cookies["occlusion_session"]
    assert browser.post("/api/sign-out").status_code == 200
    browser.cookies["occlusion_session"] = session
    assert browser.get("/api/me").status_code == 401


def test_an_unknown_token_is_looked_up_and_refused(new_browser: Any, hops: list[str]) -> None:
    browser = new_browser()
    browser.cookies["occlusion_session"] = "not-a-session"
    assert browser.get("/api/me").status_code == 401
    assert browser.post("/api/me/sessions/revoke-others").status_code in (401, 403)
    assert hops, "a token the cache does not hold is read from the database"
