"""Liveness, readiness, metrics, request ids, JSON logs and draining streams."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from occlusion.web.observability import JsonFormatter, incoming_request_id, request_id
from tests.web.conftest import athlete_ready


def test_health_and_readiness(client: TestClient[Any]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["ready"] is True and body["problems"] == []
    assert body["schema_revision"] == body["schema_head"]


def test_readiness_fails_when_the_schema_is_behind(
    client: TestClient[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from occlusion.store import migrate

    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["problems"] == ["schema-out-of-date"]


def test_readiness_fails_when_the_database_is_gone(
    client: TestClient[Any], app: Any, tmp_path: Any
) -> None:
    state = app.state["occlusion"]
    state.database.close()
    (tmp_path / "web.db").unlink()
    (tmp_path / "web.db").mkdir()  # a directory where the file was: SQLite cannot open it
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["problems"] == ["database-unreachable"]
    assert client.get("/healthz").status_code == 200, "liveness does not depend on the database"


def test_draining_ends_streams_and_readiness(new_browser: Any, app: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    assert browser.post(f"/api/people/{person}/session/start").status_code == 200
    state = app.state["occlusion"]
    state.draining.set()
    stream = browser.get(f"/api/people/{person}/session/stream?limit=50")
    assert stream.status_code == 200
    assert "event: state" not in stream.text and "event: end" not in stream.text
    assert browser.get("/readyz").status_code == 503
    assert "shutting-down" in browser.get("/readyz").json()["problems"]


def test_metrics_count_requests_by_route_template(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    browser.get(f"/api/people/{person}/history")
    page = browser.get("/metrics")
    assert page.status_code == 200
    text = page.text
    assert "occlusion_http_request_duration_seconds_bucket" in text
    assert re.search(r'route="/api/people/\{person_id(:uuid)?\}/history"', text)
    assert person not in text, "ids never become label values"
    assert "occlusion_live_sessions 0.0" in text
    browser.post(f"/api/people/{person}/session/start")
    assert "occlusion_live_sessions 1.0" in browser.get("/metrics").text


def test_request_id_is_echoed_or_made(client: TestClient[Any]) -> None:
    given = client.get("/healthz", headers={"x-request-id": "proxy-123"})
    assert given.headers["x-request-id"] == "proxy-123"
    made = client.get("/healthz", headers={"x-request-id": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 32
    assert incoming_request_id([]) != incoming_request_id([])


def test_json_log_lines_carry_the_request_id() -> None:
    record = logging.LogRecord("occlusion.access", logging.INFO, __file__, 1, "GET %s", ("/x",),
                               None)
    record.__dict__.update({"status": 200, "route": "/x", "duration_ms": 1.5})
    token = request_id.set("abc")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "GET /x" and line["request_id"] == "abc"
    assert line["level"] == "info" and line["status"] == 200 and line["time"].endswith("Z")
