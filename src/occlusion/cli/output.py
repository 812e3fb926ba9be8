"""Shared output helpers for the command line: JSON documents and a rich console."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

JSON_OPTION_HELP = "Print one JSON document on stdout instead of the readable page."

_F = TypeVar("_F", bound=Callable[..., Any])


def json_option(function: _F) -> _F:
    """Add the ``--json`` flag (parameter ``json_output``) to a click command."""
    return click.option("--json", "json_output", is_flag=True, help=JSON_OPTION_HELP)(function)


def jsonable(value: Any) -> Any:
    """Return ``value`` with dataclasses, tuples and non-finite floats made JSON-safe."""
    if hasattr(value, "as_dict") and callable(value.as_dict):
        return jsonable(value.as_dict())
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (str, bytes)):
        return value.decode() if isinstance(value, bytes) else value
    if isinstance(value, Sequence):
        return [jsonable(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def print_json(document: Any) -> None:
    """Write ``document`` as one indented JSON document on stdout."""
    click.echo(json.dumps(jsonable(document), indent=2, ensure_ascii=False))


def console() -> Console:
    """Return a console for readable output (no colour when stdout is not a terminal)."""
    # rich is imported here, not at the top: ``--json`` output never needs it.
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def progress_bar() -> Progress:
    """Return a transient progress bar on stderr, drawn only when stderr is a terminal.

    Piped or captured, a rich bar still writes a blank line when it stops, which would put a
    second line beside a one-line error; there is no one to watch it there anyway.
    """
    from rich.console import Console
    from rich.progress import Progress

    errors = Console(stderr=True)
    return Progress(console=errors, transient=True, disable=not errors.is_terminal)
