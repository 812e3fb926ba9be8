"""Load on the web app: 50 concurrent users logging sets and opening their history.

Loopback only and bounded: the server (``occlusion serve``) runs as a child process on
127.0.0.1 against a scratch PostgreSQL database (127.0.0.1:5432, user postgres, trust auth,
dropped at the end); each user makes at most ``--rounds`` rounds, and the run stops after
``--max-seconds`` whatever happens. Set-up (sign-up with real Argon2id hashes, profile,
screening, plan) is not timed.

Timed, per request: logging a set (``POST /api/people/ID/session/log``, commit included) and
opening the history page (``GET /api/people/ID/history``). The baseline, measured side by side in
the same run by the same users, is the cheapest authenticated request (``GET /api/me``: cookie
lookup, no record); ratios are printed against it. Then the live session stream's update rate
(server-sent events) is measured for one client.

Load-independent figure: the **CPU milliseconds per request** spent by the server's processes
(the uvicorn process and its workers, read from ``/proc/PID/stat`` before and after each run) and
by the PostgreSQL backends serving the scratch database (a lower bound, see
:class:`CpuMeter`), divided by every request the users sent in that run (the timed ones and the
untimed ones that bring a session to its next set). On a machine whose cores are shared with
other work, throughput and latency move with that other work; CPU time per request moves far
less (some: caches and switches between threads cost more on a busy machine), so it is the
fairer comparison of two versions of the code.

Two servers, one after the other, each on a fresh database, side by side in one run:

- **before** — today's way: one worker, the account behind the cookie looked up on every
  request (``--token-cache-s 0``);
- **after** — ``--workers N`` (2 by default: this machine's cores) with the token cache.

Against each, two runs, one after the other, by the same users:

- **closed loop** (saturation): every user sends its next request the moment the previous one
  answers, with no pause. It measures throughput; its latency is mostly queueing, since 50 users
  with no think time keep the one worker permanently busy (latency = users / throughput).
- **paced**: every user waits a think time between two of their own requests (uniformly
  0.5-1.5 x ``--think-seconds``, 1 s by default, seeded), as a person in a gym does. One request
  per person per second is still far busier than real training, where a set is logged about
  every 30-60 s, so this is a pessimistic model of 50 people training at once.

``--before-commit REV`` runs the **before** server from the package source of git revision
``REV`` (extracted to a temporary folder with ``git archive``; the same virtual environment), so
a change to the code itself is measured against the code before it, side by side in one run.

``--before-args`` and ``--after-args`` add ``occlusion serve`` options to either server; with
``--before-args '--workers 2 --token-cache-s 30'`` both run the same configuration, so two
settings (``--after-args '--threads 3'``) or two versions of the code are compared alone.

Run: ``.venv/bin/python benchmarks/web_load.py`` (``--users``, ``--rounds``, ``--max-seconds``,
``--think-seconds``, ``--mode``, ``--workers``, ``--before-commit``, ``--before-args``,
``--after-args``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ADMIN_DSN = os.environ.get(
    "OCCLUSION_BENCH_POSTGRESQL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "load-test-password"
NO = [
    "current_clot_signs",
    "previous_vte",
    "thrombophilia",
    "anticoagulants_or_bleeding_disorder",
    "leg_paralysis",
    "cancer_last_5_years",
    "intensive_care_stay",
    "immobilised",
    "acute_illness",
    "covid_19",
    "heart_disease",
    "chest_pain_or_fainting",
    "dizzy_on_standing",
    "peripheral_artery_disease",
    "hypertension_diagnosed",
    "diabetes",
    "kidney_disease",
    "rheumatoid_arthritis",
    "anabolic_steroids",
    "oestrogen_medication",
    "rhabdomyolysis_history",
    "varicose_veins",
    "lymphoedema",
    "sickle_cell",
    "skin_problem_at_cuff_site",
    "recent_fracture",
]
PLAN = {
    "equipment": {"kind": "wrap", "width_cm": 7.5, "length_cm": 200},
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15", "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
}


def _stat_fields(pid: int) -> list[str] | None:
    """Return the fields of ``/proc/PID/stat`` after the command name, or ``None`` if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rpartition(")")[2].split()


