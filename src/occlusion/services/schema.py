"""Use case: the training log's schema revision, and bringing it up to date on purpose.

``occlusion db status`` and ``occlusion db upgrade`` (and a container's entrypoint) use these;
opening the log for anything else upgrades it as well, under the same lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.store.engine import database_url, open_database, redact, translate_errors


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where a log's schema stands. ``state`` is ``current``, ``behind``, ``empty`` or ``newer``."""

    url: str
    revision: str | None
    head: str
    state: str
    pending: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "database": self.url,
            "revision": self.revision,
            "head": self.head,
            "state": self.state,
            "pending": list(self.pending),
        }


def schema_status(url: str | None = None) -> SchemaStatus:
    """Return the log's schema revision next to this version's newest, changing nothing."""
    from occlusion.store.migrate import current_revision, known_revisions

    resolved = url or database_url()
    database = open_database(resolved, check_schema=False)
    try:
        with translate_errors(resolved):
            revision = current_revision(database.engine)
    finally:
        database.close()
    known = known_revisions()
    head = known[-1]
    if revision is None:
        state, pending = "empty", tuple(known)
    elif revision not in known:
        state, pending = "newer", ()
    elif revision == head:
        state, pending = "current", ()
    else:
        state, pending = "behind", tuple(known[known.index(revision) + 1 :])
    return SchemaStatus(redact(resolved), revision, head, state, pending)


def upgrade_schema(url: str | None = None) -> tuple[SchemaStatus, SchemaStatus]:
    """Bring the log to this version's newest revision; return the status before and after.

    Raises
    ------
    StoreError
        The log is unreachable, or was written by a newer Occlusion.
    """
    before = schema_status(url)
    open_database(url or database_url()).close()
    return before, schema_status(url)
