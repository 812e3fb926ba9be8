"""Show the lost request of the load benchmark: a kept-alive connection reused as it closes.

An HTTP client keeps a connection open after an answer and reuses it for the next request
unless it has been idle longer than its own limit (httpx: 5 s). If the server's limit is the
same or shorter, the server can close the connection just as the client writes into it: the
request gets no answer at all ("Server disconnected without sending a response"). uvicorn's
default limit was 5 s, as httpx's; ``occlusion serve`` now keeps idle connections 75 s.

Two real servers (SQLite, loopback), one after the other: ``--keep-alive-s 5`` (the old
setting) and the default. Against each, ``--clients`` clients send a request, wait
5 s - 80 ms .. 5 s + 20 ms, and send another on the same kept-alive connection; a request
without an answer is counted. Run: ``.venv/bin/python scripts/keep_alive_race.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


async def _client(base_url: str, draw: random.Random, rounds: int, lost: list[str]) -> int:
    import httpx

    sent = 0
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for _ in range(rounds):
            await client.get("/healthz")
            await asyncio.sleep(5.0 + draw.uniform(-0.08, 0.02))
            sent += 1
            try:
                await client.get("/healthz")
            except httpx.TransportError as error:
                lost.append(f"{type(error).__name__}: {error}")
    return sent


async def _load(base_url: str, clients: int, rounds: int) -> tuple[int, list[str]]:
    draw = random.Random(1)
    lost: list[str] = []
    sent = await asyncio.gather(*(_client(base_url, draw, rounds, lost) for _ in range(clients)))
    return sum(sent), lost


def _measure(arguments: list[str], clients: int, rounds: int) -> tuple[int, list[str]]:
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    with tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ,
                       "OCCLUSION_DATABASE_URL": f"sqlite:///{Path(folder) / 'race.db'}"}
        server = subprocess.Popen(
            [sys.executable, "-c", "from occlusion.cli.main import main; main()", "serve",
             "--port", str(port), "--device", "none", "--no-access-log", *arguments],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            return asyncio.run(_load(base_url, clients, rounds))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


def main() -> None:
    """Print, per server setting, how many reused requests got no answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    options = parser.parse_args()
    if not (1 <= options.clients <= 200 and 1 <= options.rounds <= 20):
        parser.error("keep it bounded: clients 1-200, rounds 1-20")
    settings = (("--keep-alive-s 5 (uvicorn's default, before)", ["--keep-alive-s", "5"]),
                ("default (75 s)", []))
    for label, arguments in settings:
        sent, lost = _measure(arguments, options.clients, options.rounds)
        kinds = sorted(set(lost))
        print(f"{label:48} reused after ~5 s idle: {sent:4d}, no answer: {len(lost):3d}"
              + (f"  ({'; '.join(kinds)})" if kinds else ""), flush=True)


if __name__ == "__main__":
    main()
