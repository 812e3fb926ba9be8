"""What a person types during a session, and where it comes from (keys or piped lines).

Commands, one per line (the same in the live view and when lines are piped in):

``a``            the wraps are on (confirm)
``30``           log the set: 30 repetitions; optionally followed by
                 ``rpe 7``, ``d 4`` (discomfort 0-10), ``kg 60`` or ``lb 130`` (load),
                 ``s tingling`` (a symptom), e.g. ``30 rpe 7 d 4``
``d 8``          report discomfort now (0-10)
``s numbness``   report a symptom now (tingling, numbness, dizziness, sharp-pain, colour-or-refill)
``n``            end the rest now
``q``            stop the session (releases everything)
"""

from __future__ import annotations

import os
import select
import sys
from dataclasses import dataclass, field
from typing import IO

from occlusion.errors import InputError
from occlusion.vocabulary import MassUnit

HELP_LINE = (
    "a = wraps on · 30 rpe 7 d 4 = log 30 reps · d 8 = discomfort · s numbness = symptom · "
    "n = next · q = stop"
)


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command line."""

    action: str
    reps: int | None = None
    rpe: float | None = None
    discomfort: int | None = None
    load: float | None = None
    load_unit: MassUnit = MassUnit.KG
    symptoms: tuple[str, ...] = field(default=())


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what} must be a number, got {text!r}") from None


def _whole(text: str, what: str) -> int:
    value = _number(text, what)
    if not value.is_integer():
        raise InputError(f"{what} must be a whole number, got {text!r}")
    return int(value)


def parse_command(line: str) -> Command:
    """Parse one command line (see the module docstring).

    Raises
    ------
    InputError
        The line is not a command.
    """
    words = line.strip().lower().split()
    if not words:
        raise InputError("type a command: " + HELP_LINE)
    head, rest = words[0], words[1:]
    simple = {"a": "applied", "applied": "applied", "n": "next", "next": "next",
              "q": "stop", "quit": "stop", "stop": "stop"}
    if head in simple and not rest:
        return Command(simple[head])
    if head in ("d", "discomfort") and len(rest) == 1:
        return Command("discomfort", discomfort=_whole(rest[0], "discomfort"))
    if head in ("s", "symptom") and len(rest) == 1:
        return Command("symptom", symptoms=(rest[0],))
    if head in ("d", "discomfort"):
        raise InputError("give one rating from 0 to 10 after d, such as d 8")
    if head in ("s", "symptom"):
        raise InputError("give one symptom after s, such as s numbness")
    if head in ("kg", "lb", "rpe"):
        # A load or an RPE belongs to the set it was lifted in: the repetitions come first.
        example = {"kg": "30 kg 60", "lb": "30 lb 135", "rpe": "30 rpe 7"}[head]
        raise InputError(f"{head} goes after the set's repetitions, such as {example}")
    if head.lstrip("-").replace(".", "", 1).isdigit():
        reps = _whole(head, "repetitions")
        if len(rest) % 2:
            raise InputError(f"{' '.join(rest)!r}: each of rpe, d, kg, lb and s needs a value")
        rpe: float | None = None
        discomfort: int | None = None
        load: float | None = None
        load_unit = MassUnit.KG
        symptoms: list[str] = []
        for key, value in zip(rest[::2], rest[1::2], strict=True):
            if key == "rpe":
                rpe = _number(value, "RPE")
            elif key in ("d", "discomfort"):
                discomfort = _whole(value, "discomfort")
            elif key in ("kg", "lb"):
                load = _number(value, "load")
                load_unit = MassUnit(key)
            elif key in ("s", "symptom"):
                symptoms.append(value)
            else:
                raise InputError(f"unknown set detail {key!r}: use rpe, d, kg, lb or s")
        return Command(
            "log",
            reps=reps,
            rpe=rpe,
            discomfort=discomfort,
            load=load,
            load_unit=load_unit,
            symptoms=tuple(symptoms),
        )
    raise InputError(f"unknown command {line.strip()!r}: " + HELP_LINE)


class LineSource:
    """Command lines read from a pipe or file, waiting at most ``timeout_s`` for each.

    A pipe is read from its file descriptor with our own line buffer: Python's buffered reader
    would swallow several lines at once and ``select`` would then wait for more forever.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.ended = False
        self._pending = b""
        try:
            self._descriptor: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self._descriptor = None

    def read(self, timeout_s: float) -> str | None:
        """Return the next line, ``None`` if none arrived in time; raise EOFError at the end."""
        if self._descriptor is None:
            text = self.stream.readline()
            if text == "":
                raise EOFError
            return text
        while b"\n" not in self._pending:
            if self.ended:
                if self._pending:
                    rest, self._pending = self._pending, b""
                    return rest.decode(errors="replace")
                raise EOFError
            ready, _, _ = select.select([self._descriptor], [], [], timeout_s)
            if not ready:
                return None
            chunk = os.read(self._descriptor, 4096)
            if not chunk:
                self.ended = True
            self._pending += chunk
        first, _, self._pending = self._pending.partition(b"\n")
        return first.decode(errors="replace")


class KeySource:
    """Keys typed on a terminal, gathered into a line shown while it is typed."""

    def __init__(self) -> None:
        import termios
        import tty

        self.descriptor = sys.stdin.fileno()
        self._saved = termios.tcgetattr(self.descriptor)
        # TCSANOW keeps keys typed while the session was starting (TCSAFLUSH would drop them).
        tty.setcbreak(self.descriptor, termios.TCSANOW)
        self.buffer = ""

    def read(self, timeout_s: float) -> str | None:
        """Return a finished line (Enter), or ``None`` while the person is still typing."""
        ready, _, _ = select.select([self.descriptor], [], [], timeout_s)
        if not ready:
            return None
        character = os.read(self.descriptor, 1).decode(errors="ignore")
        if character in ("\n", "\r"):
            line, self.buffer = self.buffer, ""
            return line
        if character in ("\x7f", "\b"):
            self.buffer = self.buffer[:-1]
        elif character == "\x04":
            raise EOFError
        elif character.isprintable():
            self.buffer += character
        return None

    def close(self) -> None:
        """Give the terminal back its normal mode."""
        import termios

        termios.tcsetattr(self.descriptor, termios.TCSADRAIN, self._saved)
