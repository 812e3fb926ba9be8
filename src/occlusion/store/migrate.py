"""Run the Alembic migrations shipped inside the package against an open engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from occlusion.errors import StoreError

SCRIPT_LOCATION = "occlusion.store:migrations"


def _config(url: str) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def known_revisions() -> list[str]:
    """Return every schema revision this version of Occlusion knows, oldest first.

    Revision ids are the four-digit prefixes of the files in ``migrations/versions`` (a
    convention the test suite checks against Alembic's own chain), so the common case — a log
    already at the newest revision — is answered without importing Alembic.
    """
    directory = Path(__file__).resolve().parent / "migrations" / "versions"
    files = directory.glob("[0-9][0-9][0-9][0-9]_*.py")
    return sorted(path.name.split("_", 1)[0] for path in files)


def alembic_revisions() -> list[str]:
    """Return the revision chain as Alembic reads it from the scripts, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config("sqlite://"))  # type: ignore[arg-type]
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """Return the newest schema revision this version of Occlusion knows."""
    return known_revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision recorded in the database, or ``None`` for an empty one."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def migrate_to(engine: Engine, url: str, revision: str) -> None:
    """Upgrade (or downgrade) the database at ``engine`` to ``revision``."""
    from alembic import command

    config = _config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        current = current_revision_on(connection)
        revisions = known_revisions()
        if current is not None and revisions.index(current) > revisions.index(revision):
            command.downgrade(config, revision)  # type: ignore[arg-type]
        else:
            command.upgrade(config, revision)  # type: ignore[arg-type]


def current_revision_on(connection: object) -> str | None:
    """Return the schema revision seen through an open connection."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()  # type: ignore[arg-type]


def ensure_schema(engine: Engine, url: str, *, upgrade: bool) -> None:
    """Create or upgrade the schema, refusing a database written by a newer Occlusion."""
    current = current_revision(engine)
    revisions = known_revisions()
    if current is not None and current not in revisions:
        raise StoreError(
            f"the training log uses schema revision {current!r}, newer than this version of "
            f"Occlusion knows (newest {revisions[-1]!r}); upgrade Occlusion to open it",
            code="store.schema-newer", revision=current, newest=revisions[-1]
        )
    if current == revisions[-1]:
        return
    if not upgrade:
        raise StoreError(
            f"the training log is at schema revision {current!r}; it needs upgrading to "
            f"{revisions[-1]!r} (open it with upgrade enabled)",
            code="store.schema-outdated", revision=current, newest=revisions[-1]
        )
    if engine.dialect.name != "postgresql":
        # SQLite: the migration's own write transaction already excludes other writers.
        migrate_to(engine, url, revisions[-1])
        return
    with migration_lock(engine):
        # Another worker may have upgraded while this one waited for the lock.
        if current_revision(engine) != revisions[-1]:
            migrate_to(engine, url, revisions[-1])


#: First key of the PostgreSQL advisory lock held while migrating (the second is the schema's
#: name hashed, so test schemas on one server do not wait for each other).
MIGRATION_LOCK_CLASS = 0x0CC1


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock so that workers starting together migrate one at a time.

    The lock lives on its own connection in session scope and is released at the end even
    when the migration fails (and by the server if this process dies).
    """
    from sqlalchemy import text

    with engine.connect() as connection:
        key = {"kind": MIGRATION_LOCK_CLASS}
        connection.execute(
            text("SELECT pg_advisory_lock(:kind, hashtext(current_schema()))"), key
        )
        connection.commit()
        try:
            yield
        finally:
            connection.execute(
                text("SELECT pg_advisory_unlock(:kind, hashtext(current_schema()))"), key
            )
            connection.commit()
