"""Use cases shared by the command line and the web app.

Each function takes an open :class:`~occlusion.store.engine.Database` (from :func:`open_log`),
validates its input before writing anything, and returns value objects with ``as_dict()``.
"""

from occlusion.services.log import open_log

__all__ = ["open_log"]
