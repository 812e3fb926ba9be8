"""Two server processes on one PostgreSQL: any of them serves a live session; one is killed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.store.database import POSTGRESQL_URL, drop_schema, require_postgresql
from tests.web.browser_support import free_port
from tests.web.conftest import PASSWORD, Browser, athlete_ready


def _start(port: int, environment: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from occlusion.cli.main import main; main()", "serve",
         "--port", str(port), "--device", "none", "--no-access-log", *extra],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_ready(process: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("the server never became ready")


@pytest.fixture
def two_servers() -> Iterator[tuple[subprocess.Popen[str], int, int]]:
    require_postgresql()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    url = f"{POSTGRESQL_URL}?options=-csearch_path%3D{schema}"
    environment = {**os.environ, "OCCLUSION_DATABASE_URL": url,
                   "OCCLUSION_CSRF_SECRET": "shared-by-both-servers"}
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    first_port, second_port = free_port(), free_port()
    first = _start(first_port, environment)
    second = _start(second_port, environment)
    try:
        _wait_ready(first, first_port)
        _wait_ready(second, second_port)
        yield first, first_port, second_port
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.terminate()
                process.communicate(timeout=30)
        drop_schema(schema)


def test_any_server_serves_the_session_and_one_takes_over_when_the_other_dies(
    two_servers: tuple[subprocess.Popen[str], int, int],
) -> None:
    first, first_port, second_port = two_servers
    with (
        httpx.Client(base_url=f"http://127.0.0.1:{first_port}", timeout=30) as first_client,
        httpx.Client(base_url=f"http://127.0.0.1:{second_port}", timeout=30) as second_client,
    ):
        _serve_and_take_over(first, Browser(first_client), Browser(second_client))


def _revocation_reaches_the_other_server(on_first: Browser, on_second: Browser) -> None:
    """A session signed out through one server is refused at once by the other's cache."""
    email = on_first.get("/api/me").json()["email"]
    elsewhere = Browser(on_first.client)
    assert elsewhere.post(
        "/api/sign-in", json={"email": email, "password": PASSWORD}
    ).status_code == 200
    assert elsewhere.get("/api/me").status_code == 200  # now cached by the first server
    revoked = on_second.post("/api/me/sessions/revoke-others")
    assert revoked.status_code == 200, revoked.text
    deadline = time.monotonic() + 2.0
    while elsewhere.get("/api/me").status_code == 200:
        assert time.monotonic() < deadline, "the first server kept a revoked session"
        time.sleep(0.02)
    assert on_first.get("/api/me").status_code == 200, "the session that revoked stays"


def _serve_and_take_over(first: subprocess.Popen[str], on_first: Browser,
                         on_second: Browser) -> None:
    person = athlete_ready(on_first)["person_id"]
    base = f"/api/people/{person}/session"
    started = on_first.post(f"{base}/start")
    assert started.status_code == 200, started.text
    on_second.cookies = dict(on_first.cookies)

    # The session lives in the first server; the second forwards to it through NOTIFY.
    assert on_second.post(f"{base}/confirm").status_code == 200
    logged = on_second.post(f"{base}/log", json={"reps": 30, "rpe": 6})
    assert logged.status_code == 200, logged.text
    assert logged.json()["step"] == "rest"
    seen_by_first = on_first.get(base).json()
    assert seen_by_first["session_id"] == started.json()["session_id"]
    assert seen_by_first["set_number"] == 2
    stream = on_second.get(f"{base}/stream", params={"limit": 3})
    assert stream.text.count("event: state") == 3
    _revocation_reaches_the_other_server(on_first, on_second)

    # The first server dies mid-session (no shutdown hook runs).
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=10)
    began = time.monotonic()
    resumed = on_second.get(base)
    took_over_s = time.monotonic() - began
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["session_id"] == started.json()["session_id"]
    assert resumed.json()["set_number"] == 2, "nothing logged is lost"
    assert took_over_s < 5.0
    history = on_second.get(f"/api/people/{person}/history").json()
    assert [item["reps"] for item in history["sessions"][0]["exercises"][0]["sets"]] == [30]



@pytest.fixture
def shared_schema() -> Iterator[dict[str, str]]:
    """An empty PostgreSQL schema and the environment a server needs to use it."""
    require_postgresql()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield {**os.environ,
               "OCCLUSION_DATABASE_URL": f"{POSTGRESQL_URL}?options=-csearch_path%3D{schema}",
               "OCCLUSION_CSRF_SECRET": "shared-by-both-servers"}
    finally:
        drop_schema(schema)


def test_sigterm_drains_the_stream_and_the_next_server_resumes(
    shared_schema: dict[str, str],
) -> None:
    """``docker stop`` on ``serve --workers 2``: streams end, the process exits, nothing lost."""
    port = free_port()
    server = _start(port, shared_schema, "--workers", "2")
    try:
        _wait_ready(server, port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            browser = Browser(client)
            person = athlete_ready(browser)["person_id"]
            base = f"/api/people/{person}/session"
            started = browser.post(f"{base}/start")
            assert started.status_code == 200, started.text
            lines: list[str] = []
            ended = threading.Event()

            def follow() -> None:
                # Its own connection (the stream holds it), with the browser's cookies.
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30,
                                  cookies=browser.cookies) as reader, reader.stream(
                    "GET", f"{base}/stream", params={"limit": 100_000}
                ) as stream:
                    for line in stream.iter_lines():
                        lines.append(line)
                ended.set()

            reader = threading.Thread(target=follow, daemon=True)
            reader.start()
            deadline = time.monotonic() + 30
            while not any(line.startswith("event: state") for line in lines):
                assert time.monotonic() < deadline, "the stream sent no state"
                time.sleep(0.05)
            server.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            assert ended.wait(timeout=15), "the stream was not ended by the drain"
            drained_s = time.monotonic() - signalled
            server.communicate(timeout=30)
        assert server.returncode == 0
        assert drained_s < 5.0
        assert "event: end" not in lines, "a drain is not the end of the session"
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate(timeout=30)

    # The next server (a rolling update) resumes the session the drained one left running.
    port = free_port()
    successor = _start(port, shared_schema)
    try:
        _wait_ready(successor, port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            browser.client = client
            resumed = browser.get(base)
            assert resumed.status_code == 200, resumed.text
            assert resumed.json()["session_id"] == started.json()["session_id"]
    finally:
        successor.terminate()
        successor.communicate(timeout=30)


def test_a_worker_that_dies_is_logged_and_replaced(
    shared_schema: dict[str, str], tmp_path: Any
) -> None:
    """uvicorn restarts a dead worker; the log says so (it did not, below "warning")."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-c", "from occlusion.cli.main import main; main()", "serve",
             "--port", str(port), "--device", "none", "--no-access-log", "--workers", "2",
             "--log-format", "json"],
            env=shared_schema, stdout=subprocess.DEVNULL, stderr=log, text=True,
        )
    try:
        deadline = time.monotonic() + 120
        while len(_started_workers(log_path)) < 2:
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.2)
        victim = _started_workers(log_path)[0]
        os.kill(victim, signal.SIGKILL)
        while len(_started_workers(log_path)) < 3:
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        messages = [json.loads(line)["message"] for line in log_path.read_text().splitlines()
                    if line.startswith("{")]
        assert f"Child process [{victim}] died" in messages
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _started_workers(log_path: Any) -> list[int]:
    """Worker process ids in the order uvicorn reported starting them."""
    found = re.findall(r'"Started server process \[(\d+)\]"', log_path.read_text())
    return [int(pid) for pid in found]
