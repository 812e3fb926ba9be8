"""Command-line options that take a word of :mod:`occlusion.vocabulary` (``--limb thigh``).

The option's value reaches the command as the vocabulary member, its help lists the words, and a
misspelt word ends as one line naming the option and the words it accepts (exit status 2).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import click

from occlusion.errors import InputError
from occlusion.vocabulary import choose, values

if TYPE_CHECKING:
    from occlusion.device.address import DeviceAddress

_Word = TypeVar("_Word", bound=StrEnum)
_F = TypeVar("_F", bound=Callable[..., Any])


class WordType(click.ParamType[_Word]):
    """A click parameter type whose values are the words of one vocabulary type."""

    def __init__(self, kind: type[_Word], what: str) -> None:
        self.kind = kind
        self.what = what
        self.name = what

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> _Word:
        """Return ``value`` as a member of the vocabulary type, or fail with the accepted words."""
        if isinstance(value, self.kind):
            return value
        try:
            return choose(str(value), self.kind, self.what)
        except InputError as error:
            self.fail(str(error), param, ctx)


def word_option(
    kind: type[StrEnum], *declarations: str, what: str, help: str, **settings: Any
) -> Callable[[_F], _F]:
    """Return a click option for ``declarations`` whose value is a word of ``kind``.

    Parameters
    ----------
    kind
        The vocabulary type, e.g. :class:`~occlusion.vocabulary.Limb`.
    declarations
        The option's name, e.g. ``"--limb"`` (and the parameter's name when it differs).
    what
        The value's name in error messages (``"limb"``).
    help
        The help text; the accepted words are shown as the option's metavar.
    """
    default = settings.get("default")
    if isinstance(default, StrEnum):
        # The help shows the word a person types ("seated"), not the member's name; the type
        # turns it back into the member.
        settings["default"] = default.value
    return click.option(
        *declarations,
        type=WordType(kind, what),
        metavar="|".join(values(kind)),
        help=help,
        **settings,
    )


class DeviceType(click.ParamType["DeviceAddress | None"]):
    """A click parameter type whose values are parsed cuff addresses (``sim``, ``serial:PORT``).

    With ``allow_none`` the word ``none`` is accepted too and gives ``None`` (no cuff).
    """

    name = "address"

    def __init__(self, *, allow_none: bool) -> None:
        self.allow_none = allow_none

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> DeviceAddress | None:
        """Return the parsed address, or fail with the parser's one-line reason."""
        from occlusion.device.address import DeviceAddress

        if value is None or isinstance(value, DeviceAddress):
            return value
        text = str(value)
        if self.allow_none and text.strip().lower() == "none":
            return None
        try:
            return DeviceAddress.parse(text)
        except InputError as error:
            self.fail(str(error), param, ctx)


def device_option(help: str, *, allow_none: bool = False, **settings: Any) -> Callable[[_F], _F]:
    """Return a ``--device`` option whose value is a parsed cuff address."""
    return click.option(
        "--device", type=DeviceType(allow_none=allow_none), metavar="ADDRESS", help=help, **settings
    )
