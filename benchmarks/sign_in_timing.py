"""Sign-in answers in similar time whatever the account's state (issue 11, item 7).

Four kinds of failed sign-in, interleaved round by round through the web app with the default
Argon2id cost (RFC 9106, 64 MiB): a wrong password for an existing account (the baseline), an
unknown address, a paused (locked) account with its right password, and a malformed address.
A successful sign-in is shown for reference (it also opens a session). Each line gives the
median and the ratio of its median to the baseline's: near 1.0 means the time reveals nothing.

Run: ``.venv/bin/python benchmarks/sign_in_timing.py --rounds 15``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace

from litestar.testing import TestClient

from occlusion.services import accounts
from occlusion.services.lockout import MAX_FAILED_SIGN_INS
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig

PASSWORD = "benchmark pass phrase of five words"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    if not 3 <= options.rounds <= 200:
        raise SystemExit("keep the run bounded: rounds 3-200")
    with tempfile.TemporaryDirectory() as folder:
        config = replace(
            WebConfig(database_url=f"sqlite:///{folder}/timing.db", device=None),
            sign_in_attempts_per_window=100_000,
        )
        app = create_app(config)
        database = app.state["occlusion"].database
        for email in ("known@example.org", "paused@example.org", "fine@example.org"):
            accounts.sign_up(
                database,
                email=email,
                password=PASSWORD,
                display_name="Timing",
                role="coach",
                policy=config.password_policy,
                now=config.clock(),
            )
        with TestClient(app) as client:
            client.get("/sign-in")
            anonymous = client.cookies.get("csrftoken", "")
            headers = {"x-csrftoken": anonymous}

            def attempt(email: str, password: str) -> tuple[float, int]:
                # Every attempt from a browser that is not signed in (a success signs in).
                client.cookies.clear()
                client.cookies.set("csrftoken", anonymous)
                started = time.perf_counter()
                response = client.post(
                    "/api/sign-in", json={"email": email, "password": password}, headers=headers
                )
                return time.perf_counter() - started, response.status_code

            for _ in range(MAX_FAILED_SIGN_INS):
                attempt("paused@example.org", "not the password at all")
            cases: dict[str, tuple[str, str]] = {
                "wrong password (baseline)": ("known@example.org", "not the password at all"),
                "unknown address": ("nobody@example.org", "not the password at all"),
                "paused account, right password": ("paused@example.org", PASSWORD),
                "malformed address": ("not an address", "not the password at all"),
                "right password (reference)": ("fine@example.org", PASSWORD),
            }
            times: dict[str, list[float]] = {name: [] for name in cases}
            statuses: dict[str, set[int]] = {name: set() for name in cases}
            attempt("warm@example.org", "warm up the dummy hash")
            for _ in range(options.rounds):
                for name, (email, password) in cases.items():
                    seconds, status = attempt(email, password)
                    times[name].append(seconds)
                    statuses[name].add(status)
                # The known account must not pause during the run.
                attempt("known@example.org", PASSWORD)
    baseline = statistics.median(times["wrong password (baseline)"])
    print(f"{options.rounds} interleaved rounds, default Argon2id cost; median, ratio to baseline")
    for name, values in times.items():
        median = statistics.median(values)
        codes = ",".join(str(code) for code in sorted(statuses[name]))
        print(f"  {name:34s} {median * 1000:7.1f} ms  {median / baseline:5.2f}×  HTTP {codes}")


if __name__ == "__main__":
    main()
