"""Build the Litestar app: templates, static files, CSRF, errors, OpenAPI and the routes."""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Litestar, MediaType, Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

import occlusion
from occlusion.errors import (
    AccessDenied,
    DeviceError,
    InputError,
    NotEstimableError,
    NotSignedIn,
    OcclusionError,
    RecordNotFound,
    ScreeningBlockError,
    SignInError,
    StoreError,
    TooManyAttempts,
)
from occlusion.services import token_cache
from occlusion.services.cluster import cluster_for
from occlusion.services.live_sessions import Keeper, LiveSessions
from occlusion.services.lockout import AttemptLimit
from occlusion.services.log import open_log
from occlusion.web import display, lop_words
from occlusion.web.config import WebConfig
from occlusion.web.context import AppState, current_account
from occlusion.web.csrf import CSRF_COOKIE, CSRF_HEADER, check_bound, set_pending_cookie
from occlusion.web.guard import MAX_BODY_BYTES, refuse_unreadable_input
from occlusion.web.headers import security_headers
from occlusion.web.observability import Metrics, observing_middleware
from occlusion.web.words import (
    agreement_text,
    alert_text,
    browser_name,
    due_text,
    duration,
    error_text,
    estimated_share_lines,
    label,
    local_day,
    local_time,
    month_name,
    prerequisite,
    rpe_text,
    sentence,
    stop_reason,
    warning_text,
)

HERE = Path(__file__).parent
_LOG = logging.getLogger("occlusion.web")


def status_for(error: OcclusionError) -> int:
    """Return the HTTP status that answers a project error."""
    if isinstance(error, TooManyAttempts):
        return 429
    if isinstance(error, (SignInError, NotSignedIn)):
        return 401
    if isinstance(error, AccessDenied):
        return 403
    if isinstance(error, RecordNotFound):
        return 404
    if isinstance(error, (ScreeningBlockError, NotEstimableError)):
        return 409
    if isinstance(error, (StoreError, DeviceError)):
        # The training log or the cuff is unavailable; the server itself did not fail.
        return 503
    if isinstance(error, InputError):
        return 400
    return 500


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/")


def _back_path(request: Request[Any, Any, Any]) -> str | None:
    # Only a same-site page the person came from, and not the one that failed.
    referer = request.headers.get("referer", "")
    base = str(request.base_url).rstrip("/")
    if not referer.startswith(base + "/"):
        return None
    path = referer[len(base) :]
    return path if path != request.url.path or request.method != "GET" else None


def _error_response(
    request: Request[Any, Any, Any],
    status: int,
    message: str,
    extra: dict[str, Any] | None = None,
    words: str | None = None,
) -> Response[Any]:
    """Answer an error: the error page in words, or JSON for the API.

    The JSON carries ``detail`` for programs and ``message`` for people.
    """
    if _wants_json(request):
        return Response(
            {
                "status_code": status,
                "detail": message,
                "message": words or message,
                **(extra or {}),
            },
            status_code=status,
            media_type=MediaType.JSON,
        )
    if status == 401 and request.method == "GET":
        return Redirect(f"/sign-in?next={request.url.path}")
    return Template(
        "error.html",
        context={
            "status": status,
            "message": words or message,
            "account": current_account(request),
            "back": _back_path(request),
        },
        status_code=status,
    )


#: What a person reads when the training log fails; the details (which may name the database's
#: address or a path) go to the server log only.
STORE_UNAVAILABLE = "the training log cannot be reached just now; nothing was changed, try again"


def _project_error(request: Request[Any, Any, Any], error: OcclusionError) -> Response[Any]:
    message = error_text(error)
    if isinstance(error, StoreError):
        request.logger.error(
            "training log failure on %s %s: %s", request.method, request.url.path, error
        )
        message = STORE_UNAVAILABLE
    elif isinstance(error, DeviceError):
        # The page says what to check in words; the port and the device's reply go to the log.
        request.logger.warning(
            "cuff failure on %s %s: %s", request.method, request.url.path, error
        )
    extra: dict[str, Any] = {"code": error.code}
    if isinstance(error.fields.get("field"), str):
        extra["field"] = error.fields["field"]
    if isinstance(error.fields.get("missing"), list):
        # Everything still missing, as codes and fields (a plan names all of it at once).
        extra["missing"] = error.fields["missing"]
    response = _error_response(request, status_for(error), message, extra, words=message)
    if isinstance(error, TooManyAttempts):
        response.headers["retry-after"] = str(max(1, round(error.retry_after_s)))
    return response


