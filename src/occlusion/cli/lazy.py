"""A click group whose sub-commands are imported only when one of them is invoked.

``occlusion lop estimate`` imports :mod:`occlusion.cli.lop` and nothing of the simulator, the web
app or the device layer; the group's help lists every command from its one-line summary without
importing any.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Protocol

import click


class SubCommand(Protocol):
    """What the group needs to know of a sub-command before importing it."""

    @property
    def name(self) -> str:
        """The command's name (``"lop"``)."""

    @property
    def module(self) -> str:
        """Its module inside the package (``"lop"``)."""

    @property
    def attribute(self) -> str:
        """The module attribute holding the click command or group."""

    @property
    def summary(self) -> str:
        """Its one-line help, listed without importing the module."""


class LazyGroup(click.Group):
    """A group that imports a sub-command's module the first time the command is looked up.

    Parameters
    ----------
    subcommands
        The sub-commands by name, in the order the help lists them.
    package
        The package that holds their modules (``"occlusion.cli"``).
    """

    def __init__(
        self, *args: Any, subcommands: Mapping[str, SubCommand], package: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._subcommands = dict(subcommands)
        self._package = package

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the sub-commands' names in the order they were declared."""
        return list(self._subcommands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the sub-command ``cmd_name`` (``None`` when there is none)."""
        sub = self._subcommands.get(cmd_name)
        if sub is None:
            return None
        module = importlib.import_module(f"{self._package}.{sub.module}")
        command = getattr(module, sub.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{sub.module}.{sub.attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the sub-commands from their summaries, importing none of them."""
        rows = [(sub.name, sub.summary) for sub in self._subcommands.values()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
