"""Downloads of a record (report, FHIR, FIT, Strong, Hevy, CSV, JSON) and a session's summary."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from occlusion.errors import InputError
from occlusion.services import records
from occlusion.services.corrections import LATE_SET_ARRIVAL_NOTE, LATE_SET_NOTE
from occlusion.text import without_control_characters
from occlusion.web.context import app_state, require_account
from occlusion.web.downloads import DOWNLOADS
from occlusion.web.guard import control_fields, keeps_form
from occlusion.web.routes.forms import CONTROL_MESSAGE, page
from occlusion.web.routes.record import history_template
from occlusion.web.words import error_text


def _day(text: str | None, what: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"the {what} date is not a date: choose a day", code="export.bad-date", field=field
        ) from None


#: The download form's field a refusal belongs beside, by its code (others name their field).
FIELD_OF = {
    "export.unknown-format": "format",
    "export.period-reversed": "to",
    "export.empty-period": "from",
}


def file_name(person_name: str, export_format: str, suffix: str, today: date) -> str:
    """Return a download name people recognise, in plain ASCII (``occlusion-zoe-...``)."""
    plain = unicodedata.normalize("NFKD", person_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "record"
    return f"occlusion-{slug}-{export_format}-{today.isoformat()}{suffix}"


@keeps_form
@get("/people/{person_id:uuid}/export", include_in_schema=False, sync_to_thread=True)
def download(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    export_format: Annotated[str, QueryParameter(name="format")] = "pdf",
    start: Annotated[str | None, QueryParameter(name="from")] = None,
    end: Annotated[str | None, QueryParameter(name="to")] = None,
) -> Response[Any]:
    """Send the record in the chosen format (a grantee's download is audited).

    A refused download (an unknown format, a date that is not one, a period that ends before it
    starts or holds no session) draws the history page again with the download form first, the
    answers kept, the error beside the field it is about and that field focused.
    """
    state = app_state(request)
    account = require_account(request)
    now = state.now()
    held = sorted(control_fields(request) & {"format", "from", "to"})
    if held:
        kept = {
            "format": without_control_characters(export_format),
            "from": without_control_characters(start or ""),
            "to": without_control_characters(end or ""),
        }
        return history_template(
            request,
            person_id,
            status_code=400,
            download={**kept, "error": CONTROL_MESSAGE, "field": held[0]},
        )
    try:
        if export_format not in DOWNLOADS:
            raise InputError(
                "choose one of the formats offered", code="export.unknown-format", field="format"
            )
        person = records.person(state.database, account, person_id, now=now)
        # The backup and the spreadsheet always hold whole records; the form says so.
        whole = export_format in ("json", "csv")
        exported = records.export_record(
            state.database, account, person_id, export_format, now=now,
            start=None if whole else _day(start, "first", "from"),
            end=None if whole else _day(end, "last", "to"),
        )
    except InputError as error:
        kept = {"format": export_format, "from": start or "", "to": end or ""}
        field = error.fields.get("field") or FIELD_OF.get(error.code, "format")
        # The page puts the form, the answers and this message first, its field focused.
        return history_template(
            request,
            person_id,
            status_code=400,
            download={**kept, "error": error_text(error), "field": field},
        )
    name = file_name(person.name, export_format, exported.suffix, now.date())
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )


@get("/people/{person_id:uuid}/sessions/{session_id:uuid}", include_in_schema=False,
     sync_to_thread=True)
def session_summary(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    session_id: FromPath[uuid.UUID],
) -> Template:
    """Show one session: sets target next to actual, pressure fidelity, stop events."""
    state = app_state(request)
    account = require_account(request)
    summary = records.session_summary(state.database, account, person_id, session_id,
                                      now=state.now())
    return page(request, "session_summary.html", person_id=person_id, summary=summary,
                kept=kept_on_phone(request), late_note=LATE_SET_NOTE,
                arrival_note=LATE_SET_ARRIVAL_NOTE)


#: What the session page did with what the phone kept, as it reports it in the address.
KEPT_COUNTS = ("added", "refused", "unsent", "other")


def kept_on_phone(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """Return the counts (0 to 999) and the first refusal's words the session page reported.

    Only counts and a short sentence are read from the address; they change nothing stored.
    """
    kept: dict[str, Any] = {}
    for name in KEPT_COUNTS:
        text = request.query_params.get(f"kept_{name}")
        if isinstance(text, str) and text.isdigit() and 0 < int(text) < 1000:
            kept[name] = int(text)
    reason = request.query_params.get("kept_reason")
    if kept.get("refused") and isinstance(reason, str):
        kept["reason"] = without_control_characters(reason)[:200]
    return kept


HANDLERS = [download, session_summary]
