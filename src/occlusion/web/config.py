"""Settings of one web app instance (database, password cost, clock, cookies, live rates)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from occlusion.device.address import DeviceAddress
from occlusion.services.passwords import PasswordPolicy
from occlusion.store import timestamps


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How :func:`occlusion.web.app.create_app` builds the app.

    Parameters
    ----------
    database_url
        SQLAlchemy URL of the training log; ``$OCCLUSION_DATABASE_URL`` or the SQLite default
        when ``None``.
    password_policy
        Argon2id costs (the RFC 9106 defaults unless a test makes them cheap).
    clock
        Returns the current aware local time; injected so tests control lockouts and sessions.
    secure_cookies
        Mark cookies ``Secure`` (serve over HTTPS behind a proxy); off for plain loopback.
    csrf_secret
        Secret for the CSRF cookie; random per process when empty.
    sign_in_attempts_per_window
        Password checks (sign-in, and a signed-in account's deletion or password change) one
        client address may make per :attr:`sign_in_window_s`.
    sign_in_window_s
        Length of the sign-in rate-limit window [s].
    sign_up_attempts_per_window
        Sign-ups one client address may make per :attr:`sign_up_window_s`.
    sign_up_window_s
        Length of the sign-up rate-limit window [s].
    live_interval_s
        Time between two updates of the live session stream [s] (0.05 s gives 20 per second).
    smtp_url
        SMTP server that mails password reset links (see :mod:`occlusion.web.mail`); without
        one, the administrator passes the link on by hand.
    mail_from
        Sender address of those messages.
    access_recheck_s
        How often an open live stream checks again that its reader is still signed in, still
        has an account and still has access to the record [s]; the stream ends when not.
    device
        The cuff for automatic LOP measurement (a serial or Bluetooth LE board); the simulated
        cuff's limb is not the person's, so its result is shown and never saved; ``None`` hides
        the option. Live sessions of a cuff plan run through the
        same device (the simulated one is built with one channel per restricted limb).
    token_cache_s
        How long a session token's account is remembered between requests [s]; 0 looks it up
        every time. Any change to accounts or sessions empties the cache at once.
    cuff_service_interval_s
        How often the server services running cuff sessions between page updates [s]
        (heartbeat, limb caps, and stopping a session no page follows).
    handler_threads
        Threads that run the handlers reading the database; ``None`` keeps asyncio's default
        (the number of cores + 4, at most 32).
    compiled_simulator
        Load the simulator's compiled step (numba, the ``fast`` extra) in the background at
        start-up, so the simulator page answers sooner (:mod:`occlusion.physiology.jit_rhs`);
        ``occlusion serve`` turns it on, tests leave it off.
    """

    database_url: str | None = None
    password_policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    clock: Callable[[], datetime] = timestamps.now_local
    secure_cookies: bool = False
    csrf_secret: str = ""
    sign_in_attempts_per_window: int = 10
    sign_in_window_s: float = 60.0
    sign_up_attempts_per_window: int = 20
    sign_up_window_s: float = 3600.0
    live_interval_s: float = 0.05
    access_recheck_s: float = 1.0
    smtp_url: str | None = None
    mail_from: str = "occlusion@localhost"
    device: DeviceAddress | None = field(
        default_factory=lambda: DeviceAddress.parse("sim:thigh+arm")
    )
    cuff_service_interval_s: float = 0.2
    token_cache_s: float = 30.0
    handler_threads: int | None = None
    compiled_simulator: bool = False

    def resolved_csrf_secret(self) -> str:
        """Return the CSRF secret, drawing a random one when none was configured."""
        return self.csrf_secret or secrets.token_urlsafe(32)
