"""Retire an LOP on record (kept in the history, no longer used for plans), or use it again."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from litestar import Request, Response, post
from litestar.params import FromPath

from occlusion.errors import InputError
from occlusion.services import records
from occlusion.services.accounts import Account
from occlusion.store.engine import Database
from occlusion.web.context import app_state, require_account
from occlusion.web.routes.forms import see_other

#: Already in the state asked for: a second tap lands on the same page.
_ALREADY = frozenset({"lop.already-retired", "lop.not-retired"})


class _Change(Protocol):
    """``records.retire_lop`` or ``records.restore_lop``."""

    def __call__(
        self,
        database: Database,
        account: Account,
        person_id: uuid.UUID,
        row_id: uuid.UUID,
        *,
        now: datetime,
    ) -> dict[str, Any]: ...


def _change_lop(
    request: Request[Any, Any, Any], person_id: uuid.UUID, lop_id: uuid.UUID, change: _Change
) -> Response[Any]:
    """Apply ``change`` to one LOP of the record and go back to the measurements."""
    state = app_state(request)
    account = require_account(request)
    try:
        change(state.database, account, person_id, lop_id, now=state.now())
    except InputError as error:
        if error.code not in _ALREADY:
            raise
    return see_other(f"/people/{person_id}/measurements#lop")


@post(
    "/people/{person_id:uuid}/lop/{lop_id:uuid}/retire",
    include_in_schema=False,
    sync_to_thread=True,
)
def retire_lop(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    lop_id: FromPath[uuid.UUID],
) -> Response[Any]:
    """Retire one LOP of the record and go back to the measurements."""
    return _change_lop(request, person_id, lop_id, records.retire_lop)


@post(
    "/people/{person_id:uuid}/lop/{lop_id:uuid}/restore",
    include_in_schema=False,
    sync_to_thread=True,
)
def restore_lop(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    lop_id: FromPath[uuid.UUID],
) -> Response[Any]:
    """Put a retired LOP back in use and go back to the measurements."""
    return _change_lop(request, person_id, lop_id, records.restore_lop)


HANDLERS = [retire_lop, restore_lop]
