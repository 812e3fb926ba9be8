"""The container's entrypoint and health check, run here as the image runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _environment(tmp_path: Path, url: str) -> dict[str, str]:
    # The entrypoint calls `occlusion` by name, as in the image: put this venv's first on PATH.
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "OCCLUSION_DATABASE_URL": url,
        "OCCLUSION_DB_WAIT_ATTEMPTS": "2",
        "OCCLUSION_DB_WAIT_S": "0.1",
        "HOME": str(tmp_path),
    }


@pytest.fixture(autouse=True)
def _needs_sh() -> None:
    installed = shutil.which("occlusion", path=str(Path(sys.executable).parent))
    if shutil.which("sh") is None or installed is None:
        pytest.skip("needs a POSIX shell and the installed occlusion command")


def test_entrypoint_migrates_then_runs_the_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    done = subprocess.run(
        ["sh", str(DEPLOY / "entrypoint.sh"), "occlusion", "db", "status", "--json"],
        env=_environment(tmp_path, url), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "schema upgraded from none to" in done.stdout
    assert '"state": "current"' in done.stdout


def test_entrypoint_gives_up_on_an_unreachable_database(tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", str(DEPLOY / "entrypoint.sh"), "true"],
        env=_environment(tmp_path, "postgresql://nobody@127.0.0.1:1/none"),
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "did not become ready after 2 attempts" in done.stderr
    assert done.stderr.count("error: cannot reach the database") == 2


def test_health_check_against_a_running_server(tmp_path: Path) -> None:
    from tests.web.browser_support import free_port

    port = free_port()
    environment = {**_environment(tmp_path, f"sqlite:///{tmp_path / 'log.db'}"),
                   "PORT": str(port)}
    check = [sys.executable, str(DEPLOY / "healthcheck.py")]
    assert subprocess.run(check, env=environment, timeout=30).returncode == 1, "nothing listens"
    server = subprocess.Popen(
        ["sh", str(DEPLOY / "entrypoint.sh"), "occlusion", "serve", "--port", str(port),
         "--device", "none", "--log-format", "json"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while subprocess.run(check, env=environment, timeout=30).returncode != 0:
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "the server never became healthy"
            time.sleep(0.5)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    # uvicorn re-raises the stop signal after its graceful shutdown.
    assert server.returncode in (0, -15), errors
    assert "Traceback" not in errors
    json_lines = [line for line in errors.splitlines() if line.startswith("{")]
    assert any('"route": "/healthz"' in line and '"request_id"' in line for line in json_lines)
