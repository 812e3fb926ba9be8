"""Command-line options that take a word of :mod:`occlusion.vocabulary` (``--limb thigh``).

The option's value reaches the command as the vocabulary member, its help lists the words, and a
misspelt word ends as one line naming the option and the words it accepts (exit status 2).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

import typer

from occlusion.errors import InputError
from occlusion.vocabulary import choose, values

_Word = TypeVar("_Word", bound=StrEnum)


def word_parser(kind: type[_Word], what: str) -> Callable[[str], _Word]:
    """Return a parser that turns an option's text into a member of ``kind``."""

    def parse(text: str) -> _Word:
        try:
            return choose(text, kind, what)
        except InputError as error:
            raise typer.BadParameter(str(error)) from None

    return parse


def word_option(
    kind: type[StrEnum], flag: str, *, what: str, help: str, **settings: Any
) -> Any:
    """Return a ``typer.Option`` for ``flag`` whose value is a word of ``kind``.

    Parameters
    ----------
    kind
        The vocabulary type, e.g. :class:`~occlusion.vocabulary.Limb`.
    flag
        The option's name, e.g. ``"--limb"``.
    what
        The value's name in error messages (``"limb"``).
    help
        The help text; the accepted words are shown as the option's metavar.
    """
    return typer.Option(
        flag, parser=word_parser(kind, what), metavar="|".join(values(kind)), help=help, **settings
    )


def device_option(help: str, *, allow_none: bool = False) -> Any:
    """Return a ``--device`` option whose value is a parsed cuff address.

    With ``allow_none`` the word ``none`` is accepted too and gives ``None`` (no cuff).
    """
    from occlusion.device.address import DeviceAddress

    def parse(text: str | DeviceAddress | None) -> DeviceAddress | None:
        if text is None or isinstance(text, DeviceAddress):
            return text
        if allow_none and text.strip().lower() == "none":
            return None
        try:
            return DeviceAddress.parse(text)
        except InputError as error:
            raise typer.BadParameter(str(error)) from None

    return typer.Option("--device", parser=parse, metavar="ADDRESS", help=help)
