"""The entry point: lazy sub-commands and a top-level help that imports none of them."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from occlusion.cli.main import SUBCOMMANDS, build_app, top_level_help


def test_every_summary_is_the_commands_own_help() -> None:
    group = build_app()
    context = click.Context(group)
    assert group.list_commands(context) == [command.name for command in SUBCOMMANDS]
    for command in SUBCOMMANDS:
        found = group.get_command(context, command.name)
        assert found is not None, command.name
        help_text = found.help or ""
        first_paragraph = " ".join(help_text.split("\n\n")[0].split())
        assert command.summary == first_paragraph, command.name


def test_top_level_help_lists_every_command() -> None:
    text = top_level_help(width=100)
    assert text.startswith("Usage: occlusion [OPTIONS] COMMAND [ARGS]...")
    assert "Not a medical device." in text
    for command in SUBCOMMANDS:
        assert f"\n  {command.name} " in text


PROBE = """
import sys
from occlusion.cli.main import run
code = run(sys.argv[1:])
loaded = sorted(name for name in sys.modules if name.startswith("occlusion.cli."))
heavy = [name for name in ("numpy", "scipy", "sqlalchemy", "pydantic") if name in sys.modules]
print("\\n" + __import__("json").dumps({"code": code, "cli": loaded,
      "rich": "rich.console" in sys.modules, "heavy": heavy}))
"""


def _probe(*arguments: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_only_the_invoked_command_is_imported() -> None:
    estimate = _probe(
        "lop", "estimate", "--limb", "thigh", "--cuff-width-cm", "18", "--circumference-cm",
        "55", "--sbp", "120", "--age", "23", "--sex", "male", "--json",
    )
    assert estimate["code"] == 0
    modules = set(estimate["cli"])  # type: ignore[call-overload]
    assert "occlusion.cli.lop" in modules
    assert not modules & {"occlusion.cli.simulate", "occlusion.cli.session", "occlusion.cli.wrap"}
    assert estimate["rich"] is False
    # The quick estimate needs none of the numerical, database or validation libraries.
    assert estimate["heavy"] == []
    helped = _probe("--help")
    assert helped["code"] == 0
    assert set(helped["cli"]) == {"occlusion.cli.main"}  # type: ignore[call-overload]


def test_top_level_help_does_not_import_the_option_parser() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom occlusion.cli.main import run\nrun(['--help'])\n"
         "print('click' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_a_group_without_a_command_shows_its_help_once(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lop")
    assert result.exit_code == 0
    assert (result.stdout + result.stderr).count("Usage: occlusion lop") == 1


def test_an_option_without_its_value_points_to_its_own_commands_help(capsys) -> None:  # type: ignore[no-untyped-def]
    from occlusion.cli.main import run

    assert run(["lop", "estimate", "--limb", "thigh", "--age"]) == 2
    assert run(["progress", "--person", "ab12", "--plot"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "error: Option '--age' requires an argument. (see 'occlusion lop estimate --help')",
        "error: Option '--plot' requires an argument. (see 'occlusion progress --help')",
    ]