def _cpu_s(pid: int) -> float:
    """Return the CPU time (user + system) the process ``pid`` has used so far [s]."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # Fields 14 and 15 of proc(5) (utime, stime), counted from "state" as index 0 here.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    """Return ``root`` and every process below it (uvicorn's workers are its children)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


class CpuMeter:
    """CPU time used by the server's processes and by the PostgreSQL backends of its database.

    PostgreSQL runs each connection in its own process on this machine (loopback), so the
    backends' CPU is read the same way. A backend that both starts and ends between two
    readings is missed: under saturation the pool opens and closes its overflow connections,
    so the database figure is a lower bound; the server's figure is complete.
    """

    def __init__(self, server_pid: int, database_name: str) -> None:
        self.server_pid = server_pid
        self.database_name = database_name

    def _backends(self) -> list[int]:
        import psycopg

        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database_name,)
            ).fetchall()
        return [int(row[0]) for row in rows]

    def read(self) -> dict[str, dict[int, float]]:
        """Return CPU seconds so far per process: ``{"server": {pid: s}, "database": {...}}``."""
        return {
            "server": {pid: _cpu_s(pid) for pid in _descendants(self.server_pid)},
            "database": {pid: _cpu_s(pid) for pid in self._backends()},
        }

    @staticmethod
    def spent_s(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU seconds spent between two readings (a process new since ``before`` counts whole)."""
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def create_database() -> tuple[str, str]:
    import psycopg

    name = f"occlusion_web_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class User:
    """One simulated person with their own cookies."""

    def __init__(self, client: Any, index: int) -> None:
        self.client = client
        self.index = index
        self.person = ""
        self.csrf = ""
        #: Requests of this user that got no answer (connection closed or reset).
        self.dropped = 0

    async def post(self, path: str, body: Any = None) -> Any:
        """POST JSON with the CSRF header."""
        response = await self.client.post(path, json=body or {}, headers={"x-csrftoken": self.csrf})
        return response

    async def set_up(self) -> None:
        """Sign up and prepare a record with a plan (not timed)."""
        await self.client.get("/sign-in")
        self.csrf = self.client.cookies.get("csrftoken", "")
        email = f"load{self.index}-{uuid.uuid4().hex[:6]}@example.org"
        checks = [
            await self.post(
                "/api/sign-up",
                {"email": email, "password": PASSWORD, "display_name": f"Load {self.index}"},
            ),
            # Sign-up does not sign in (it answers the same for a taken address).
            await self.post("/api/sign-in", {"email": email, "password": PASSWORD}),
        ]
        self.csrf = self.client.cookies.get("csrftoken", "")
        profile = await self.post("/api/me/profile", {"sex": "male", "birth_year": 1990})
        self.person = profile.json()["person_id"]
        base = f"/api/people/{self.person}"
        checks.append(
            await self.post(
                f"{base}/measurements/blood-pressure", {"systolic": 120, "diastolic": 78}
            )
        )
        for side in ("left", "right"):
            checks.append(
                await self.post(
                    f"{base}/measurements/limb",
                    {"limb": "thigh", "side": side, "circumference": 56},
                )
            )
        answers: dict[str, Any] = dict.fromkeys(NO, False)
        answers["pregnancy"] = "no"
        checks.append(await self.post(f"{base}/screening", answers))
        checks.append(await self.post(f"{base}/plan", PLAN))
        failed = [r.status_code for r in checks if r.status_code >= 400]
        if failed:
            raise RuntimeError(f"set-up failed for user {self.index}: {failed}")

    async def _next_step(self, base: str) -> bool:
        """Move the session one step towards a set; ``True`` once a set is under way."""
        state = await self.client.get(base)
        if state.status_code == 400:
            state = await self.post(f"{base}/start")
        view = state.json()
        if view.get("step") == "set":
            return True
        if view.get("step") == "apply":
            await self.post(f"{base}/confirm")
        elif view.get("countdown_kind") == "rest":
            await self.post(f"{base}/skip")
        else:
            await self.post(f"{base}/stop")
        return False

    async def ensure_set(self) -> None:
        """Bring the session to a set under way (start, confirm, skip rests) — not timed."""
        base = f"/api/people/{self.person}/session"
        import httpx

        for _ in range(6):
            try:
                if await self._next_step(base):
                    return
            except httpx.TransportError:
                # Counted, not hidden: a request that got no answer (see ``timed``).
                self.dropped += 1
        raise RuntimeError(f"user {self.index} could not reach a set")


async def timed(
    samples: dict[str, list[float]], errors: dict[str, int], name: str, call: Any
) -> Any:
    """Time one request; an error answer or no answer at all counts as an error."""
    import httpx

    start = time.perf_counter()
    try:
        response = await call
    except httpx.TransportError:
        samples[name].append((time.perf_counter() - start) * 1000)
        errors[name] += 1
        return None
    samples[name].append((time.perf_counter() - start) * 1000)
    if response.status_code >= 400:
        errors[name] += 1
    return response


async def run_user(
    user: User,
    rounds: int,
    stop_at: float,
    samples: dict[str, list[float]],
    errors: dict[str, int],
    think: Any = None,
) -> None:
    """Make ``rounds`` rounds; ``think()`` (if given) returns the pause after each request [s]."""
    base = f"/api/people/{user.person}"

    async def pause() -> None:
        if think is not None:
            await asyncio.sleep(think())

    if think is not None:
        await asyncio.sleep(think() / 2)  # users start spread out, not in step
    for _ in range(rounds):
        if time.monotonic() > stop_at:
            return
        await user.ensure_set()
        await timed(samples, errors, "baseline GET /api/me", user.client.get("/api/me"))
        await pause()
        await timed(
            samples, errors, "log a set", user.post(f"{base}/session/log", {"reps": 15, "rpe": 7})
        )
        await pause()
        await timed(
            samples,
            errors,
            "open history",
            user.client.get(f"{base}/history", params={"limit": 20}),
        )
        await pause()


async def stream_rate(base_url: str, user: User, events: int) -> float:
    await user.ensure_set()
    url = f"{base_url}/api/people/{user.person}/session/stream"
    received = 0
    start = time.perf_counter()
    async with user.client.stream("GET", url, params={"limit": events}) as response:
        async for line in response.aiter_lines():
            if line.startswith("event: state"):
                received += 1
    return received / (time.perf_counter() - start)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(
    title: str,
    people: list[User],
    rounds: int,
    max_seconds: float,
    think_seconds: float | None,
    sent: list[int],
    meter: CpuMeter | None = None,
) -> dict[str, Any]:
    """Run every user's rounds at once; print p50/p99/errors per request and CPU per request.

    ``sent[0]`` counts every response the users received (timed or not).
    """
    samples: dict[str, list[float]] = {
        "baseline GET /api/me": [],
        "log a set": [],
        "open history": [],
    }
    errors = dict.fromkeys(samples, 0)
    stop_at = time.monotonic() + max_seconds
    think = None
    if think_seconds is not None:
        draw = random.Random(6).uniform
        mean = think_seconds

        def think() -> float:
            return draw(0.5 * mean, 1.5 * mean)

    cpu_before = meter.read() if meter is not None else None
    sent_before = sent[0]
    dropped_before = sum(person.dropped for person in people)
    started = time.perf_counter()
    await asyncio.gather(
        *(run_user(p, rounds, stop_at, samples, errors, think) for p in people)
    )
    elapsed = time.perf_counter() - started
    requests = sent[0] - sent_before
    dropped = sum(person.dropped for person in people) - dropped_before
    cpu_ms: dict[str, float] = {}
    if meter is not None and cpu_before is not None and requests:
        cpu_after = meter.read()
        for part in ("server", "database"):
            spent_s = CpuMeter.spent_s(cpu_before[part], cpu_after[part])
            cpu_ms[part] = 1000 * spent_s / requests
    total = sum(len(values) for values in samples.values())
    print(f"\n{title}")
    print(
        f"{len(people)} concurrent users, {total} timed requests in {elapsed:.1f} s "
        f"({total / elapsed:.0f} timed requests/s)"
    )
    baseline = statistics.median(samples["baseline GET /api/me"])
    print(
        f"{'request':24} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'p50/baseline':>13}"
    )
    for name, values in samples.items():
        p50, p99 = statistics.median(values), percentile(values, 0.99)
        print(
            f"{name:24} {len(values):5d} {p50:8.1f} {p99:8.1f} {errors[name]:6d} "
            f"{p50 / baseline:13.2f}"
        )
    if dropped:
        print(f"untimed requests that got no answer (counted as errors): {dropped}")
    if cpu_ms:
        print(
            f"CPU per request ({requests} requests sent, timed or not): server processes "
            f"{cpu_ms['server']:.2f} ms, PostgreSQL backends at least {cpu_ms['database']:.2f} ms"
        )
    return {
        "cpu_ms": cpu_ms,
        "throughput": total / elapsed,
        "p99": {name: percentile(values, 0.99) for name, values in samples.items()},
        "errors": sum(errors.values()) + dropped,
    }


async def load(
    base_url: str,
    users: int,
    rounds: int,
    max_seconds: float,
    think_seconds: float,
    modes: tuple[str, ...],
    profiler: Any = None,
    meter: CpuMeter | None = None,
) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=users + 5)
    sent = [0]

    async def count(_response: Any) -> None:
        sent[0] += 1

    clients = [
        httpx.AsyncClient(
            base_url=base_url, timeout=30, limits=limits, event_hooks={"response": [count]}
        )
        for _ in range(users)
    ]
    people = [User(client, index) for index, client in enumerate(clients)]
    results: dict[str, Any] = {}
    try:
        started = time.perf_counter()
        for batch in range(0, users, 10):
            await asyncio.gather(*(person.set_up() for person in people[batch : batch + 10]))
        print(
            f"set-up of {users} users (Argon2id sign-up, profile, screening, plan): "
            f"{time.perf_counter() - started:.1f} s"
        )
        if "closed" in modes:
            recording = profiler.start() if profiler is not None else None
            results["closed"] = await measure(
                "closed loop (no think time: saturation, gives throughput)",
                people,
                rounds,
                max_seconds,
                None,
                sent,
                meter,
            )
            if recording is not None:
                profiler.stop(recording)
        if "paced" in modes:
            results["paced"] = await measure(
                f"paced (think time 0.5-1.5 x {think_seconds:g} s between a user's requests)",
                people,
                rounds,
                max_seconds,
                think_seconds,
                sent,
                meter,
            )
        rate = await stream_rate(base_url, people[0], 100)
        print(f"\nlive session stream: {rate:.1f} updates/s to one client (target >= 20)")
        results["stream_rate"] = rate
    finally:
        for client in clients:
            await client.aclose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--max-seconds", type=float, default=90.0, help="time limit of each run [s]"
    )
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=1.0,
        help="mean pause between two requests of one user in the paced run [s]",
    )
    parser.add_argument("--mode", choices=("both", "closed", "paced"), default="both")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes of the 'after' server (the machine's cores)")
    parser.add_argument(
        "--profile", type=Path, default=None,
        help="sample the server's processes with py-spy during the closed loop, write the "
        "stacks to this folder and print where the CPU went (distorts the timings: "
        "profile in a separate run)",
    )
    parser.add_argument(
        "--before-commit", default=None, metavar="REV",
        help="run the 'before' server from the source of this git revision (e.g. main~3)",
    )
    parser.add_argument("--only-after", action="store_true",
                        help="skip the one-worker baseline (for quick checks only)")
    parser.add_argument(
        "--before-args", default="", metavar="ARGS",
        help="more 'occlusion serve' options for the 'before' server (they win over its own: "
        "--before-args '--workers 2 --token-cache-s 30' makes it the 'after' configuration, "
        "so only the code or the options differ)",
    )
    parser.add_argument("--after-args", default="", metavar="ARGS",
                        help="more 'occlusion serve' options for the 'after' server")
    options = parser.parse_args()
    if not (
        1 <= options.users <= 200
        and 1 <= options.workers <= 8
        and 1 <= options.rounds <= 200
        and 0 < options.max_seconds <= 600
        and 0.05 <= options.think_seconds <= 60
    ):
        parser.error(
            "keep the run bounded: users 1-200, workers 1-8, rounds 1-200, max-seconds <= 600, "
            "think-seconds 0.05-60"
        )
    modes = ("closed", "paced") if options.mode == "both" else (options.mode,)
    configurations = [
        # Today's way: one worker, the account looked up on every request.
        ("before: 1 worker, no token cache",
         ["--workers", "1", "--token-cache-s", "0", *shlex.split(options.before_args)]),
        (f"after: {options.workers} workers, token cache",
         ["--workers", str(options.workers), *shlex.split(options.after_args)]),
    ]
    for index, extra in ((0, options.before_args), (1, options.after_args)):
        if extra:
            label, arguments = configurations[index]
            configurations[index] = (f"{label} + {extra}", arguments)
    if options.only_after:
        configurations = configurations[1:]
    with tempfile.TemporaryDirectory(prefix="occlusion-before-") as folder:
        before_source = None
        if options.before_commit is not None and not options.only_after:
            before_source = extract_source(options.before_commit, Path(folder))
            label, arguments = configurations[0]
            configurations[0] = (f"{label}, code of {options.before_commit}", arguments)
        summaries = []
        for index, (label, arguments) in enumerate(configurations):
            print(f"\n===== {label} =====", flush=True)
            source = before_source if index == 0 else None
            results = run_server(label, arguments, options, modes, source)
            if results is None:
                return
            summaries.append((label, results))
    print_comparison(summaries)


def extract_source(revision: str, folder: Path) -> Path:
    """Write the package source (``src/``) of git ``revision`` into ``folder``; return its path."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", revision, "src"],
        capture_output=True, check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"cannot read revision {revision!r}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def print_comparison(summaries: list[tuple[str, dict[str, Any]]]) -> None:
    """Print the configurations side by side, with ratios to the first."""
    print("\n===== side by side =====")
    print(f"{'configuration':50} {'closed req/s':>12} {'CPU ms/req':>10} {'db ms/req >=':>12} "
          f"{'paced p99 log':>14} {'paced p99 history':>18} {'paced p99 /me':>14} "
          f"{'errors':>7}")
    first = summaries[0][1]
    for label, results in summaries:
        closed = results.get("closed", {})
        paced = results.get("paced", {})
        p99 = paced.get("p99", {})
        errors = closed.get("errors", 0) + paced.get("errors", 0)
        cpu = closed.get("cpu_ms") or paced.get("cpu_ms") or {}
        print(f"{label:50} {closed.get('throughput', float('nan')):12.0f} "
              f"{cpu.get('server', float('nan')):10.2f} "
              f"{cpu.get('database', float('nan')):12.2f} "
              f"{p99.get('log a set', float('nan')):14.1f} "
              f"{p99.get('open history', float('nan')):18.1f} "
              f"{p99.get('baseline GET /api/me', float('nan')):14.1f} {errors:7d}")
    if len(summaries) > 1 and "closed" in first:
        ratio = summaries[-1][1]["closed"]["throughput"] / first["closed"]["throughput"]
        print(f"closed-loop throughput, after / before: {ratio:.2f}x")
    if len(summaries) > 1:
        before_cpu = first.get("closed", first.get("paced", {})).get("cpu_ms", {})
        last = summaries[-1][1]
        after_cpu = last.get("closed", last.get("paced", {})).get("cpu_ms", {})
        if before_cpu.get("server") and after_cpu.get("server"):
            print(f"server CPU per request, before / after: "
                  f"{before_cpu['server'] / after_cpu['server']:.2f}x less")


