"""Where the training log lives, how to open it, and what its failures mean to a person.

By default the log is a SQLite file in the user's data directory (``$OCCLUSION_DATA_DIR``, else
``~/.local/share/occlusion``), with no set-up. Clinics and teams point
``$OCCLUSION_DATABASE_URL`` at PostgreSQL (``postgresql://user@host/db``). Opening a log brings
its schema up to date with the migrations shipped in the package; a log written by a newer
version of Occlusion is refused rather than guessed at. Database failures a person can act on —
locked, full, read-only, unreachable — become one :class:`~occlusion.errors.StoreError` line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from occlusion.errors import InputError, StoreError

DATABASE_URL_VARIABLE = "OCCLUSION_DATABASE_URL"
DATA_DIR_VARIABLE = "OCCLUSION_DATA_DIR"
DATABASE_FILE_NAME = "occlusion.db"
#: How long SQLite waits for another writer before reporting the log as locked [s].
DEFAULT_BUSY_TIMEOUT_S = 5.0
#: PostgreSQL connections kept open between requests, and the extra ones a burst may open.
#: Together they match the 40 worker threads on which the web app runs its synchronous
#: handlers (AnyIO's default thread limit), so no handler waits for a connection while
#: another thread holds one idle in the queue; SQLAlchemy's defaults (5 + 10) made up to 25 of
#: those threads queue for a connection under load.
POSTGRESQL_POOL_SIZE = 20
POSTGRESQL_POOL_OVERFLOW = 20


def data_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Return the directory holding the default SQLite log (not created here)."""
    environ = os.environ if environ is None else environ
    configured = environ.get(DATA_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "occlusion"


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """Return the configured database URL: ``$OCCLUSION_DATABASE_URL`` or the SQLite default."""
    environ = os.environ if environ is None else environ
    configured = environ.get(DATABASE_URL_VARIABLE, "").strip()
    if configured:
        return normalise_url(configured)
    return f"sqlite:///{data_directory(environ) / DATABASE_FILE_NAME}"


def normalise_url(url: str) -> str:
    """Return ``url`` with the psycopg 3 driver named for plain ``postgresql://`` URLs."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite", "postgresql+")):
        raise InputError(
            f"unsupported database URL {redact(url)!r}: use sqlite:///PATH or postgresql://...",
            code="store.unsupported-url", url=redact(url)
        )
    return url


def redact(url: str) -> str:
    """Return ``url`` with any password replaced by ``***`` (for messages)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


@dataclass(slots=True)
class Database:
    """An open training log: an engine and a factory of ORM sessions."""

    engine: Engine
    url: str
    _sessions: sessionmaker[Session]
    #: PostgreSQL schema the log lives in when not the default (tests isolate themselves so).
    schema: str | None = None
    #: What services keep per open log (a cache and its listeners), by name.
    memo: dict[str, Any] = field(default_factory=dict)

    def listen(self, name: str, handler: Any) -> None:
        """Register ``handler`` for the ORM session event ``name`` on this log's sessions."""
        event.listen(self._sessions, name, handler)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield an ORM session; commit at the end, roll back everything on any error."""
        with translate_errors(self.url), self._sessions() as orm_session:
            try:
                yield orm_session
                orm_session.commit()
            except BaseException:
                orm_session.rollback()
                raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Yield a Core connection in one transaction; commit at the end, roll back on error.

        For hot writes that need no ORM unit of work (the session runner's journal): no ORM
        session, flush or session hooks, so the writer keeps derived rows (summaries) itself.
        """
        with translate_errors(self.url), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """Yield a Core connection on which each statement commits by itself (PostgreSQL).

        For a write of one statement, atomic on its own: without the BEGIN and COMMIT round
        trips of a transaction around it. SQLite (a file, no round trips) gets a transaction.
        """
        if self.engine.dialect.name != "postgresql":
            with self.transaction() as connection:
                yield connection
            return
        with (
            translate_errors(self.url),
            self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
        ):
            yield connection

    @property
    def dialect(self) -> str:
        """Name of the database dialect (``sqlite`` or ``postgresql``)."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Turn database failures a person can act on into :class:`StoreError` with one clear line."""
    try:
        yield
    except OperationalError as exc:
        raise StoreError(
            _explain(exc, url),
            code="store.unavailable", where=redact(url),
        ) from exc
    except DBAPIError as exc:
        where = redact(url)
        raise StoreError(
            f"the training log at {where} refused a change: {_first(exc)}",
            code="store.change-refused", where=where, detail=_first(exc),
        ) from exc
    except SQLAlchemyError as exc:
        raise StoreError(
            f"the training log at {redact(url)} failed: {_first(exc)}",
            code="store.failed", where=redact(url), detail=_first(exc),
        ) from exc


def _first(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__


def _explain(exc: OperationalError, url: str) -> str:
    message = _first(exc)
    lowered = message.lower()
    where = redact(url)
    if "locked" in lowered or "busy" in lowered:
        return (
            f"the training log at {where} is locked by another program; "
            "close the other program using it and try again"
        )
    if "full" in lowered or "no space" in lowered:
        return f"the training log at {where} cannot grow: the disk or database is full ({message})"
    if "readonly" in lowered or "read-only" in lowered:
        return f"the training log at {where} is read-only; check the file's permissions"
    if "unable to open" in lowered:
        return f"cannot open the training log at {where}: check the path and its permissions"
    if "connect" in lowered or "connection" in lowered:
        return f"cannot reach the database at {where}: {message}"
    return f"the training log at {where} failed: {message}"


def open_database(
    url: str | None = None,
    *,
    schema: str | None = None,
    upgrade: bool = True,
    check_schema: bool = True,
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
) -> Database:
    """Open (and create or upgrade) the training log.

    Parameters
    ----------
    url
        SQLAlchemy URL; :func:`database_url` when omitted. A SQLite file's directory is created.
    schema
        PostgreSQL schema to work in (created if missing); isolates parallel test workers.
    upgrade
        Bring the schema to the newest migration. Without it, an out-of-date log is refused.
    check_schema
        Look at the schema at all; ``False`` opens the log as it is (for ``occlusion db
        status``, which reports the revision instead of refusing it).
    busy_timeout_s
        How long SQLite waits for another writer before the log counts as locked [s].

    Raises
    ------
    StoreError
        The log is unreachable, locked, read-only, or was written by a newer Occlusion.
    """
    resolved = normalise_url(url) if url else database_url()
    engine = _create_engine(resolved, schema, busy_timeout_s)
    sessions = sessionmaker(engine, expire_on_commit=False)
    from occlusion.store import summaries

    event.listen(sessions, "after_flush", summaries.track)
    database = Database(engine, resolved, sessions, schema)
    if not check_schema:
        return database
    try:
        from occlusion.store.migrate import ensure_schema

        with translate_errors(resolved):
            ensure_schema(engine, resolved, upgrade=upgrade)
    except BaseException:
        engine.dispose()
        raise
    return database


def _create_engine(url: str, schema: str | None, busy_timeout_s: float) -> Engine:
    connect_args: dict[str, Any] = {}
    pool_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        pool_args = {"pool_size": POSTGRESQL_POOL_SIZE, "max_overflow": POSTGRESQL_POOL_OVERFLOW}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args["timeout"] = busy_timeout_s
    elif schema is not None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
            raise InputError(
                f"invalid schema name {schema!r}",
                code="store.bad-schema-name", schema=schema,
            )
        connect_args["options"] = f"-csearch_path={schema}"
        connect_args["connect_timeout"] = 5
    engine = create_engine(url, connect_args=connect_args, **pool_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif schema is not None:
        with translate_errors(url), engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL keeps readers (a history page) from blocking the runner's writes; FULL makes every
    # committed set survive power loss as well as a killed process.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
    # SQLite's own lower() folds only ASCII; searches by name need every letter folded.
    dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value
