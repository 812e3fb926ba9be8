"""Route handlers of the web app, one module per area."""

from __future__ import annotations

from litestar import Router

from occlusion.web.routes import (
    api,
    auth,
    coach,
    corrections,
    exports,
    lop,
    offline,
    ops,
    record,
    retire,
    session,
    simulator,
)


def routers() -> list[Router]:
    """Return fresh routers for one app instance (pages, then the JSON API).

    Handlers are registered through new routers each time, so several apps (one per test)
    never share a handler already bound to another app.
    """
    pages = [
        *auth.HANDLERS,
        *record.HANDLERS,
        *lop.HANDLERS,
        *corrections.HANDLERS,
        *retire.HANDLERS,
        *exports.HANDLERS,
        *session.HANDLERS,
        *coach.HANDLERS,
        *simulator.HANDLERS,
        *ops.HANDLERS,
        *offline.HANDLERS,
    ]
    return [Router(path="/", route_handlers=pages), api.api_router()]