def _http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    message = str(error.detail)
    status = error.status_code
    words = None
    extra: dict[str, Any] = {}
    if isinstance(error, ValidationException):
        if not _wants_json(request):
            # A page's reader gets words, not a validator's message.
            message = "some of what you entered could not be read; check the form and try again"
        elif isinstance(error.extra, list) and error.extra and isinstance(error.extra[0], dict):
            first = error.extra[0]
            where = str(first.get("key") or first.get("source") or "request")
            message = f"invalid {where}: {first.get('message', 'bad value')}"
            words = validation_words(where, str(first.get("message", "")))
            extra = {"code": "input.invalid", "field": where}
    if status == 413:
        status = 400
        message = f"the request is larger than {MAX_BODY_BYTES // 1024} KiB"
    if status == 403 and "csrf" in message.lower():
        message = "the form expired or came from another site (CSRF check failed); reload the page"
        # A page's reader gets no acronym: what happened and what to do.
        words = (
            "This form had expired or came from another site, so nothing was done: reload the "
            "page and send it again."
        )
    if isinstance(error, NotFoundException):
        message = "no such page"
        words = "There is no such page."
    return _error_response(request, status, message, extra, words)


#: Unit suffixes of field names, as words say them.
_FIELD_UNITS = {"cm": "cm", "mmhg": "mmHg", "kg": "kg", "pct": "%", "s": "s", "in": "in"}
#: Field names that are abbreviations, in words.
_FIELD_NAMES = {"sbp": "systolic blood pressure", "dbp": "diastolic blood pressure", "lop": "LOP"}
_BOUND = re.compile(r"(>=|<=|>|<)\s*(-?[0-9.]+)")


def validation_words(field: str, detail: str) -> str:
    """Return plain words for a validator's complaint about ``field`` (a body or query field)."""
    stem, _, suffix = field.rpartition("_")
    unit = _FIELD_UNITS.get(suffix) if stem else None
    words = (stem if unit else field).replace("_", " ")
    words = _FIELD_NAMES.get(words, words)
    name = words[:1].upper() + words[1:]
    lowered = detail.lower()
    bound = _BOUND.search(detail)
    if bound:
        limit = f"{float(bound.group(2)):g}" + (f" {unit}" if unit else "")
        side = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
        return f"{name} must be {side[bound.group(1)]} {limit}."
    if "int" in lowered:
        return f"{name} must be a whole number."
    if "float" in lowered or "number" in lowered:
        return f"{name} must be a number."
    if "one of" in lowered or "enum" in lowered:
        return f"Choose the {name.lower()} from the list."
    if "required" in lowered or "missing" in lowered:
        return f"{name} is missing."
    return f"{name} is not valid."


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    # A bug must still answer with one line; the traceback goes to the server log.
    _LOG.exception("unexpected error on %s %s", request.method, request.url.path)
    return _error_response(
        request,
        500,
        "the server failed; the error was logged",
        words="Something went wrong on the server. It was logged; please try again.",
    )


def _drain_on_signal(state: AppState) -> Callable[[], None]:
    """Return a startup hook: on SIGTERM or SIGINT, mark the server draining first.

    uvicorn's own handler (kept and called after ours) stops accepting connections and waits
    for open ones; draining makes every live stream end at its next update, so that wait is
    short, and ``/readyz`` answer 503 so a proxy stops sending traffic here. Cuffs are
    deflated afterwards by the shutdown hook (:meth:`Keeper.stop`).
    """

    def install() -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signals reach only the main thread (tests run the app elsewhere)
        for number in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(number)

            def handler(sig: int, frame: Any, previous: Any = previous) -> None:
                state.draining.set()
                if callable(previous):
                    previous(sig, frame)

            signal.signal(number, handler)

    return install


def _handler_threads(count: int | None) -> Callable[[], None]:
    """Return a startup hook giving the event loop ``count`` threads for sync handlers."""

    def install() -> None:
        if count is None:
            return
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=count, thread_name_prefix="occlusion-handler")
        )

    return install


def _warm_simulator(enabled: bool) -> Callable[[], None]:
    """Return a startup hook loading the simulator's compiled step in a background thread."""

    def start() -> None:
        if not enabled:
            return
        import threading

        from occlusion.services.simulator import prefer_compiled_model

        # About 0.75 s: the server answers meanwhile; the simulator uses numpy until it is done.
        threading.Thread(
            target=prefer_compiled_model, name="occlusion-simulator-warm-up", daemon=True
        ).start()

    return start


async def _before_request(request: Request[Any, Any, Any]) -> None:
    await refuse_unreadable_input(request)
    await check_bound(request)


#: Environment variable carrying ``occlusion serve``'s settings to its worker processes.
SERVE_SETTINGS_VARIABLE = "OCCLUSION_SERVE_SETTINGS"


