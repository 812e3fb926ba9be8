"""Every command in docs/log.md runs, in order, and does what the page says."""

from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path

from tests.cli.log_fixtures import log_dir

__all__ = ["log_dir"]

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    text = (ROOT / "docs" / "log.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_walk_through_runs(cli, log_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    commands = _commands()
    assert len(commands) >= 10
    person = None
    outputs = []
    for line in commands:
        stdin = ""
        if line.startswith("printf "):
            printed, line = line.split(" | ", 1)
            stdin = shlex.split(printed)[1].encode().decode("unicode_escape")
        if person is not None:
            line = line.replace("$PERSON", person)
        words = shlex.split(line)
        assert words[0] == "occlusion", line
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        result = cli(*words[1:])
        assert result.exit_code == 0, f"{line}: {result.stderr}"
        outputs.append(result.stdout)
        if person is None and words[1:3] == ["person", "add"]:
            person = re.search(r"id ([0-9a-f]{8})", result.stdout).group(1)  # type: ignore[union-attr]
    assert "session completed" in outputs[8]
    assert "Leg press" in outputs[9]
    csv_rows = outputs[11].strip().splitlines()
    assert len(csv_rows) == 5 and "load_kg" in csv_rows[0]