#: Where a sample is counted: the first of these (innermost first) found in its stack.
PROFILE_CATEGORIES = (
    ("driver (psycopg)", ("(psycopg/", "(psycopg_c", "(psycopg_binary")),
    ("SQLAlchemy", ("(sqlalchemy/",)),
    ("templates (jinja2)", ("(jinja2/", "(markupsafe/")),
    ("password hashing (argon2)", ("(argon2/",)),
    ("JSON (msgspec, json)", ("(msgspec/", "(json/")),
    ("occlusion code", ("(occlusion/",)),
    ("Litestar", ("(litestar/",)),
    ("thread hop (anyio, threading, queue)", ("(anyio/", "(threading.py", "(concurrent/",
                                              "(queue.py")),
    ("uvicorn and HTTP parsing", ("(uvicorn/", "(httptools/", "(h11/")),
    ("asyncio event loop", ("(asyncio/", "(selectors.py")),
)


class Profiler:
    """Record the server's worker processes with py-spy while the closed loop runs."""

    def __init__(self, pid: int, folder: Path, label: str) -> None:
        self.pid = pid
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / (label.split(":")[0].strip().replace(" ", "-") + ".txt")

    def start(self) -> subprocess.Popen[bytes]:
        """Start sampling every process of the server (the workers are its children).

        Only threads holding the GIL are sampled: without ``--gil``, threads waiting for the
        database or for work are counted as busy, and the profile shows waiting, not CPU.
        """
        py_spy = Path(sys.executable).with_name("py-spy")
        return subprocess.Popen(
            [str(py_spy), "record", "--pid", str(self.pid), "--subprocesses", "--gil",
             "--rate", "100", "--format", "raw", "--output", str(self.path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def stop(self, recording: subprocess.Popen[bytes]) -> None:
        """Stop sampling (py-spy writes its file on SIGINT) and print the breakdown."""
        recording.send_signal(signal.SIGINT)
        try:
            recording.wait(timeout=60)
        except subprocess.TimeoutExpired:
            recording.kill()
        print_profile(self.path)


def print_profile(path: Path) -> None:
    """Print the share of the sampled CPU per category (innermost category of each stack)."""
    if not path.exists():
        print(f"no profile written to {path} (is py-spy installed, may it attach?)")
        return
    totals: dict[str, int] = {}
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        category = "other"
        for frame in reversed(frames):
            found = next(
                (name for name, marks in PROFILE_CATEGORIES if any(m in frame for m in marks)),
                None,
            )
            if found is not None:
                category = found
                break
        totals[category] = totals.get(category, 0) + int(count)
    samples = sum(totals.values()) or 1
    print(f"\nwhere the server's CPU went ({samples} samples, innermost category, {path}):")
    for name, count in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {name:<44} {100 * count / samples:5.1f} %")


def run_server(
    label: str,
    arguments: list[str],
    options: Any,
    modes: tuple[str, ...],
    source: Path | None = None,
) -> dict[str, Any] | None:
    """Start ``occlusion serve`` with ``arguments`` on a fresh database and load it.

    With ``source``, the server imports the package from that folder instead of this checkout.
    """
    try:
        name, url = create_database()
    except Exception as error:  # any connection failure: say so and stop
        print(f"PostgreSQL not reachable at {ADMIN_DSN}: {error}; nothing measured")
        return None
    port = free_port()
    environment = {**os.environ, "OCCLUSION_DATABASE_URL": url}
    if source is not None:
        # Ahead of the editable install's path: the workers (spawned) inherit it too.
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(source), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    # The server's messages go to a file: a pipe nobody reads would stall the server once full.
    # Closed in the ``finally`` below, after the server has stopped writing to it.
    server_log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from occlusion.cli.main import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--device",
            "none",
            # As the container image runs it (deploy/Dockerfile): one JSON access line per
            # request, to a file here; a benchmark without them would flatter the server.
            "--log-format",
            "json",
            # Every simulated user signs up from loopback.
            "--sign-ups-per-hour",
            str(options.users + 10),
            "--sign-ins-per-minute",
            str(options.users + 10),
            *arguments,
        ],
        env=environment,
        stderr=server_log,
        text=True,
    )
    try:
        import httpx

        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the server ({label}) did not start")
            time.sleep(0.2)
        return asyncio.run(
            load(
                base_url,
                options.users,
                options.rounds,
                options.max_seconds,
                options.think_seconds,
                modes,
                None if options.profile is None else Profiler(server.pid, options.profile, label),
                CpuMeter(server.pid, name),
            )
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        drop_database(name)
        server_log.seek(0)
        messages = server_log.read().strip()
        server_log.close()
        if messages:
            # Access lines and the workers' starts and stops are routine; warnings are not.
            other = [line for line in messages.splitlines()
                     if "occlusion.access" not in line and '"level": "info"' not in line]
            if other:
                print("server messages:\n" + "\n".join(other[-20:]))


if __name__ == "__main__":
    main()
