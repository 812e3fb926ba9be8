"""Idempotent submissions: a form's token is acted on once, whatever the number of taps.

A page draws each form with a fresh random token (:func:`new_token`). The handler claims the
token before doing the work (:func:`claim`); a second request with the same token finds it
claimed and does nothing but show the result page again. If the work is refused (an invalid
value), the handler releases the token (:func:`release`) so the corrected form can be sent.
The claim is a primary-key insert, so two simultaneous taps on two server workers still make
one row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from occlusion.errors import StoreError
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.submissions import FormSubmission


def new_token() -> str:
    """Return a fresh submission token for a form about to be drawn."""
    return str(uuid.uuid4())


def parse_token(text: str | None) -> uuid.UUID | None:
    """Return the token in ``text``, or ``None`` when it is absent or malformed.

    A form without a token (an old page, a script) is simply not deduplicated.
    """
    if not text:
        return None
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def claim(
    database: Database, token: uuid.UUID, *, actor_id: uuid.UUID, action: str, now: datetime
) -> bool:
    """Claim ``token`` for ``action``; return ``False`` when it was already claimed (a repeat)."""
    received_at, _offset = timestamps.split(now)
    try:
        with database.session() as session:
            if session.get(FormSubmission, token) is not None:
                return False
            session.add(
                FormSubmission(
                    token=token, actor_id=actor_id, action=action[:60], received_at=received_at
                )
            )
            session.flush()
    except StoreError as error:
        # Two requests raced past the look-up: the primary key let only one of them in.
        if isinstance(error.__cause__, IntegrityError):
            return False
        raise
    return True


def release(database: Database, token: uuid.UUID) -> None:
    """Forget ``token`` (its work was refused, so the same form may be sent again)."""
    with database.session() as session:
        session.execute(delete(FormSubmission).where(FormSubmission.token == token))
