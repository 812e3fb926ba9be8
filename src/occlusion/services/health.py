"""Use case: whether this server is ready to answer (the log reachable, its schema current).

Returns codes and fields; the web app's ``/readyz`` renders them as JSON for the orchestrator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from occlusion.errors import StoreError
from occlusion.store.engine import Database, translate_errors


@dataclass(frozen=True, slots=True)
class Readiness:
    """The outcome of the readiness checks.

    ``problems`` holds codes: ``database-unreachable`` (with ``detail``) and
    ``schema-out-of-date`` (the log's revision is not this version's newest).
    """

    database_ms: float | None
    revision: str | None
    head: str
    problems: tuple[str, ...]
    detail: str | None = None

    @property
    def ready(self) -> bool:
        """Whether every check passed."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "ready": self.ready,
            "problems": list(self.problems),
            "database_ms": self.database_ms,
            "schema_revision": self.revision,
            "schema_head": self.head,
            "detail": self.detail,
        }


def readiness(database: Database) -> Readiness:
    """Check that the log answers a query and that its schema is at this version's newest."""
    from sqlalchemy import text

    from occlusion.store.migrate import current_revision_on, head_revision

    head = head_revision()
    began = time.perf_counter()
    try:
        with translate_errors(database.url), database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = current_revision_on(connection)
    except StoreError as error:
        return Readiness(None, None, head, ("database-unreachable",), str(error))
    elapsed_ms = round((time.perf_counter() - began) * 1000.0, 2)
    problems = () if revision == head else ("schema-out-of-date",)
    return Readiness(elapsed_ms, revision, head, problems)
