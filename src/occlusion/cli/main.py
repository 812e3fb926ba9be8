"""Entry point of the ``occlusion`` command.

Sub-commands live in one module each under :mod:`occlusion.cli`; they are listed in
``_SUBCOMMANDS`` and attached here. Command modules import their heavy dependencies (numpy,
scipy, matplotlib, the simulator) inside the command functions so that ``occlusion --help`` and
the quick estimates start fast.

Every error a person can cause ends as one line on stderr and exit status 2 (:func:`run`).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import typer

from occlusion.errors import OcclusionError

app = typer.Typer(
    name="occlusion",
    help=(
        "Evidence-based blood-flow-restriction training: limb occlusion pressure, wraps, "
        "screening, protocols and plans. Not a medical device."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# (module under occlusion.cli, attribute holding a typer.Typer or a command function, name)
_SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("wrap", "wrap_command", "wrap"),
    ("wrap", "floss_command", "floss"),
    ("lop", "app", "lop"),
    ("plan", "plan_command", "plan"),
    ("protocols", "app", "protocols"),
    ("simulate", "app", "simulate"),
    ("screen", "screen_command", "screen"),
    ("device", "app", "device"),
    ("serve", "serve_command", "serve"),
    ("db", "app", "db"),
    ("person", "app", "person"),
    ("measure", "app", "measure"),
    ("session", "app", "session"),
    ("history", "history_command", "history"),
    ("history", "progress_command", "progress"),
    ("transfer", "export_command", "export"),
    ("transfer", "import_command", "import"),
)


def _attach_subcommands() -> None:
    for module_name, attribute, command_name in _SUBCOMMANDS:
        module = importlib.import_module(f"occlusion.cli.{module_name}")
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=command_name)
        else:
            app.command(name=command_name)(target)


_attach_subcommands()


def _click_exception_modules() -> tuple[ModuleType, ...]:
    # Recent typer releases vendor click as ``typer._click`` and raise its exception classes;
    # older ones raise click's own. Catch whichever are present.
    modules: list[ModuleType] = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue
    return tuple(modules)


_CLICK = _click_exception_modules()


def _classes(name: str) -> tuple[type[BaseException], ...]:
    return tuple(getattr(module, name) for module in _CLICK if hasattr(module, name))


_NO_ARGS_IS_HELP = _classes("NoArgsIsHelpError")
_USAGE_ERRORS = _classes("UsageError")
_ABORTS: tuple[type[BaseException], ...] = (typer.Abort, *_classes("Abort"))
_EXITS: tuple[type[BaseException], ...] = (typer.Exit, *_classes("Exit"))
_CLICK_ERRORS = _classes("ClickException")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status.

    User mistakes (bad options, invalid values, unreadable files, refused estimates) print one
    ``error: ...`` line on stderr and return 2; no traceback is shown for them.
    """
    arguments = sys.argv[1:] if argv is None else argv
    try:
        result = app(args=arguments, prog_name="occlusion", standalone_mode=False)
    except _NO_ARGS_IS_HELP as exc:
        context = getattr(exc, "ctx", None)
        typer.echo(context.get_help() if context else "")
        return 0
    except _USAGE_ERRORS as exc:
        context = getattr(exc, "ctx", None)
        command = context.command_path if context else "occlusion"
        typer.echo(f"error: {_one_line(exc.format_message())} (see '{command} --help')", err=True)  # type: ignore[attr-defined]
        return 2
    except _ABORTS:
        typer.echo("error: aborted", err=True)
        return 130
    except _EXITS as exc:
        return int(getattr(exc, "exit_code", 0))
    except _CLICK_ERRORS as exc:
        typer.echo(f"error: {_one_line(exc.format_message())}", err=True)  # type: ignore[attr-defined]
        return 2
    except OcclusionError as exc:
        from occlusion.cli.messages import error_text

        typer.echo(f"error: {error_text(exc)}", err=True)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {_one_line(str(exc))}", err=True)
        return 2
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point: exit with the status of :func:`run`."""
    sys.exit(run())
