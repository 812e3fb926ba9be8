"""Hostile input and response hygiene: control characters, deep or huge JSON, database details,
security headers (issue 11, items 3-5)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import TestClient

from occlusion.errors import StoreError
from occlusion.web.app import STORE_UNAVAILABLE, create_app
from occlusion.web.config import WebConfig
from occlusion.web.guard import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from occlusion.web.headers import SECURITY_HEADERS
from occlusion.web.words import sentence
from tests.store.database import POSTGRESQL_URL, drop_schema, require_postgresql
from tests.web.conftest import PASSWORD, Browser, sign_up

#: What must never appear in a response body: a connection string, a path, a traceback.
LEAKS = re.compile(r"postgresql|sqlite:|127\.0\.0\.1|/tmp/|Traceback|File \"|\.py\b", re.I)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_browser(request: pytest.FixtureRequest, web_config: WebConfig) -> Iterator[Browser]:
    """A browser on an app over SQLite and over PostgreSQL (its own schema)."""
    config = web_config
    schema = ""
    if request.param == "postgresql":
        require_postgresql()
        import psycopg

        schema = f"test_{uuid.uuid4().hex[:16]}"
        dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        config = replace(
            web_config, database_url=f"{POSTGRESQL_URL}?options=-csearch_path%3D{schema}"
        )
    try:
        with TestClient(create_app(config)) as client:
            yield Browser(client)
    finally:
        if schema:
            drop_schema(schema)


@pytest.mark.parametrize("text", ["Ada\x00", "Ada\x1b[31m", "A\x7fda", "Ada\u0085"])
def test_control_characters_in_text_are_refused_unauthenticated(
    any_browser: Browser, text: str
) -> None:
    browser = any_browser
    api = browser.post(
        "/api/sign-up",
        json={"email": "nul@example.org", "password": PASSWORD, "display_name": text},
    )
    assert api.status_code == 400, api.text
    assert "control character" in api.json()["detail"]
    assert not LEAKS.search(api.text)
    form = browser.form(
        "/sign-up",
        {"email": "nul@example.org", "password": PASSWORD, "display_name": text, "role": "coach"},
    )
    assert form.status_code == 400
    assert "control character" in form.text and not LEAKS.search(form.text)
    sign_in = browser.post("/api/sign-in", json={"email": f"a{text}@example.org", "password": "x"})
    assert sign_in.status_code in (400, 401) and not LEAKS.search(sign_in.text)


def test_a_nul_byte_in_a_query_is_refused(new_browser: Any) -> None:
    response = new_browser().get("/sign-in", params={"next": "/me\x00"})
    assert response.status_code == 400 and not LEAKS.search(response.text)


def test_a_store_failure_never_shows_the_database(
    new_browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from occlusion.services import accounts

    def broken(*_: Any, **__: Any) -> None:
        raise StoreError(
            "the training log at postgresql+psycopg://occlusion:***@10.0.0.5/occlusion refused "
            "a change: invalid byte sequence; see /var/lib/occlusion/log.db"
        )

    monkeypatch.setattr(accounts, "sign_up", broken)
    browser = new_browser()
    api = browser.post(
        "/api/sign-up", json={"email": "s@example.org", "password": PASSWORD, "display_name": "S"}
    )
    assert api.status_code == 503
    assert api.json()["detail"] == STORE_UNAVAILABLE
    page = browser.form(
        "/sign-up",
        {"email": "s@example.org", "password": PASSWORD, "display_name": "S", "role": "coach"},
    )
    assert page.status_code == 503 and sentence(STORE_UNAVAILABLE) in page.text
    for body in (api.text, page.text):
        assert "10.0.0.5" not in body and "/var/lib" not in body


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_json_depth_counts_brackets_outside_strings() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(deep(5000).encode()) == 5000


def _json_routes(app: Any) -> list[str]:
    paths = []
    for route in app.routes:
        if route.path.startswith("/api/") and "POST" in getattr(route, "methods", set()):
            paths.append(re.sub(r"\{[a-z_]+:uuid\}", str(uuid.uuid4()), route.path))
    return paths


def test_deep_json_is_refused_on_every_json_route(app: Any, new_browser: Any) -> None:
    browser = new_browser()
    routes = _json_routes(app)
    assert len(routes) > 20
    body = deep(5000)
    for path in routes:
        response = browser.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, (path, response.status_code, response.text[:200])
        assert "nests deeper" in response.json()["detail"]
    # Signed in, the same.
    sign_up(browser, "athlete")
    for path in routes:
        response = browser.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, (path, response.status_code)
    just_inside = browser.post(
        "/api/me/profile",
        content=deep(MAX_JSON_DEPTH),
        headers={"content-type": "application/json"},
    )
    assert just_inside.status_code == 400 and "nests deeper" not in just_inside.text


def test_huge_bodies_are_refused(new_browser: Any) -> None:
    browser = new_browser()
    name = "x" * (MAX_BODY_BYTES + 1)
    response = browser.post(
        "/api/sign-up",
        json={"email": "big@example.org", "password": PASSWORD, "display_name": name},
    )
    assert response.status_code == 400 and "larger than" in response.json()["detail"]
    form = browser.form("/sign-up", {"email": "big@example.org", "display_name": name})
    assert form.status_code == 400


def test_not_json_is_a_400(new_browser: Any) -> None:
    response = new_browser().post(
        "/api/sign-in", content=b'{"email": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/", "/sign-in", "/static/app.css", "/api/me", "/nowhere"])
def test_security_headers_on_every_response(new_browser: Any, path: str) -> None:
    response = new_browser().get(path, follow_redirects=False)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "strict-transport-security" not in response.headers


def test_secure_cookies_and_hsts_when_served_over_https(web_config: WebConfig) -> None:
    app = create_app(replace(web_config, secure_cookies=True))
    with TestClient(app, base_url="https://testserver.local") as client:
        browser = Browser(client)
        first = browser.get("/sign-in")
        assert "strict-transport-security" in first.headers
        assert all("secure" in cookie.lower() for cookie in first.headers.get_list("set-cookie"))
        browser.post(
            "/api/sign-up",
            json={"email": "tls@example.org", "password": PASSWORD, "display_name": "T"},
        )
        response = browser.post(
            "/api/sign-in", json={"email": "tls@example.org", "password": PASSWORD}
        )
        cookies = response.headers.get_list("set-cookie")
        assert cookies and all("secure" in cookie.lower() for cookie in cookies)


def test_templates_need_no_inline_script_or_style() -> None:
    from pathlib import Path

    import occlusion.web

    folder = Path(occlusion.web.__file__).parent / "templates"
    for template in folder.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\sstyle=", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name
        assert "<style" not in text, template.name
        for script in re.findall(r"<script([^>]*)>", text):
            assert "src=" in script or 'type="application/json"' in script, template.name
