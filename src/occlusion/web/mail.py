"""Send a password reset link by e-mail, when an SMTP server is configured (optional).

``smtp_url`` forms: ``smtp://host:25`` (a local relay, no encryption), ``smtp+starttls://user:
password@host:587`` (STARTTLS, then log in) and ``smtps://user:password@host:465`` (TLS from the
start). Without a server the administrator passes the link on by hand.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from occlusion.errors import InputError

_SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


def check_smtp_url(url: str) -> str:
    """Return ``url`` if it is an SMTP URL this module can use.

    Raises
    ------
    InputError
        Unknown scheme or no host.
    """
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise InputError(
            "the SMTP address must look like smtp://host:25, "
            "smtp+starttls://user:password@host:587 or smtps://user:password@host:465",
            code="mail.bad-url",
        )
    return url


def send_reset_link(
    smtp_url: str, mail_from: str, to: str, name: str, link: str, *, timeout_s: float = 10.0
) -> None:
    """Mail ``link`` to ``to``.

    Raises
    ------
    OSError
        The server cannot be reached or refused the message (``smtplib.SMTPException`` is one).
    """
    parts = urlsplit(check_smtp_url(smtp_url))
    port = parts.port or _SCHEMES[parts.scheme]
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = "Set a new Occlusion password"
    message.set_content(
        f"Hello {name},\n\n"
        "an administrator of Occlusion made this link so you can set a new password. It works "
        f"once, within 24 hours:\n\n{link}\n\n"
        "If you did not ask for it, you can ignore this message; your password stays as it is.\n"
    )
    context = ssl.create_default_context()
    host = parts.hostname or ""
    if parts.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout_s, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=timeout_s)
    with server:
        if parts.scheme == "smtp+starttls":
            server.starttls(context=context)
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(message)
