"""Text a person typed: refuse invisible control characters before they reach a log or a page.

A NUL byte cannot be stored by PostgreSQL, other C0 and C1 controls and lone UTF-16 surrogates
garble pages, CSV exports and terminals, and none of them is ever meant in a name or a note. Tab,
line feed and carriage return are allowed in multi-line text (notes); nowhere else.

:func:`article_before_number` picks "a" or "an" for a sentence that names a number ("an 11 cm
cuff", "a 12 cm cuff").
"""

from __future__ import annotations

import re

from occlusion.errors import InputError

#: C0 controls except tab, line feed and carriage return; DEL and the C1 controls; lone
#: surrogates (not encodable as UTF-8); U+FFFE and U+FFFF (non-characters).
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: The same, and tab, line feed and carriage return too.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_character_at(value: str, *, multiline: bool = True) -> int | None:
    """Return the index of the first character text may not hold, or ``None``."""
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE
    found = pattern.search(value)
    return None if found is None else found.start()


def without_control_characters(value: str) -> str:
    """Return ``value`` with every control character taken out (tab and line breaks stay)."""
    return _CONTROL_MULTILINE.sub("", value)


def check_text(value: str, *, what: str, multiline: bool = False) -> str:
    """Return ``value`` unchanged if it holds no control character, else refuse it.

    Parameters
    ----------
    what
        What the text is (``display name``, ``notes``), for the message.
    multiline
        Allow tab, line feed and carriage return.

    Raises
    ------
    InputError
        Code ``text.control-character`` with ``what`` and the character's ``position``
        (0-based).
    """
    position = control_character_at(value, multiline=multiline)
    if position is not None:
        raise InputError(
            f"the {what} contains an invisible control character (at position {position + 1}); "
            "remove it and try again",
            code="text.control-character",
            what=what,
            position=position,
        )
    return value


def article_before_number(number_text: str) -> str:
    """Return "an" when ``number_text`` is spoken with a vowel first, else "a".

    English says "an" before eight, eleven and eighteen, every number whose spoken form begins
    with "eight" (80-89, 800-899, 8000...) and eleven or eighteen thousand-odd; the digits
    before any decimal point decide.

    Parameters
    ----------
    number_text
        A number as written in the sentence (``"11"``, ``"8.5"``, ``"18 cm"``).
    """
    digits = number_text.strip().split(" ")[0].split(".")[0].replace(",", "").lstrip("+")
    if digits.startswith("8") or digits in {"11", "18"}:
        return "an"
    if len(digits) == 5 and digits[:2] in {"11", "18"}:
        return "an"
    return "a"
