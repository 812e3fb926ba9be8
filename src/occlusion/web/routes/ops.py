"""Endpoints for the orchestrator and the metrics scraper: liveness, readiness, metrics.

``/healthz`` says the process answers (it touches nothing else, so a slow database does not get
a healthy worker restarted); ``/readyz`` says it should get traffic: the database answers, the
schema is current, and the server is not draining for shutdown. Both are plain JSON, outside
the API's schema; ``/metrics`` is Prometheus' text format.
"""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, Response, get

from occlusion.services.health import readiness
from occlusion.web.context import app_state


@get("/healthz", include_in_schema=False, media_type=MediaType.JSON)
async def healthz() -> dict[str, str]:
    """Answer while the process runs."""
    return {"status": "ok"}


@get("/readyz", include_in_schema=False, sync_to_thread=True)
def readyz(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """Answer 200 when the database answers and the schema is current, else 503 with codes."""
    state = app_state(request)
    result = readiness(state.database).as_dict()
    if state.draining.is_set():
        result["ready"] = False
        result["problems"] = [*result["problems"], "shutting-down"]
    return Response(result, status_code=200 if result["ready"] else 503, media_type=MediaType.JSON)


@get("/metrics", include_in_schema=False)
async def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Return the Prometheus metrics."""
    state = app_state(request)
    state.metrics.live_sessions.set(state.live.count())
    return Response(
        state.metrics.page(),
        media_type="text/plain; version=0.0.4; charset=utf-8",
    )


HANDLERS = [healthz, readyz, metrics]
