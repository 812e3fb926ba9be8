"""Refuse unreadable input before any handler parses it (answered with 400).

Oversized or deeply nested JSON bodies, and control characters in JSON strings, form fields and
query parameters, never reach a handler, except on an HTML form whose handler is marked with
:func:`keeps_form` (a posted form, or a searching form sent by GET): there the names of the
fields and query parameters holding control characters are left in ``request.state``
(:data:`CONTROL_FIELDS`), and the handler draws its form again, every answer kept, with a
message beside each of those fields. Litestar bounds the body size itself
(``request_max_body_size``); the depth is counted on the raw bytes, outside strings, before any
parser recurses into them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from litestar import Request
from litestar.handlers import HTTPRouteHandler

from occlusion.errors import InputError
from occlusion.text import control_character_at

#: Largest request body accepted [bytes].
MAX_BODY_BYTES = 256 * 1024
#: Deepest nesting of arrays and objects accepted in a JSON body.
MAX_JSON_DEPTH = 32

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Key in ``request.state`` of the form fields holding control characters (a frozenset of names).
CONTROL_FIELDS = "control_fields"
_KEEPS_FORM = "occlusion_keeps_form"


def keeps_form(handler: HTTPRouteHandler) -> HTTPRouteHandler:
    """Mark an HTML form handler that reports control characters beside their fields itself.

    Put it above the route decorator: the mark goes in the handler's ``opt`` (Litestar's place
    for a handler's own settings), where the guard reads it.
    """
    handler.opt[_KEEPS_FORM] = True
    return handler


def _keeps_form(request: Request[Any, Any, Any]) -> bool:
    return bool(request.route_handler.opt.get(_KEEPS_FORM, False))


def control_fields(request: Request[Any, Any, Any]) -> frozenset[str]:
    """Return the names of the form fields that held control characters (for a marked handler)."""
    found = request.state.get(CONTROL_FIELDS, frozenset())
    return found if isinstance(found, frozenset) else frozenset()


def _held_control(items: Iterable[tuple[str, Any]]) -> frozenset[str]:
    """Return the names whose text values hold a control character."""
    return frozenset(
        name
        for name, value in items
        if isinstance(value, str) and control_character_at(value) is not None
    )


def json_depth(raw: bytes) -> int:
    """Return the deepest nesting of arrays and objects in ``raw`` (strings are skipped).

    Malformed input gets a depth too (unbalanced brackets simply count); parsing reports it.
    """
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _refuse_control(values: Iterator[str]) -> None:
    for value in values:
        if control_character_at(value) is not None:
            raise InputError(
                "some text contains an invisible control character; remove it and try again",
                code="text.control-character",
                what="text",
            )


async def refuse_unreadable_input(request: Request[Any, Any, Any]) -> None:
    """Check the request before its handler runs (a Litestar ``before_request`` hook).

    Raises
    ------
    InputError
        The JSON body nests deeper than :data:`MAX_JSON_DEPTH` or is not JSON, or any text in
        the query, form or JSON body holds a control character.
    """
    keeps = _keeps_form(request)
    if keeps and request.method == "GET":
        # A form sent by address: its fields are the query.
        request.state[CONTROL_FIELDS] = _held_control(request.query_params.multi_items())
    else:
        _refuse_control(iter(request.query_params.values()))
    if request.method not in _BODY_METHODS:
        return
    media_type = request.content_type[0]
    if media_type == "application/json":
        raw = await request.body()
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise InputError(
                f"the request body nests deeper than {MAX_JSON_DEPTH} levels",
                code="request.too-deep",
                limit=MAX_JSON_DEPTH,
            )
        if raw.strip():
            try:
                document = json.loads(raw)
            except (ValueError, RecursionError):
                raise InputError(
                    "the request body is not valid JSON", code="request.not-json"
                ) from None
            _refuse_control(_strings(document))
    elif media_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        if keeps:
            request.state[CONTROL_FIELDS] = control_fields(request) | _held_control(
                form.multi_items()
            )
            return
        _refuse_control(value for value in form.values() if isinstance(value, str))
