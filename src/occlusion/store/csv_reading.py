"""Read another app's CSV export strictly: every row whole, every problem named by its line.

Python's :mod:`csv` reader forgives a great deal: a row whose quote never closes swallows the
rest of the file into one cell, and a row with a missing or extra separator shifts its columns
(an exercise called "100" lifted with 0 kg). Imports use :func:`read_table` instead, which

- parses in strict mode, so an unclosed quote or a stray character after a closing quote is
  refused with the line the row starts on;
- refuses a row whose number of cells differs from the header's;
- keeps the module's field limit (:data:`MAX_FIELD_CHARS`) and a limit on the whole file
  (:data:`MAX_CSV_CHARS`), so a crafted file cannot make the importer hold gigabytes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from occlusion.errors import InputError

#: Longest cell read (the :mod:`csv` module's default limit) [characters].
MAX_FIELD_CHARS = 131_072
#: Largest CSV file imported: about ten years of daily workouts of 30 sets [characters].
MAX_CSV_CHARS = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row with the file line it starts on (1 is the header)."""

    line: int
    cells: dict[str, str]


def read_table(
    text: str, *, what: str, required: Sequence[str], delimiter: str | None = None
) -> tuple[list[str], list[CsvRow]]:
    """Return the header and the rows of a CSV file, refusing any malformed row.

    Parameters
    ----------
    text
        The file's contents (a leading byte-order mark is ignored).
    what
        The file's name in messages, such as ``"Strong CSV"``.
    required
        Columns the header must have.
    delimiter
        The separator; ``None`` picks ``;`` when the header has more of them than commas.

    Raises
    ------
    InputError
        The file is too large, lacks a required column, or a row is malformed (unclosed quote,
        a cell longer than :data:`MAX_FIELD_CHARS`, more or fewer cells than the header).
    """
    if len(text) > MAX_CSV_CHARS:
        raise InputError(
            f"the {what} file is larger than {MAX_CSV_CHARS // (1024 * 1024)} MB",
            code="import.too-large",
        )
    body = text.lstrip("\ufeff")
    if delimiter is None:
        first_line = body.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    header: list[str] = []
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(_problem(what, start, str(exc)), code="import.malformed-row",
                             line=start) from None
        line = start
        if not header:
            header = [cell.strip() for cell in cells]
            missing = [name for name in required if name not in header]
            if missing:
                raise InputError(
                    f"not a {what} export: missing column(s) {', '.join(missing)} "
                    f"(found {', '.join(header) or 'no header'})",
                    code="import.not-this-format",
                )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{what} line {line}: {len(cells)} cells where the header has {len(header)} "
                "(a missing or extra separator, or a quote that does not close)",
                code="import.malformed-row",
                line=line,
            )
        rows.append(CsvRow(line, dict(zip(header, cells, strict=True))))
    if not header:
        raise InputError(f"not a {what} export: the file is empty", code="import.not-this-format")
    return header, rows


def parse_number(
    text: str | None,
    *,
    what: str,
    column: str,
    line: int,
    limit: float = math.inf,
    decimal_comma: bool = False,
) -> float | None:
    """Return a cell as a number from 0 to ``limit``, ``None`` when it is empty.

    The Strong and Hevy importers read weights, reps, RPE and durations through this one parser.

    Parameters
    ----------
    text
        The cell's text.
    what
        The file's name in messages, such as ``"Strong CSV"``.
    column
        The value's name in messages and in the error's fields (``"weight"``).
    line
        The file line the row starts on.
    limit
        The largest plausible value, in the cell's own unit.
    decimal_comma
        Also read ``72,5`` as 72.5 (Strong writes the phone's decimal separator).

    Raises
    ------
    InputError
        ``import.not-a-number`` or ``import.number-out-of-range``, with the fields ``file``,
        ``line``, ``column``, ``value`` (and ``limit``).

    Examples
    --------
    >>> parse_number("72,5", what="Strong CSV", column="weight", line=2, decimal_comma=True)
    72.5
    >>> parse_number(" ", what="Hevy CSV", column="reps", line=3) is None
    True
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    fields = {"file": what, "line": line, "column": column, "value": text}
    try:
        value = float(cleaned.replace(",", ".") if decimal_comma else cleaned)
    except ValueError:
        raise InputError(
            f"{what} line {line}: {column} {text!r} is not a number",
            code="import.not-a-number",
            **fields,
        ) from None
    if not (math.isfinite(value) and 0 <= value <= limit):
        bound = "0 or more" if math.isinf(limit) else f"from 0 to {limit:g}"
        raise InputError(
            f"{what} line {line}: {column} {text!r} must be {bound}",
            code="import.number-out-of-range",
            limit=limit,
            **fields,
        )
    return value


def _problem(what: str, line: int, detail: str) -> str:
    if "field larger" in detail:
        return f"{what} line {line}: a cell is longer than {MAX_FIELD_CHARS:,} characters"
    if "end of data" in detail or "EOF" in detail:
        return f"{what} line {line}: a quote opens and never closes"
    return f"{what} line {line}: malformed row ({detail})"
