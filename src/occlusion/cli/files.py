"""Reading the TOML and JSON files people write by hand (profiles, screening answers, policies).

A malformed file is refused in one line that names the file, the line and column of the fault
and what is wrong there in words: ``profile file 'me.toml', line 3, column 8: this value is not
valid TOML (text needs quotes: name = "Ann")``. The parsers' own messages are terse ("Invalid
value", "Expecting ',' delimiter") and tomllib gives no line at all for a fault at the end of
the document (an unclosed list or string), so both are translated here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from occlusion.errors import InputError

# tomllib (Python 3.11-3.13) ends every message with "(at line L, column C)" or
# "(at end of document)"; Python 3.14 also offers lineno/colno attributes.
_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_TWICE = re.compile(
    r"^Cannot (?:declare|redefine namespace|mutate immutable namespace) (.+?)(?: twice)?$"
)

_TOML_WORDS: tuple[tuple[str, str], ...] = (
    ("Invalid value", 'this value is not valid TOML (text needs quotes: name = "Ann")'),
    ("Expected '=' after a key", "a name needs '=' and a value after it (name = value)"),
    ("Expected ']' at the end of a table", "a [section] heading lacks its closing ']'"),
    ("Expected ']]' at the end of an array", "an [[list]] heading lacks its closing ']]'"),
    (
        "Expected newline or end of document",
        "more follows the value on the same line: write one name = value per line",
    ),
    ("Unterminated string", "a text lacks its closing quote"),
    ("Unclosed array", "a list [...] lacks its closing ']' (or a ',' between its items)"),
    ("Unclosed inline table", "a table {...} lacks its closing '}' (or a ',' between its items)"),
    ("Invalid date or datetime", "this date or time is not valid (write 2026-12-07)"),
    ("Invalid statement", "this line is neither name = value nor a [section] heading"),
    (
        "Invalid initial character for a key",
        "a name may hold only letters, digits, '-' and '_' (or be quoted)",
    ),
    ("Unescaped '\\'", "a backslash in a text must be doubled, or the text single-quoted"),
    ("Escaped character is not", "a \\u escape in a text is not a valid character"),
    ("Invalid hex value", "a \\u escape in a text is not a valid character"),
    ("Cannot overwrite a value", "this name is given a value twice"),
    ("Duplicate inline table key", "a name appears twice in a table {...}"),
    ("Illegal character", "a character TOML does not allow in a text"),
    ("Found invalid character", "a character TOML does not allow here"),
)

_JSON_WORDS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "a value is missing or not valid JSON (text needs double quotes)"),
    ("Expecting property name", "a name must be in double quotes (and no ',' before a '}')"),
    ("Expecting ',' delimiter", "a ',' is missing between two items"),
    ("Expecting ':' delimiter", "a ':' is missing after a name"),
    ("Unterminated string", "a text lacks its closing quote"),
    ("Extra data", "more follows the end of the document"),
    ("Invalid control character", "a text holds a line break or tab: write \\n or \\t"),
    ("Invalid \\escape", "a backslash in a text must be doubled"),
    ("Invalid \\uXXXX escape", "a \\u escape in a text is not valid"),
)


def _words(message: str, table: tuple[tuple[str, str], ...]) -> str:
    if message.startswith("Illegal character") and "\\n" in message:
        # A line break inside a one-line text: almost always a missing closing quote.
        return "a text lacks its closing quote (a text in \"...\" stays on one line)"
    for start, words in table:
        if message.startswith(start):
            return words
    twice = _TWICE.match(message)
    if twice:
        return f"[{_key_text(twice.group(1))}] is declared twice"
    return message[:1].lower() + message[1:] if message else "not valid"


def _key_text(text: str) -> str:
    # tomllib writes the key as a Python tuple of its parts: ('limbs', 'left').
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(parts, tuple):
        return ".".join(str(part) for part in parts)
    return str(parts)


def _end_of(text: str) -> tuple[int, int]:
    """Return the line and column just after the last written character of ``text`` (1-based)."""
    # Trailing blank lines are not where the fault is: point after the last thing written.
    lines = text.rstrip().split("\n")
    return len(lines), len(lines[-1]) + 1


def toml_fault(text: str, error: Exception) -> tuple[int, int, str]:
    """Return ``(line, column, words)`` for a TOML parse error of ``text``.

    Parameters
    ----------
    text
        The document that failed to parse.
    error
        The :class:`tomllib.TOMLDecodeError` it raised.
    """
    message = str(error.args[0]) if error.args else str(error)
    where = _TOML_WHERE.search(message)
    bare = str(getattr(error, "msg", None) or (message[: where.start()] if where else message))
    position = getattr(error, "pos", None)
    at_end = (where is not None and where.group(1) is None) or (
        isinstance(position, int) and position >= len(text)
    )
    line = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    if at_end:
        line, column = _end_of(text)
    elif not (isinstance(line, int) and isinstance(column, int)):
        line, column = (int(where.group(1)), int(where.group(2))) if where else _end_of(text)
    if at_end and bare == "Invalid value":
        return line, column, "the file ends before a value is complete (a list or text left open)"
    return line, column, _words(bare, _TOML_WORDS)


def json_fault(error: Any) -> tuple[int, int, str]:
    """Return ``(line, column, words)`` for a :class:`json.JSONDecodeError`."""
    return int(error.lineno), int(error.colno), json_words(str(error.msg))


def json_words(message: str) -> str:
    """Return what the JSON parser's ``message`` ("Expecting ',' delimiter") means, in words."""
    return _words(message, _JSON_WORDS)


def read_table_file(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file (or JSON, when the name ends in ``.json``) holding a table.

    Parameters
    ----------
    path
        The file.
    what
        What the file holds, for the error line ("profile", "answers", "policy").

    Raises
    ------
    InputError
        ``file.not-found``, ``file.unreadable``, ``file.malformed`` (with ``line`` and
        ``column``) or ``file.not-a-table``, each with the ``file``; the message is the one line
        the command prints.
    """
    import json
    import tomllib

    name = f"{what} file {str(path)!r}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{name} does not exist", code="file.not-found", file=str(path)) from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not UTF-8 text (byte {error.start + 1} cannot be read): save it as UTF-8",
            code="file.unreadable",
            file=str(path),
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            f"cannot read {name}: {reason[:1].lower()}{reason[1:]}",
            code="file.unreadable",
            file=str(path),
        ) from None
    is_json = path.suffix.lower() == ".json"
    try:
        document: object = json.loads(text) if is_json else tomllib.loads(text)
    except json.JSONDecodeError as error:
        line, column, words = json_fault(error)
    except tomllib.TOMLDecodeError as error:
        line, column, words = toml_fault(text, error)
    else:
        if not isinstance(document, dict):
            shape = "one JSON object {...}" if is_json else "a table of name = value"
            raise InputError(
                f"{name} must hold {shape}",
                code="file.not-a-table",
                file=str(path),
            )
        return document
    raise InputError(
        f"{name}, line {line}, column {column}: {words}",
        code="file.malformed",
        file=str(path),
        line=line,
        column=column,
    )
