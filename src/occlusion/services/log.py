"""Open the training log for a use case (the one place interfaces get a database from)."""

from __future__ import annotations

from occlusion.store.engine import Database, database_url, open_database


def open_log(url: str | None = None) -> Database:
    """Open the configured training log (``$OCCLUSION_DATABASE_URL`` or the SQLite default).

    Raises
    ------
    StoreError
        The log is unreachable, locked, or newer than this version of Occlusion.
    """
    return open_database(url or database_url())


__all__ = ["Database", "open_log"]
