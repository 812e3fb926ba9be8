"""The live session page and its server-sent event stream."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import ServerSentEvent, Template

from occlusion import units
from occlusion.services import accounts, grants, records
from occlusion.vocabulary import MassUnit, UnitSystem
from occlusion.web.context import SESSION_COOKIE, app_state, require_account
from occlusion.web.display import reader_units
from occlusion.web.routes.corrections import set_specs
from occlusion.web.routes.forms import page

#: The last event of a stream whose reader lost access (signed out, grant revoked, account gone).
ACCESS_ENDED = {"step": "access-ended", "access_ended": True}
#: One stream lasts at most this long [s]; the browser's EventSource then reconnects by itself,
#: so an abandoned tab cannot hold a worker thread forever.
MAX_STREAM_S = 600.0


@get("/people/{person_id:uuid}/session", include_in_schema=False, sync_to_thread=True)
def session_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the live session (or the button that starts one)."""
    account = require_account(request)
    state = app_state(request)
    person = records.person(state.database, account, person_id, now=state.now())
    system = reader_units(request)
    unit = MassUnit.KG if system == UnitSystem.METRIC else MassUnit.LB
    # The page checks a set before sending it with the server's own words for each refusal.
    rules = {spec.name: spec.rule() for spec in set_specs(unit)}
    return page(
        request,
        "session.html",
        person=person.as_dict(),
        person_id=person_id,
        live=state.live.state(person_id),
        plan=records.active_plan(state.database, person_id),
        kg_per_unit=units.mass_to_kg(1.0, system),
        field_rules=json.dumps(rules),
    )


@get(
    "/api/people/{person_id:uuid}/session/stream",
    summary="Live session state as server-sent events",
)
async def session_stream(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    limit: FromQuery[int | None] = None,
) -> ServerSentEvent:
    """Stream the session's state (one ``state`` event per update; ``end`` when it is over).

    ``limit`` stops the stream after that many events (for tests and measurements).
    """
    import anyio

    account = require_account(request)
    state = app_state(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    await anyio.to_thread.run_sync(
        lambda: records.session_action(
            state.database, account, person_id, "state", now=state.now(), live=state.live
        )
    )
    interval = state.config.live_interval_s

    def access_holds() -> bool:
        # Signed in with the same account, which still exists and still may open the record.
        current = accounts.account_for_token(state.database, token, now=state.now())
        return (
            current is not None
            and current.id == account.id
            and grants.still_allowed(state.database, current, person_id)
        )

    async def events() -> AsyncIterator[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        # Paced by deadline, not by a fixed pause, so the work per update does not lower the rate.
        next_update = loop.time()
        give_up = next_update + MAX_STREAM_S
        next_check = next_update + state.config.access_recheck_s
        sent = 0
        while (limit is None or sent < limit) and loop.time() < give_up:
            if state.draining.is_set():
                # The server is stopping: end without an "end" event, so the browser's
                # EventSource reconnects by itself — to another worker, or to this server
                # once it is back — and the session resumes there.
                return
            if loop.time() >= next_check:
                if not await anyio.to_thread.run_sync(access_holds):
                    yield {"event": "end", "data": json.dumps(ACCESS_ENDED)}
                    return
                next_check = loop.time() + state.config.access_recheck_s
            snapshot = await anyio.to_thread.run_sync(lambda: state.live.state(person_id))
            sent += 1
            if snapshot is None:
                # The last state of a session the server stopped by itself, if that happened.
                ended = await anyio.to_thread.run_sync(lambda: state.live.take_ended(person_id))
                yield {"event": "end", "data": json.dumps(ended or {"step": "finished"})}
                return
            yield {"event": "state", "data": json.dumps(snapshot)}
            if snapshot.get("outcome"):
                return
            next_update += interval
            await asyncio.sleep(max(0.0, next_update - loop.time()))

    return ServerSentEvent(events())


HANDLERS = [session_page, session_stream]
