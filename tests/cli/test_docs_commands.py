"""The commands shown in the README and the user guide run and succeed."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import CliResult

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "docs/guide.md", "docs/plans.md")
# Commands that wait for a person to answer, or do not end by themselves.
INTERACTIVE = ("occlusion lop measure", "occlusion screen\n", "occlusion --help")


def _commands(document: str) -> list[str]:
    commands: list[str] = []
    in_shell_block = False
    for line in (ROOT / document).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell_block = line.strip() == "```sh" and not in_shell_block
            continue
        stripped = line.split("#", 1)[0].strip()
        if in_shell_block and stripped.startswith("occlusion "):
            commands.append(stripped)
    return commands


CASES = [(document, command) for document in DOCUMENTS for command in _commands(document)]


def test_documents_show_commands() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize(("document", "command"), CASES)
def test_documented_command_succeeds(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, document: str, command: str
) -> None:
    monkeypatch.chdir(ROOT)
    arguments = shlex.split(command)[1:]
    result = cli(*arguments)
    assert result.exit_code == 0, f"{document}: {command}\n{result.stderr}"
    assert result.stdout.strip()
