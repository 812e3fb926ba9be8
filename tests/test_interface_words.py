"""No text below the interfaces names a command, an option or a profile key.

Services, science, sessions, the store and the device layer return codes and fields; the
command line (:mod:`occlusion.cli.messages`) and the web app (:mod:`occlusion.web.words`) say
them with a next step for their own user. This test reads every string literal outside
``cli/`` and ``web/`` (docstrings are for developers and are skipped).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import occlusion

PACKAGE = Path(occlusion.__file__).parent
INTERFACES = {"cli", "web"}
_COMMANDS = (
    "wrap|floss|lop|plan|protocols|simulate|screen|device|serve|person|measure|session|history|"
    "progress|export|import"
)
COMMAND_TEXT = re.compile(
    rf"\bocclusion ({_COMMANDS})\b"  # a command
    rf"|'({_COMMANDS}) [a-z-]+'"  # a sub-command named without the program ('person list')
    r"|(?<![\w-])--[a-z]"  # an option
    r"|\[\[?(limbs|person|equipment|exercises|blood_pressure|training|screening)\b"  # a profile key
    r"|\bpress (Enter|Ctrl)|\btype (y|n|stop)\b"  # keys of a terminal
    r"|\$OCCLUSION_[A-Z_]+|\bdocs/[\w/-]+\.md\b"  # an environment variable, a repository file
)
# A literal that is an argument vector, not words for a person: the fault bench starts the
# device simulator as a subprocess.
ALLOWED = {("device/faults.py", "--port-file")}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def command_text_below_interfaces() -> list[str]:
    """Return ``path:line: text`` for every offending literal below the interfaces."""
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in INTERFACES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and COMMAND_TEXT.search(node.value)
                and (relative.as_posix(), node.value) not in ALLOWED
            ):
                offences.append(f"{relative}:{node.lineno}: {node.value!r}")
    return offences


def test_no_command_option_or_profile_key_below_the_interfaces() -> None:
    assert command_text_below_interfaces() == []


def test_the_scan_recognises_command_text() -> None:
    assert COMMAND_TEXT.search("run 'occlusion lop measure' first")
    assert COMMAND_TEXT.search("pass --tension-n")
    assert COMMAND_TEXT.search("add it as [limbs.measured_lop]")
    assert COMMAND_TEXT.search("give the id shown by 'person list'")
    assert COMMAND_TEXT.search("answer not understood: press Enter to go on, or type stop")
    assert COMMAND_TEXT.search("set $OCCLUSION_DATABASE_URL")
    assert COMMAND_TEXT.search("see docs/screening.md")
    assert not COMMAND_TEXT.search("limb occlusion pressure, 30-15-15-15 reps")
    assert not COMMAND_TEXT.search("the pulse is there, not there, or stop")
