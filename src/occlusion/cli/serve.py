"""``occlusion serve``: run the web app (pages and JSON API) with uvicorn."""

from __future__ import annotations

import json
import os
import secrets
from typing import Annotated, Any

import typer

from occlusion.cli.words import device_option
from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError

#: After a stop signal, how long open connections may take to finish [s].
GRACEFUL_SHUTDOWN_S = 10


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.", min=1, max=65535)] = 8000,
    device: Annotated[
        DeviceAddress | None,
        device_option(
            "Cuff for automatic LOP: serial:PORT, ble:ADDRESS, sim:thigh+arm (results never "
            "saved) or none.",
            allow_none=True,
        ),
    ] = "sim:thigh+arm",  # type: ignore[assignment]  # typer parses the default like any value
    demo: Annotated[
        bool,
        typer.Option(help="Add demo accounts (athlete, coach, admin) if they do not exist."),
    ] = False,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            help="Mark cookies Secure (browsers then send them over HTTPS only); use behind a "
            "TLS proxy.",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Comma-separated addresses of proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto are trusted (empty: none; then every client is the proxy's "
            "address for the attempt limits).",
        ),
    ] = "",
    sign_ups_per_hour: Annotated[
        int,
        typer.Option(help="Sign-ups one client address may make per hour.", min=1),
    ] = 20,
    sign_ins_per_minute: Annotated[
        int,
        typer.Option(
            help="Password checks (sign-in, password change, deletion) one client address may "
            "make per minute.",
            min=1,
        ),
    ] = 10,
    log_format: Annotated[
        str,
        typer.Option(
            envvar="OCCLUSION_LOG_FORMAT",
            help="text, or json: one JSON object per line with the request id (for a log "
            "collector).",
        ),
    ] = "text",
    access_log: Annotated[
        bool,
        typer.Option(help="Log one line per request (method, route, status, time, request id)."),
    ] = True,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (PostgreSQL only): any worker serves any page, API call or "
            "live session.",
            min=1,
        ),
    ] = 1,
    smtp_url: Annotated[
        str,
        typer.Option(
            envvar="OCCLUSION_SMTP_URL",
            help="SMTP server that mails password reset links: smtp://host:25, "
            "smtp+starttls://user:password@host:587 or smtps://user:password@host:465 (empty: "
            "the administrator passes links on by hand).",
        ),
    ] = "",
    mail_from: Annotated[
        str, typer.Option(help="Sender address of mailed reset links.")
    ] = "occlusion@localhost",
    token_cache_s: Annotated[
        float,
        typer.Option(
            help="Seconds a session token's account is remembered (0: look it up on every "
            "request); sign-outs and account changes take effect at once either way.",
            min=0.0,
        ),
    ] = 30.0,
    csrf_secret: Annotated[
        str,
        typer.Option(
            envvar="OCCLUSION_CSRF_SECRET",
            help="Secret for form tokens; give every host behind one address the same "
            "(random per start when empty).",
            show_default=False,
        ),
    ] = "",
) -> None:
    """Serve the web app; the database comes from $OCCLUSION_DATABASE_URL as for the CLI.

    Not a medical device.
    """
    try:
        import uvicorn

        from occlusion.web.app import SERVE_SETTINGS_VARIABLE, app_from_settings
        from occlusion.web.mail import check_smtp_url
        from occlusion.web.observability import LOG_FORMATS
    except ImportError as error:
        raise InputError(
            f"the web app needs the 'web' extra ({error.name} is missing): "
            "pip install 'occlusion[web]'"
        ) from None
    if log_format not in LOG_FORMATS:
        raise InputError(f"unknown log format {log_format!r}: use text or json")
    trusted = [address.strip() for address in forwarded_allow_ips.split(",") if address.strip()]
    settings = {
        "device": None if device is None else str(device),
        "secure_cookies": secure_cookies,
        "sign_ups_per_hour": sign_ups_per_hour,
        "sign_ins_per_minute": sign_ins_per_minute,
        "smtp_url": check_smtp_url(smtp_url) if smtp_url else None,
        "mail_from": mail_from,
        "log_format": log_format,
        "access_log": access_log,
        "token_cache_s": token_cache_s,
        # Every worker (and host) must check the others' CSRF tokens: one secret for all.
        "csrf_secret": csrf_secret or secrets.token_urlsafe(32),
    }
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        # uvicorn trusts 127.0.0.1 by default; here no proxy is trusted unless named.
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or "",
        "server_header": False,
        "log_config": None,
        # Streams end at their next update once draining starts; this bounds the rest.
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
    }
    if workers == 1:
        app = app_from_settings(settings)
        if demo:
            state = app.state["occlusion"]
            _demo(state.database, state.config)
        typer.echo(f"Occlusion web app on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
        uvicorn.run(app, **common)
        return
    _check_shared_database()
    if demo:
        from occlusion.services.log import open_log
        from occlusion.web.config import WebConfig

        database = open_log()
        try:
            _demo(database, WebConfig())
        finally:
            database.close()
    os.environ[SERVE_SETTINGS_VARIABLE] = json.dumps(settings)
    typer.echo(
        f"Occlusion web app on http://{host}:{port}/ with {workers} workers  (Ctrl-C to stop)",
        err=True,
    )
    uvicorn.run(
        "occlusion.web.app:app_from_environment", factory=True, workers=workers, **common
    )


def _demo(database: Any, config: Any) -> None:
    from occlusion.web.demo import ensure_demo_accounts

    for line in ensure_demo_accounts(database, config):
        typer.echo(line, err=True)


def _check_shared_database() -> None:
    """Refuse several workers on SQLite: live sessions are coordinated through PostgreSQL."""
    from occlusion.store.engine import database_url

    if not database_url().startswith("postgresql"):
        raise InputError(
            "--workers above 1 needs PostgreSQL ($OCCLUSION_DATABASE_URL=postgresql://...): "
            "a SQLite log is served by one worker",
            code="serve.workers-need-postgresql",
        )
