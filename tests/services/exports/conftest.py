from tests.services.cuff_log import cuff_database, cuff_log_file

__all__ = ["cuff_database", "cuff_log_file"]
