"""Refusals below the interfaces carry a specific code and fields, not only their class's default.

An interface says an error from its code and fields (:mod:`occlusion.cli.messages`,
:mod:`occlusion.web.words`); a bare ``InputError("...")`` reaches it as ``input.invalid`` and can
only be shown as the English default. This test finds every ``raise SomeError(...)`` of the
project's error tree outside ``cli/`` and ``web/`` that passes no ``code=``:

- modules in :data:`CODED` must have none (they were given codes one by one);
- elsewhere the count may only fall (:data:`MOST_UNCODED`), so new refusals come with a code.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import occlusion
from occlusion import errors

PACKAGE = Path(occlusion.__file__).parent
INTERFACES = {"cli", "web"}
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if inspect.isclass(value) and issubclass(value, errors.OcclusionError)
}
#: Modules whose every refusal has its own code.
CODED = {
    "science/checks.py",
    "science/loads/one_rep_max.py",
    "science/loads/plates.py",
    "science/lop/record.py",
    "science/protocols/parts.py",
    "science/protocols/protocol.py",
    "science/screening/answers.py",
    "science/screening/policy.py",
    "store/csv_formats.py",
    "store/csv_reading.py",
    "store/workout_apps.py",
}
#: Raise sites still without a code of their own (lower it as modules are done).
MOST_UNCODED = 184


def uncoded_raise_sites(root: Path = PACKAGE) -> list[str]:
    """Return ``path:line: ErrorClass`` for every raise below the interfaces without ``code=``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in INTERFACES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            function = node.exc.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            if name in ERROR_CLASSES and not any(k.arg == "code" for k in node.exc.keywords):
                found.append(f"{relative.as_posix()}:{node.lineno}: {name}")
    return found


def test_coded_modules_give_every_refusal_its_own_code() -> None:
    offences = [site for site in uncoded_raise_sites() if site.split(":")[0] in CODED]
    assert offences == []


def test_no_new_refusal_without_a_code() -> None:
    sites = uncoded_raise_sites()
    assert len(sites) <= MOST_UNCODED, "\n".join(sites)


def test_the_scan_finds_an_uncoded_raise_below_the_interfaces(tmp_path: Path) -> None:
    for folder in ("science", "cli"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text(
            "raise InputError('bad')\n"
            "raise errors.OutOfRangeError('far', code='x.far', value=1)\n"
            "raise ValueError('not ours')\n"
        )
    assert uncoded_raise_sites(tmp_path) == ["science/module.py:1: InputError"]