def app_from_settings(settings: dict[str, Any]) -> Litestar:
    """Build the app from ``occlusion serve``'s settings and set up its logging."""
    import logging as logging_module

    from occlusion.device.address import DeviceAddress
    from occlusion.web.observability import configure_logging

    device = settings.get("device")
    app = create_app(
        WebConfig(
            device=None if device is None else DeviceAddress.parse(str(device)),
            secure_cookies=bool(settings.get("secure_cookies", False)),
            sign_up_attempts_per_window=int(settings.get("sign_ups_per_hour", 20)),
            sign_up_window_s=3600.0,
            sign_in_attempts_per_window=int(settings.get("sign_ins_per_minute", 10)),
            sign_in_window_s=60.0,
            csrf_secret=str(settings.get("csrf_secret", "")),
            smtp_url=settings.get("smtp_url") or None,
            mail_from=str(settings.get("mail_from", "occlusion@localhost")),
            token_cache_s=float(settings.get("token_cache_s", 30.0)),
            handler_threads=settings.get("handler_threads") or None,
            compiled_simulator=True,
        )
    )
    # After the app is built: Litestar sets up its own logging when it is created.
    configure_logging(str(settings.get("log_format", "text")))
    if not settings.get("access_log", True):
        logging_module.getLogger("occlusion.access").setLevel(logging_module.WARNING)
    return app


def app_from_environment() -> Litestar:
    """Build one worker's app from :data:`SERVE_SETTINGS_VARIABLE` (``serve --workers N``)."""
    import json
    import os

    return app_from_settings(json.loads(os.environ.get(SERVE_SETTINGS_VARIABLE, "{}")))


def create_app(config: WebConfig | None = None) -> Litestar:
    """Return the web app for ``config`` (the database is opened and migrated here).

    Raises
    ------
    StoreError
        The training log cannot be opened.
    """
    from occlusion.web.routes import routers

    settings = config or WebConfig()
    csrf_secret = settings.resolved_csrf_secret()
    database = open_log(settings.database_url)
    metrics = Metrics()

    def count_alarm(code: str, severity: str) -> None:
        metrics.device_alarms.labels(code, severity).inc()

    cluster = cluster_for(database)
    token_cache.install(database, settings.token_cache_s)
    token_cache.on_accounts_changed(database, lambda: cluster.broadcast("accounts-changed"))

    def news(what: str) -> None:
        if what == "accounts-changed":
            token_cache.accounts_changed(database, tell_others=False)

    cluster.on_broadcast(news)
    state = AppState(
        database=database,
        config=settings,
        live=LiveSessions(
            database,
            settings.clock,
            settings.device,
            on_alarm=count_alarm,
            cluster=cluster,
        ),
        throttle=AttemptLimit(
            database,
            "sign-in",
            settings.sign_in_attempts_per_window,
            settings.sign_in_window_s,
            settings.clock,
        ),
        sign_up_throttle=AttemptLimit(
            database,
            "sign-up",
            settings.sign_up_attempts_per_window,
            settings.sign_up_window_s,
            settings.clock,
        ),
        metrics=metrics,
        csrf_secret=csrf_secret,
    )
    keeper = Keeper(state.live, settings.cuff_service_interval_s)
    static = create_static_files_router(
        path="/static", directories=[HERE / "static"], include_in_schema=False
    )
    engine_config = TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine)
    engine_config.engine_instance.engine.globals["NOT_A_MEDICAL_DEVICE"] = (
        occlusion.NOT_A_MEDICAL_DEVICE
    )
    filters = engine_config.engine_instance.engine.filters
    filters["alert_text"] = alert_text
    filters["local_day"] = local_day
    filters["local_time"] = local_time
    filters["browser_name"] = browser_name
    filters["sentence"] = sentence
    filters["month_name"] = month_name
    filters["agreement_text"] = agreement_text
    filters["estimated_share_lines"] = estimated_share_lines
    filters["label"] = label
    filters["prerequisite"] = prerequisite
    filters["due_text"] = due_text
    filters["duration"] = duration
    filters["rpe_text"] = rpe_text
    filters["stop_reason"] = stop_reason
    lop_words.register(filters)
    filters["warning_text"] = warning_text
    filters.update(display.FILTERS)
    app = Litestar(
        route_handlers=[*routers(), static],
        template_config=engine_config,
        csrf_config=CSRFConfig(
            secret=csrf_secret,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.secure_cookies,
            cookie_samesite="strict",
        ),
        openapi_config=OpenAPIConfig(
            title="Occlusion",
            version=occlusion.__version__,
            description=occlusion.NOT_A_MEDICAL_DEVICE,
            path="/api",
            render_plugins=[JsonRenderPlugin()],
        ),
        exception_handlers={
            OcclusionError: _project_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        state=State({"occlusion": state}),
        before_request=_before_request,
        before_send=[
            security_headers(https=settings.secure_cookies),  # type: ignore[list-item]
            set_pending_cookie(settings.secure_cookies),
        ],
        request_max_body_size=MAX_BODY_BYTES,
        middleware=[observing_middleware(metrics)],
        on_startup=[
            keeper.start,
            _drain_on_signal(state),
            _handler_threads(settings.handler_threads),
            _warm_simulator(settings.compiled_simulator),
        ],
        on_shutdown=[state.draining.set, keeper.stop, database.close],
        debug=False,
    )
    return app
