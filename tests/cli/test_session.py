"""Guided sessions from the command line, including a process killed mid-session."""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import sys
import time

import pytest

from tests.cli.log_fixtures import log_dir, ready

__all__ = ["log_dir"]


def _sets(person: str) -> list[dict]:  # type: ignore[type-arg]
    from occlusion.services import open_log
    from occlusion.services.history import history

    database = open_log()
    try:
        page = history(database, person, limit=5)
    finally:
        database.close()
    return [item for session in page["sessions"] for exercise in session["exercises"]
            for item in exercise["sets"]]


def test_piped_session_runs_to_completion(cli, log_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    script = "a\n30 rpe 7 d 4\nn\n15 kg 60\nn\nwhat\n15\nn\n17 rpe 9 d 6\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    result = cli("session", "start", "--person", person)
    assert result.exit_code == 0, result.stderr
    assert "ok: screening: cleared" in result.stdout
    assert "logged set 4 of Leg press: 17 reps" in result.stdout
    assert "session completed" in result.stdout
    assert "unknown command 'what'" in result.stderr
    sets = _sets(person)
    assert [item["reps"] for item in sets] == [30, 15, 15, 17]
    assert sets[0]["rpe"] == 7.0 and sets[3]["discomfort"] == 6
    history = cli("history", "--person", person)
    assert history.exit_code == 0 and "Leg press" in history.stdout


def test_stop_rule_from_the_keyboard_ends_the_session(cli, log_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = ready(cli, tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\ns numbness\n"))
    result = cli("session", "start", "--person", person, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["view"]["step"] == "stopped"
    assert "numbness" in document["view"]["outcome"]
    assert "Release the wrap" in result.stderr


def test_session_needs_a_plan(cli, log_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = cli("person", "add", "--name", "New", "--json").json()["short_id"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    result = cli("session", "start", "--person", person)
    assert result.exit_code == 2
    assert "no plan yet" in result.stderr
    assert cli("session", "resume", "--person", person).exit_code == 2


def _read_until(stream, text: str, timeout_s: float = 30.0) -> str:  # type: ignore[no-untyped-def]
    seen = ""
    deadline = time.monotonic() + timeout_s
    while text not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"did not see {text!r}; got {seen!r}")
        ready_streams, _, _ = select.select([stream], [], [], remaining)
        if ready_streams:
            chunk = os.read(stream.fileno(), 4096).decode()
            if not chunk:
                raise AssertionError(f"process ended before {text!r}; got {seen!r}")
            seen += chunk
    return seen


@pytest.mark.slow
def test_kill_9_loses_no_committed_set_and_resume_carries_on(  # type: ignore[no-untyped-def]
    cli, log_dir, tmp_path, monkeypatch
) -> None:
    person = ready(cli, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-c", "from occlusion.cli.main import main; main()",
         "session", "start", "--person", person],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "OCCLUSION_DATA_DIR": str(log_dir)},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"a\n30 rpe 7 d 3\nn\n")
        process.stdin.flush()
        _read_until(process.stdout, "[set] Leg press set 2/4")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stdin.close()
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert [item["reps"] for item in _sets(person)] == [30], "the committed set survived"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\n15\nq\n"))
    resumed = cli("session", "resume", "--person", person)
    assert resumed.exit_code == 0, resumed.stderr
    assert "[apply] Leg press set 2/4" in resumed.stdout
    assert [item["reps"] for item in _sets(person)] == [30, 15]
    assert cli("session", "resume", "--person", person).exit_code == 2
