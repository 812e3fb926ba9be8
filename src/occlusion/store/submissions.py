"""The table that makes form submissions idempotent: one row per submission token.

Every form that creates or changes rows carries a random token made when the page was drawn;
a request whose token is already here is a repeat (a double tap, a resend after a lost reply)
and is not carried out again. The row is kept as a plain key, not a foreign key, so deleting an
account leaves nothing dangling, and old rows can be pruned by age.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from occlusion.store.models import Base


class FormSubmission(Base):
    """A submission token already acted on, who sent it and when (UTC)."""

    __tablename__ = "form_submission"

    token: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
