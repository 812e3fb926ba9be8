from tests.store.database import database, database_target

__all__ = ["database", "database_target"]
