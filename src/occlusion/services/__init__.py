"""Use cases shared by the command line and the web app.

Each function takes an open :class:`~occlusion.store.engine.Database` (from :func:`open_log`),
validates its input before writing anything, and returns JSON-ready mappings or value objects
with ``as_dict()``.
"""

from importlib.util import find_spec

from occlusion.errors import StoreError
from occlusion.services.log import STORE_EXTRA_HINT, open_log

# The use cases all need the training log; say so in one line when its extra is missing
# (checked without importing SQLAlchemy, so this stays cheap).
_MISSING = [name for name in ("sqlalchemy", "alembic") if find_spec(name) is None]
if _MISSING:
    raise StoreError(
        f"{STORE_EXTRA_HINT} ({', '.join(_MISSING)} is missing)",
        code="store.extra-missing", missing=list(_MISSING),
    )

__all__ = ["open_log"]
