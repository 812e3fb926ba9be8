"""``occlusion serve``: help, bad options as one error line, and a real start on loopback."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the web extra is not installed")


def test_help_names_the_options(cli: Any) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "--host" in result.stdout and "--port" in result.stdout


def test_bad_device_is_one_error_line(cli: Any) -> None:
    result = cli("serve", "--device", "bluetooth")
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and "--device" in result.stderr


def test_bad_port_is_one_error_line(cli: Any) -> None:
    result = cli("serve", "--port", "70000")
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_port_in_use_is_one_error_line_before_anything_starts(cli: Any) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = cli("serve", "--host", "127.0.0.1", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: cannot serve on 127.0.0.1:{port}: address already in use (another program may "
        "listen there: choose another --port)\n"
    )


def test_a_host_that_is_not_an_address_is_one_error_line(cli: Any) -> None:
    # A numeric form that is no IPv4 address: refused without starting the server.
    result = cli("serve", "--host", "127.0.0.300", "--port", "8391")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot serve on host '127.0.0.300'")
    assert result.stderr.count("\n") == 1


def test_serves_pages_and_api_with_demo_accounts(tmp_path: Path) -> None:
    from tests.web.browser_support import free_port

    port = free_port()
    environment = {**os.environ, "OCCLUSION_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from occlusion.cli.main import main; main()",
            "serve",
            "--port",
            str(port),
            "--demo",
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=2) as page:
                    body = page.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "Sign in" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json") as schema:
            assert b'"openapi"' in schema.read()
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
    assert "athlete@demo.local" in err
    assert f"http://127.0.0.1:{port}/" in err


def test_a_second_worker_on_sqlite_is_refused(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    result = cli("serve", "--workers", "2")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --workers above 1 needs PostgreSQL ($OCCLUSION_DATABASE_URL=postgresql://...): "
        "a SQLite log is served by one worker"
    )


def test_idle_connections_outlast_the_proxy_and_clients(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # uvicorn's own 5 s equalled httpx's idle limit: a request written as the server closed
    # its idle connection got no answer (the load benchmark's lost request).
    import re

    import httpx
    import uvicorn

    from occlusion.web import app as app_module

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    monkeypatch.setattr(app_module, "app_from_settings", lambda settings: object())
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    assert cli("serve", "--device", "none").exit_code == 0
    caddyfile = (Path(__file__).resolve().parents[2] / "deploy" / "Caddyfile").read_text()
    proxy_idle = re.search(r"^\s*keepalive (\d+)s$", caddyfile, re.MULTILINE)
    assert proxy_idle is not None, "the Caddyfile sets the proxy's idle keep-alive"
    assert seen["timeout_keep_alive"] > int(proxy_idle.group(1))
    assert seen["timeout_keep_alive"] > httpx.Limits().keepalive_expiry  # type: ignore[operator]
    assert cli("serve", "--device", "none", "--keep-alive-s", "130").exit_code == 0
    assert seen["timeout_keep_alive"] == 130
    refused = cli("serve", "--keep-alive-s", "0")
    assert refused.exit_code == 2 and "--keep-alive-s" in refused.stderr


def test_a_connection_idle_past_five_seconds_is_still_answered(tmp_path: Path) -> None:
    from tests.web.browser_support import free_port

    port = free_port()
    environment = {**os.environ, "OCCLUSION_DATABASE_URL": f"sqlite:///{tmp_path / 'idle.db'}"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from occlusion.cli.main import main; main()", "serve",
         "--port", str(port), "--device", "none", "--no-access-log"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection.request("GET", "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                connection.close()
                time.sleep(0.2)
        first = connection.getresponse()
        first.read()
        assert first.status == 200
        opened = connection.sock
        # Longer than uvicorn's default keep-alive, which had closed the connection by now.
        time.sleep(5.5)
        connection.request("GET", "/healthz")
        second = connection.getresponse()
        second.read()
        assert second.status == 200
        assert connection.sock is opened, "answered on the same connection"
    finally:
        connection.close()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_threads_reach_the_app(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from occlusion.web import app as app_module

    settings: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setattr(app_module, "app_from_settings", lambda given: settings.append(given))
    monkeypatch.setenv("OCCLUSION_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    assert cli("serve", "--device", "none", "--threads", "40").exit_code == 0
    assert cli("serve", "--device", "none").exit_code == 0
    assert [given["handler_threads"] for given in settings] == [40, None]
    refused = cli("serve", "--threads", "0")
    assert refused.exit_code == 2 and "--threads" in refused.stderr
