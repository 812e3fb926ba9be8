"""Helpers for HTML form handlers: read form fields as numbers, render pages, redirect."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from occlusion.errors import InputError
from occlusion.web.context import current_account

#: A URL-encoded form, parsed before a synchronous handler runs in a worker thread.
Form = URLEncodedBody[dict[str, str]]


def number(fields: dict[str, str], name: str, *, required: bool = True) -> float | None:
    """Return the form field ``name`` as a number, ``None`` when empty and optional."""
    text = fields.get(name, "").strip().replace(",", ".")
    if not text:
        if required:
            raise InputError(f"enter a value for {name.replace('_', ' ')}")
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name.replace('_', ' ')} must be a number, not {text[:20]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"{name.replace('_', ' ')} must be a finite number")
    return value


def whole(fields: dict[str, str], name: str, *, required: bool = True) -> int | None:
    """Return the form field ``name`` as a whole number."""
    value = number(fields, name, required=required)
    if value is None:
        return None
    if not value.is_integer():
        raise InputError(f"{name.replace('_', ' ')} must be a whole number")
    return int(value)


def page(
    request: Request[Any, Any, Any], name: str, status_code: int = 200, **context: Any
) -> Template:
    """Render the template ``name`` with the signed-in account in its context."""
    return Template(
        name, context={"account": current_account(request), **context}, status_code=status_code
    )


def see_other(path: str) -> Redirect:
    """Redirect after a successful form post (303, so a reload does not post again)."""
    return Redirect(path, status_code=303)
