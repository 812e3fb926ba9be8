"""Warnings and notices that carry a stable code, the fields they are about and a default wording.

A :class:`Message` is a ``str`` (its default English wording, which names no command, option,
page or profile key), so code that only shows or stores text keeps working; interfaces look up
:attr:`Message.code` and :attr:`Message.fields` to say it in their own words with a next step
their user can take. Errors carry the same pair (:class:`occlusion.errors.OcclusionError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Message(str):
    """A warning or notice: its default wording, a stable code and the values it is about.

    Parameters
    ----------
    text
        The default wording, for logs, the Python API and interfaces without an entry for the code.
    code
        Stable identifier interfaces render from (``plan.lop-estimated``).
    **fields
        The values the message is about (``limb="thigh"``).
    """

    code: str
    fields: Mapping[str, Any]

    def __new__(cls, text: str, /, *, code: str, **fields: Any) -> Message:
        """Return a message worded ``text`` with ``code`` and ``fields``."""
        message = super().__new__(cls, text)
        message.code = code
        message.fields = dict(fields)
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (str(self), self.code, dict(self.fields)))

    def with_prefix(self, prefix: str, **fields: Any) -> Message:
        """Return this message with ``prefix`` before its wording and ``fields`` added."""
        return Message(f"{prefix}{self}", code=self.code, **{**self.fields, **fields})

    def as_dict(self) -> dict[str, Any]:
        """Return the message as a JSON-ready mapping (``code``, ``text``, ``fields``)."""
        return {"code": self.code, "text": str(self), "fields": dict(self.fields)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | str) -> Message:
        """Return the message stored by :meth:`as_dict` (a bare string gets code ``note``)."""
        if isinstance(data, str):
            return data if isinstance(data, Message) else cls(data, code="note")
        return cls(str(data["text"]), code=str(data["code"]), **dict(data.get("fields", {})))


def _rebuild(text: str, code: str, fields: dict[str, Any]) -> Message:
    return Message(text, code=code, **fields)


def stored(text: str | Mapping[str, Any]) -> dict[str, Any]:
    """Return a warning as it is stored: ``code``, ``text`` and ``fields``.

    A plain string (a warning written before it had a code) is stored with code ``note``; a
    mapping already in the stored form is returned as a copy.
    """
    if isinstance(text, Mapping):
        return Message.from_dict(text).as_dict()
    if isinstance(text, Message):
        return text.as_dict()
    return {"code": "note", "text": str(text), "fields": {}}


def code_of(text: str) -> str:
    """Return the code of ``text`` if it is a :class:`Message`, else ``"note"``."""
    return text.code if isinstance(text, Message) else "note"
