"""Run a SELECT on the database driver's own cursor and get its plain tuples.

For reads of thousands of rows whose columns need no conversion (numbers and text, finished in
SQL): SQLAlchemy's result rows and the driver's text decoding were most of such a read's CPU.
The statement is compiled once; each run passes its parameters through their types' bind
processors (what SQLAlchemy would do) and, on psycopg, asks for binary results, which decode
numbers without parsing text. Driver failures come out as SQLAlchemy's ``DBAPIError``, like
any other query's, so :func:`occlusion.store.engine.translate_errors` words them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select


class DriverQuery:
    """A SELECT compiled once for one database kind, run on the driver's cursor.

    Parameters
    ----------
    statement
        A SELECT whose varying values are named :func:`sqlalchemy.bindparam` s without values.
    dialect
        The dialect of the connections it will run on.
    """

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self._dialect_name = dialect.name
        self._binary = dialect.driver == "psycopg"
        self._order: tuple[str, ...] | None = (
            tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        )
        self._processors: dict[str, Callable[[Any], Any] | None] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for bind, name in compiled.bind_names.items()
        }
        # Values written into the statement (constants) are processed once, here.
        self._required = frozenset(
            name for bind, name in compiled.bind_names.items() if bind.required
        )
        self._fixed = {
            name: self._processed(name, bind.effective_value)
            for bind, name in compiled.bind_names.items()
            if not bind.required
        }

    def _processed(self, name: str, value: Any) -> Any:
        processor = self._processors.get(name)
        return value if processor is None or value is None else processor(value)

    def rows(self, connection: Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Return every row of the query with ``values`` for its parameters, as tuples.

        ``values`` may hold more names than the statement uses; every parameter without a
        value of its own must be there.
        """
        if connection.dialect.name != self._dialect_name:
            raise ValueError(f"compiled for {self._dialect_name}, not {connection.dialect.name}")
        missing = self._required - set(values)
        if missing:
            raise ValueError(f"no value for {', '.join(sorted(missing))}")
        processed = dict(self._fixed)
        for name in self._required:
            processed[name] = self._processed(name, values[name])
        parameters: Any = (
            processed if self._order is None else [processed[name] for name in self._order]
        )
        dialect = connection.dialect
        driver = connection.connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor(binary=True) if self._binary else driver.cursor()
        try:
            cursor.execute(self.sql, parameters)
            return list(cursor.fetchall())
        except dialect.loaded_dbapi.Error as exc:
            # As SQLAlchemy does for its own queries: a connection the server dropped is not
            # handed back to the pool for the next request to fail on.
            lost = bool(dialect.is_disconnect(exc, driver, cursor))
            error = DBAPIError.instance(
                self.sql, parameters, exc, dialect.loaded_dbapi.Error,
                connection_invalidated=lost, dialect=dialect,
            )
            if lost:
                connection.invalidate(exc)
            raise error from exc
        finally:
            cursor.close()
