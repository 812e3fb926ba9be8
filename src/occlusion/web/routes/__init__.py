"""Route handlers of the web app, one module per area."""

from __future__ import annotations

from typing import Any

from occlusion.web.routes import auth, coach, record, session
from occlusion.web.routes.api import API_ROUTER

ROUTE_HANDLERS: list[Any] = [
    *auth.HANDLERS,
    *record.HANDLERS,
    *session.HANDLERS,
    *coach.HANDLERS,
    API_ROUTER,
]
