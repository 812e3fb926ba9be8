"""``occlusion serve``: run the web app (pages and JSON API) with uvicorn."""

from __future__ import annotations

import logging
from typing import Annotated

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
) -> None:
    """Serve the web app; the database comes from $OCCLUSION_DATABASE_URL as for the CLI.

    Not a medical device.
    """
    try:
        import uvicorn

        from occlusion.web.app import create_app
        from occlusion.web.config import WebConfig
        from occlusion.web.demo import ensure_demo_accounts
        from occlusion.web.mail import check_smtp_url
        from occlusion.web.observability import LOG_FORMATS, configure_logging
    except ImportError as error:
        raise InputError(
            f"the web app needs the 'web' extra ({error.name} is missing): "
            "pip install 'occlusion[web]'"
        ) from None
    if log_format not in LOG_FORMATS:
        raise InputError(f"unknown log format {log_format!r}: use text or json")
    trusted = [address.strip() for address in forwarded_allow_ips.split(",") if address.strip()]
    app = create_app(
        WebConfig(
            device=device,
            secure_cookies=secure_cookies,
            sign_up_attempts_per_window=sign_ups_per_hour,
            sign_up_window_s=3600.0,
            sign_in_attempts_per_window=sign_ins_per_minute,
            smtp_url=check_smtp_url(smtp_url) if smtp_url else None,
            mail_from=mail_from,
            sign_in_window_s=60.0,
        )
    )
    # After the app is built: Litestar sets up its own logging when it is created.
    configure_logging(log_format)
    if not access_log:
        logging.getLogger("occlusion.access").setLevel(logging.WARNING)
    state = app.state["occlusion"]
    if demo:
        for line in ensure_demo_accounts(state.database, state.config):
            typer.echo(line, err=True)
    typer.echo(f"Occlusion web app on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        # uvicorn trusts 127.0.0.1 by default; here no proxy is trusted unless named.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or "",
        server_header=False,
        log_config=None,
        # Streams end at their next update once draining starts; this bounds the rest.
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
