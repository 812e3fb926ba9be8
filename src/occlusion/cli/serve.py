"""``occlusion serve``: run the web app (pages and JSON API) with uvicorn."""

from __future__ import annotations

import errno
import json
import os
import secrets
from typing import Any

import click

from occlusion.cli.words import device_option
from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError

#: After a stop signal, how long open connections may take to finish [s].
GRACEFUL_SHUTDOWN_S = 10
#: How long an idle keep-alive connection stays open [s]. It must outlast every client's
#: own idle limit (deploy/Caddyfile keeps the proxy's at 60 s; httpx's default is 5 s):
#: uvicorn's default of 5 s closed connections just as clients reused them, and a request
#: written into the closing connection got no answer at all.
KEEP_ALIVE_S = 75


@click.command("serve")
@click.option("--host", default="127.0.0.1", help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(min=1, max=65535), default=8000, help="TCP port to listen on."
)
@device_option(
    "Cuff for automatic LOP: serial:PORT, ble:ADDRESS, sim:thigh+arm (results never "
    "saved) or none.",
    allow_none=True,
    default="sim:thigh+arm",
)
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Add demo accounts (athlete, coach, admin) if they do not exist.",
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=False,
    help="Mark cookies Secure (browsers then send them over HTTPS only); use behind a TLS proxy.",
)
@click.option(
    "--forwarded-allow-ips",
    default="",
    help="Comma-separated addresses of proxies whose X-Forwarded-For and "
    "X-Forwarded-Proto are trusted (empty: none; then every client is the proxy's "
    "address for the attempt limits).",
)
@click.option(
    "--sign-ups-per-hour",
    type=click.IntRange(min=1),
    default=20,
    help="Sign-ups one client address may make per hour.",
)
@click.option(
    "--sign-ins-per-minute",
    type=click.IntRange(min=1),
    default=10,
    help="Password checks (sign-in, password change, deletion) one client address may "
    "make per minute.",
)
@click.option(
    "--log-format",
    default="text",
    help="text, or json: one JSON object per line with the request id (for a log collector).",
    envvar="OCCLUSION_LOG_FORMAT",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    help="Log one line per request (method, route, status, time, request id).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    help="Worker processes (PostgreSQL only): any worker serves any page, API call or "
    "live session.",
)
@click.option(
    "--smtp-url",
    default="",
    help="SMTP server that mails password reset links: smtp://host:25, "
    "smtp+starttls://user:password@host:587 or smtps://user:password@host:465 (empty: "
    "the administrator passes links on by hand).",
    envvar="OCCLUSION_SMTP_URL",
)
@click.option(
    "--mail-from", default="occlusion@localhost", help="Sender address of mailed reset links."
)
@click.option(
    "--token-cache-s",
    type=click.FloatRange(min=0.0),
    default=30.0,
    help="Seconds a session token's account is remembered (0: look it up on every "
    "request); sign-outs and account changes take effect at once either way.",
)
@click.option(
    "--keep-alive-s",
    type=click.IntRange(min=1, max=3600),
    default=KEEP_ALIVE_S,
    show_default=True,
    help="Seconds an idle connection is kept open; keep it longer than the reverse proxy's "
    "idle keep-alive towards this server.",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Threads per worker for requests that read the database (default: the number of "
    "cores + 4, at most 32).",
)
@click.option(
    "--csrf-secret",
    default="",
    help="Secret for form tokens; give every host behind one address the same "
    "(random per start when empty).",
    show_default=False,
    envvar="OCCLUSION_CSRF_SECRET",
)
def serve_command(
    host: str,
    port: int,
    device: DeviceAddress | None,
    demo: bool,
    secure_cookies: bool,
    forwarded_allow_ips: str,
    sign_ups_per_hour: int,
    sign_ins_per_minute: int,
    log_format: str,
    access_log: bool,
    workers: int,
    smtp_url: str,
    mail_from: str,
    token_cache_s: float,
    keep_alive_s: int,
    threads: int | None,
    csrf_secret: str,
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
    _check_address(host, port)
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
        "handler_threads": threads,
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
        "timeout_keep_alive": keep_alive_s,
    }
    if workers == 1:
        app = app_from_settings(settings)
        if demo:
            state = app.state["occlusion"]
            _demo(state.database, state.config)
        click.echo(f"Occlusion web app on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
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
    click.echo(
        f"Occlusion web app on http://{host}:{port}/ with {workers} workers  (Ctrl-C to stop)",
        err=True,
    )
    # The supervisor restarts a worker that died or stopped answering; it says so at "info",
    # in this process, whose log lines would otherwise go nowhere.
    from occlusion.web.observability import configure_logging

    configure_logging(log_format)
    uvicorn.run(
        "occlusion.web.app:app_from_environment",
        factory=True,
        workers=workers,
        **{**common, "log_level": "info"},
    )


def _check_address(host: str, port: int) -> None:
    """Refuse a host or port the server could not listen on, before anything starts.

    Otherwise uvicorn logs the failure after the banner and exits with its own status (3).
    """
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(
            f"cannot serve on host {host!r}: {reason[:1].lower()}{reason[1:]} (give an address "
            "of this machine, such as 127.0.0.1, or 0.0.0.0 for every interface)"
        ) from None
    family, kind, protocol, _name, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server is free again.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            reason = error.strerror or str(error)
            raise InputError(
                f"cannot serve on {host}:{port}: {reason[:1].lower()}{reason[1:]} (another "
                "program may listen there: choose another --port)"
                if error.errno == errno.EADDRINUSE
                else f"cannot serve on {host}:{port}: {reason[:1].lower()}{reason[1:]}"
            ) from None


def _demo(database: Any, config: Any) -> None:
    from occlusion.web.demo import ensure_demo_accounts

    for line in ensure_demo_accounts(database, config):
        click.echo(line, err=True)


def _check_shared_database() -> None:
    """Refuse several workers on SQLite: live sessions are coordinated through PostgreSQL."""
    from occlusion.store.engine import database_url

    if not database_url().startswith("postgresql"):
        raise InputError(
            "--workers above 1 needs PostgreSQL ($OCCLUSION_DATABASE_URL=postgresql://...): "
            "a SQLite log is served by one worker",
            code="serve.workers-need-postgresql",
        )
