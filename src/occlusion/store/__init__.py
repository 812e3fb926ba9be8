"""The training log: SQLAlchemy models, migrations, the database engine, export and import.

Open the log with :func:`open_database` (SQLite in the user's data directory unless
``$OCCLUSION_DATABASE_URL`` names another database); read and write through
:meth:`Database.session`. Interfaces do not use this package directly: they call
:mod:`occlusion.services`.
"""

from occlusion.store.engine import (
    DATA_DIR_VARIABLE,
    DATABASE_URL_VARIABLE,
    Database,
    data_directory,
    database_url,
    open_database,
)
from occlusion.store.ids import new_id

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DATA_DIR_VARIABLE",
    "Database",
    "data_directory",
    "database_url",
    "new_id",
    "open_database",
]
