"""Entry point of the ``occlusion`` command.

Sub-commands live in one module each under :mod:`occlusion.cli`; they are listed in
:data:`SUBCOMMANDS` and only the invoked one is imported (:class:`~occlusion.cli.lazy.LazyGroup`;
``occlusion --help`` is printed from that list without importing any, nor click). Command
modules import their heavy dependencies (numpy, scipy, matplotlib, the simulator, rich) inside
the command functions so that the quick estimates start fast.

Every error a person can cause ends as one line on stderr and exit status 2 (:func:`run`).
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import TYPE_CHECKING, NamedTuple

from occlusion.errors import OcclusionError

if TYPE_CHECKING:
    import click

HELP = (
    "Evidence-based blood-flow-restriction training: limb occlusion pressure, wraps, "
    "screening, protocols and plans. Not a medical device."
)


class SubCommand(NamedTuple):
    """A sub-command: its name, where it lives and its one-line help.

    ``summary`` is what ``occlusion --help`` lists without importing the module; a test keeps
    it equal to the command's own help.
    """

    name: str
    module: str
    attribute: str
    summary: str


SUBCOMMANDS: tuple[SubCommand, ...] = (
    SubCommand(
        "wrap",
        "wrap",
        "wrap_command",
        "Plan an elastic wrap by the stretch method: marks, stretched length, turns, checks.",
    ),
    SubCommand(
        "floss",
        "wrap",
        "floss_command",
        "Plan a floss-band application: overlap, stretch, timed movement, pressure upper bound.",
    ),
    SubCommand(
        "plan",
        "plan",
        "plan_command",
        "Print the complete, cited, screened plan for the person in a profile file.",
    ),
    SubCommand(
        "screen",
        "screen",
        "screen_command",
        "Screen for blood-flow-restriction training: cleared, caution, refer or exclude.",
    ),
    SubCommand(
        "serve",
        "serve",
        "serve_command",
        "Serve the web app; the database comes from $OCCLUSION_DATABASE_URL as for the CLI.",
    ),
    SubCommand(
        "history",
        "history",
        "history_command",
        "Show a person's sessions, newest first, each set with its target next to what was "
        "done.",
    ),
    SubCommand(
        "progress",
        "history",
        "progress_command",
        "Show progress per exercise: volume, estimated 1RM, last-set reps, pressure, discomfort.",
    ),
    SubCommand(
        "export",
        "transfer",
        "export_command",
        "Export the log or one person's record in the format the reader needs.",
    ),
    SubCommand(
        "import",
        "transfer",
        "import_command",
        "Import an Occlusion JSON export, or a Strong or Hevy CSV; all of it or nothing.",
    ),
    SubCommand(
        "lop",
        "lop",
        "app",
        "Limb occlusion pressure: estimate it from a published equation, list the equations, "
        "or measure it step by step with a manual cuff.",
    ),
    SubCommand(
        "protocols",
        "protocols",
        "app",
        "The cited BFR protocols (sets, rests, load, pressure, restriction time, sources).",
    ),
    SubCommand(
        "simulate",
        "simulate",
        "app",
        "Simulate a limb under a band or cuff (a calibrated model, not a measurement).",
    ),
    SubCommand(
        "device",
        "device",
        "app",
        "Cuff controller: run the simulated cuff on a pseudo-terminal, measure pressure "
        "holding, automatic LOP and the safety layer's fault matrix.",
    ),
    SubCommand(
        "db", "db", "app", "The training log's schema: its revision, and bringing it up to date."
    ),
    SubCommand("person", "person", "app", "Add, list and show people in the training log."),
    SubCommand(
        "measure",
        "measure",
        "app",
        "Record blood pressure, limb circumference and limb occlusion pressure (LOP).",
    ),
    SubCommand("session", "session", "app", "Run a guided session from the person's plan."),
)
_BY_NAME = {command.name: command for command in SUBCOMMANDS}


def build_app() -> click.Group:
    """Return the ``occlusion`` group; a sub-command's module is imported when it is invoked."""
    from occlusion.cli.lazy import LazyGroup

    return LazyGroup(
        "occlusion",
        help=HELP,
        subcommands=_BY_NAME,
        package="occlusion.cli",
        no_args_is_help=True,
        # Option defaults are shown in each command's help (as the CLI always did).
        context_settings={"show_default": True},
    )


def _terminal_columns() -> int:
    # os, not shutil: shutil imports the compression modules, a third of the help's start-up.
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return 100


def top_level_help(width: int | None = None) -> str:
    """Return ``occlusion --help`` without importing any sub-command or the option parser."""
    width = width or min(100, _terminal_columns())
    names = max(len(command.name) for command in SUBCOMMANDS)
    indent = " " * (names + 4)
    lines = ["Usage: occlusion [OPTIONS] COMMAND [ARGS]...", ""]
    lines += textwrap.wrap(HELP, width, initial_indent="  ", subsequent_indent="  ")
    lines += ["", "Options:", "  --help  Show this message and exit.", "", "Commands:"]
    for command in SUBCOMMANDS:
        lines += textwrap.wrap(
            command.summary,
            width,
            initial_indent=f"  {command.name.ljust(names)}  ",
            subsequent_indent=indent,
        )
    return "\n".join(lines)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _command_path(arguments: list[str]) -> str:
    """Return the command the arguments name ("occlusion lop estimate"), as far as they go.

    Click reports some option mistakes (an option without its value) before it has a context,
    so the command whose help to read is found from the arguments themselves.
    """
    import click

    command: click.Command = build_app()
    path = ["occlusion"]
    for token in arguments:
        if token.startswith("-") or not isinstance(command, click.Group):
            break
        found = command.get_command(click.Context(command), token)
        if found is None:
            break
        path.append(token)
        command = found
    return " ".join(path)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status.

    User mistakes (bad options, invalid values, unreadable files, refused estimates) print one
    ``error: ...`` line on stderr and return 2; no traceback is shown for them.
    """
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments[0] == "--help":
        sys.stdout.write(top_level_help() + "\n")
        return 0
    import click
    from click.exceptions import NoArgsIsHelpError

    try:
        result = build_app().main(args=arguments, prog_name="occlusion", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        # A group invoked without a command: its help, once, and success.
        click.echo(exc.ctx.get_help() if exc.ctx else "")
        return 0
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else _command_path(arguments)
        click.echo(f"error: {_one_line(exc.format_message())} (see '{command} --help')", err=True)
        return 2
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"error: {_one_line(exc.format_message())}", err=True)
        return 2
    except OcclusionError as exc:
        from occlusion.cli.messages import error_text

        click.echo(f"error: {error_text(exc)}", err=True)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"error: {_one_line(str(exc))}", err=True)
        return 2
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point: exit with the status of :func:`run`."""
    sys.exit(run())
