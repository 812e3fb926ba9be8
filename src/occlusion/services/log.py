"""Open the training log for a use case (the one place interfaces get a database from)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from occlusion.errors import StoreError

if TYPE_CHECKING:
    from occlusion.store.engine import Database

STORE_EXTRA_HINT = "the training log needs the store extra: pip install 'occlusion[store]'"


def open_log(url: str | None = None) -> Database:
    """Open the configured training log (``$OCCLUSION_DATABASE_URL`` or the SQLite default).

    Raises
    ------
    StoreError
        The store extra is not installed, or the log is unreachable, locked, or newer than
        this version of Occlusion.
    """
    try:
        from occlusion.store.engine import database_url, open_database
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] in ("sqlalchemy", "alembic", "psycopg"):
            raise StoreError(
                f"{STORE_EXTRA_HINT} ({error.name} is missing)",
                code="store.extra-missing", missing=[error.name],
            ) from None
        raise
    return open_database(url or database_url())


__all__ = ["STORE_EXTRA_HINT", "open_log"]
