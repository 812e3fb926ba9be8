"""Several workers on one PostgreSQL: who runs a live session, and how others reach it.

A guided session lives in the memory of one worker (its runner, and the cuff it drives). With
several workers — processes of one ``occlusion serve --workers N``, or servers on several
hosts sharing one database — each person's session has exactly one owner:

- **Ownership** is a PostgreSQL session-level advisory lock per person, held on the worker's
  own *lease connection* while its session is in that worker's memory. If the worker dies, its
  connection closes and PostgreSQL lets the lock go at once (a silent host: when TCP keepalive
  gives up, about :data:`KEEPALIVE_GIVE_UP_S`); the next request for that person, on any
  worker, takes the lock and resumes the session from the log as after a crash, while the
  cuff on the dead host deflates by itself when its heartbeats stop.
- **A worker that loses its lease connection while alive** (the database restarted, a network
  cut, an operator ended the backend) has lost every lock on it, and another worker may already
  be running those sessions. The lease connection is probed every
  :data:`LEASE_HEARTBEAT_S` (:meth:`PostgresCluster.lost_leases`, called by the keeper
  thread) and on every use; once it fails, the worker forgets what it owned, opens a new lease
  connection, and :class:`~occlusion.services.live_sessions.LiveSessions` stops driving those
  sessions (their cuffs deflate) without writing to their log: the next request resumes each
  session wherever its lease is taken again.
- **Requests for a session owned elsewhere** travel through ``LISTEN/NOTIFY`` (no other server
  to run): the worker that got the request publishes it on the cluster's channel, the owner
  runs it and publishes the answer, addressed to the asking worker.

With SQLite there is one worker (``occlusion serve`` refuses more), and :class:`SingleWorker`
owns everything.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from occlusion import errors as error_module
from occlusion.errors import OcclusionError, StoreError

_LOG = logging.getLogger(__name__)

#: First key of the per-person advisory lock (the second is the person id hashed).
LEASE_LOCK_CLASS = 0x0CC2
#: A silent peer's connection is given up after idle + interval × count seconds of TCP silence.
KEEPALIVE_IDLE_S = 2
KEEPALIVE_INTERVAL_S = 1
KEEPALIVE_COUNT = 3
KEEPALIVE_GIVE_UP_S = KEEPALIVE_IDLE_S + KEEPALIVE_INTERVAL_S * KEEPALIVE_COUNT
#: How often the lease connection is probed for loss while the keeper runs [s].
LEASE_HEARTBEAT_S = 1.0
#: PostgreSQL refuses NOTIFY payloads from 8000 bytes on.
MAX_PAYLOAD_BYTES = 7900

Handler = Callable[[uuid.UUID, dict[str, Any]], dict[str, Any]]


class Moved(Exception):
    """The answer did not come: the owner is gone or let the session go; ask again."""


class Cluster(Protocol):
    """What :class:`~occlusion.services.live_sessions.LiveSessions` needs from its peers."""

    def try_own(self, person_id: uuid.UUID) -> bool:
        """Take ownership of the person's session if nobody holds it; ``True`` when held."""
        ...

    def release(self, person_id: uuid.UUID) -> None:
        """Let the person's session go (it finished, or this worker is stopping)."""
        ...

    def owns(self, person_id: uuid.UUID) -> bool:
        """Whether this worker still holds the person's session (no lease lost since)."""
        ...

    def lost_leases(self) -> set[uuid.UUID]:
        """Probe the ownership; return (once) the sessions whose ownership was lost."""
        ...

    def call(self, person_id: uuid.UUID, request: dict[str, Any], timeout_s: float) -> Any:
        """Ask the owner to run ``request``; return its result or raise its error or Moved."""
        ...

    def serve(self, handler: Handler) -> None:
        """Run ``handler`` for requests other workers send for sessions owned here."""
        ...

    def broadcast(self, what: str) -> None:
        """Tell every other worker ``what`` happened (``accounts-changed``)."""
        ...

    def on_broadcast(self, callback: Callable[[str], None]) -> None:
        """Call ``callback`` with what other workers broadcast."""
        ...

    def close(self) -> None:
        """Let every session go and stop listening."""
        ...


class SingleWorker:
    """The only worker (SQLite, or tests): it owns every session."""

    def try_own(self, person_id: uuid.UUID) -> bool:
        """Return ``True``: nobody else can hold it."""
        return True

    def release(self, person_id: uuid.UUID) -> None:
        """Nothing to let go."""

    def owns(self, person_id: uuid.UUID) -> bool:
        """Return ``True``: nobody else can take it."""
        return True

    def lost_leases(self) -> set[uuid.UUID]:
        """Return nothing: a single worker's ownership cannot be lost."""
        return set()

    def call(self, person_id: uuid.UUID, request: dict[str, Any], timeout_s: float) -> Any:
        """Never needed: this worker owns everything."""
        raise Moved("a single worker has no peers")

    def serve(self, handler: Handler) -> None:
        """No peers send requests."""

    def broadcast(self, what: str) -> None:
        """No other worker to tell."""

    def on_broadcast(self, callback: Callable[[str], None]) -> None:
        """No other worker sends news."""

    def close(self) -> None:
        """Nothing to close."""


def encode_error(error: OcclusionError) -> dict[str, Any]:
    """Return a project error as JSON-ready fields (to cross to the asking worker)."""
    return {
        "type": type(error).__name__,
        "message": str(error),
        "code": error.code,
        "fields": {key: value for key, value in error.fields.items() if _jsonable(value)},
    }


def decode_error(fields: dict[str, Any]) -> OcclusionError:
    """Rebuild the project error :func:`encode_error` described."""
    kind = getattr(error_module, str(fields.get("type")), None)
    if not (isinstance(kind, type) and issubclass(kind, OcclusionError)):
        kind = OcclusionError
    try:
        return kind(str(fields.get("message", "")), code=fields.get("code"),
                    **dict(fields.get("fields") or {}))
    except TypeError:
        return OcclusionError(str(fields.get("message", "")), code=fields.get("code"))


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


class PostgresCluster:
    """Ownership by advisory locks and requests by ``LISTEN/NOTIFY`` on one PostgreSQL.

    Parameters
    ----------
    dsn
        libpq connection string of the log's database (with its ``search_path`` option, if
        any: the channel and the locks are per schema).
    heartbeat_s
        Least time between two probes of the lease connection by :meth:`lost_leases` [s].
    """

    def __init__(self, dsn: str, heartbeat_s: float = LEASE_HEARTBEAT_S) -> None:
        self.worker = uuid.uuid4().hex
        self._dsn = dsn
        self.heartbeat_s = heartbeat_s
        self._probed_s = time.monotonic()
        self._lease = self._connect()
        self._lease_lock = threading.Lock()
        schema = self._lease.execute("SELECT current_schema()").fetchone()
        self.channel = f"occlusion_live_{schema[0] if schema else 'public'}"[:63]
        self._owned: set[uuid.UUID] = set()
        self._lost: set[uuid.UUID] = set()
        self._waiting: dict[str, tuple[threading.Event, list[dict[str, Any]]]] = {}
        self._handler: Handler | None = None
        self._news: list[Callable[[str], None]] = []
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="occlusion-peer")
        self._stop = threading.Event()
        self._listener = self._connect()
        self._listener.execute(f'LISTEN "{self.channel}"')
        self._publisher = self._connect()
        self._publish_lock = threading.Lock()
        self._thread = threading.Thread(target=self._listen, name="occlusion-listen", daemon=True)
        self._thread.start()

    def _connect(self) -> Any:
        import psycopg

        return psycopg.connect(
            self._dsn,
            autocommit=True,
            keepalives=1,
            keepalives_idle=KEEPALIVE_IDLE_S,
            keepalives_interval=KEEPALIVE_INTERVAL_S,
            keepalives_count=KEEPALIVE_COUNT,
            # Keepalives only probe an idle connection: a query sent to a peer that went
            # silent (the lease probe, a try_own) would wait for TCP's retransmissions
            # (minutes), holding the lease lock and the keeper's pass that ticks the cuffs.
            tcp_user_timeout=KEEPALIVE_GIVE_UP_S * 1000,
        )

    # ----- ownership ---------------------------------------------------------------------
    def try_own(self, person_id: uuid.UUID) -> bool:
        """Take the person's advisory lock if it is free (or already ours)."""
        with self._lease_lock:
            if person_id in self._owned:
                return True
            for _attempt in range(2):
                try:
                    row = self._lease.execute(
                        "SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                        (LEASE_LOCK_CLASS, str(person_id)),
                    ).fetchone()
                except Exception:
                    # The lease connection is gone, and every lock it held with it.
                    if not self._lease_broken():
                        return False
                    continue
                if row is not None and row[0]:
                    self._owned.add(person_id)
                    return True
                return False
            return False

    def lost_leases(self) -> set[uuid.UUID]:
        """Probe the lease connection (every ``heartbeat_s`` at most, while owning); return losses.

        Each lost person is returned once; this worker no longer owns them, and must stop
        driving their sessions, which another worker may have taken over already.
        """
        with self._lease_lock:
            now_s = time.monotonic()
            # Owning nothing, there is nothing to lose: try_own finds a broken connection itself.
            if self._owned and now_s - self._probed_s >= self.heartbeat_s:
                self._probed_s = now_s
                try:
                    self._lease.execute("SELECT 1").fetchone()
                except Exception:
                    self._lease_broken()
            lost, self._lost = self._lost, set()
            return lost

    def _lease_broken(self) -> bool:
        """Forget every lease and open a new lease connection (lease lock held).

        Returns ``True`` when a new connection is open.
        """
        if self._owned:
            _LOG.error(
                "the lease connection to the database was lost: %d live session(s) may be "
                "taken over by another worker and stop being driven here", len(self._owned)
            )
        self._lost |= self._owned
        self._owned = set()
        try:
            self._lease.close()
        except Exception:
            _LOG.debug("closing the lost lease connection failed", exc_info=True)
        try:
            self._lease = self._connect()
        except Exception:
            _LOG.warning("could not open a new lease connection yet", exc_info=True)
            return False
        return True

    def release(self, person_id: uuid.UUID) -> None:
        """Let the person's advisory lock go."""
        with self._lease_lock:
            if person_id not in self._owned:
                return
            self._owned.discard(person_id)
            try:
                self._lease.execute(
                    "SELECT pg_advisory_unlock(%s, hashtext(%s))",
                    (LEASE_LOCK_CLASS, str(person_id)),
                )
            except Exception:  # a broken connection has let every lock go already
                _LOG.warning("could not release the lease of a live session", exc_info=True)

    def owns(self, person_id: uuid.UUID) -> bool:
        """Whether this worker holds the person's lease (as far as it last knew)."""
        return person_id in self._owned

    def lease_backend_pid(self) -> int:
        """Return the PostgreSQL backend process id of the lease connection (for tests, ops)."""
        with self._lease_lock:
            return int(self._lease.info.backend_pid)

    # ----- requests ----------------------------------------------------------------------
    def call(self, person_id: uuid.UUID, request: dict[str, Any], timeout_s: float) -> Any:
        """Send ``request`` to the owner and wait up to ``timeout_s`` for its answer."""
        call_id = uuid.uuid4().hex
        arrived = threading.Event()
        box: list[dict[str, Any]] = []
        self._waiting[call_id] = (arrived, box)
        try:
            self._publish({"kind": "call", "id": call_id, "from": self.worker,
                           "person": str(person_id), "request": request})
            if not arrived.wait(timeout_s):
                raise Moved("no answer from the session's owner")
        finally:
            self._waiting.pop(call_id, None)
        answer = box[0]
        if answer.get("moved"):
            raise Moved("the owner let the session go")
        if "error" in answer:
            raise decode_error(answer["error"])
        return answer.get("result")

    def serve(self, handler: Handler) -> None:
        """Answer other workers' requests for sessions this worker owns with ``handler``."""
        self._handler = handler

    def broadcast(self, what: str) -> None:
        """Tell every other worker on the channel ``what`` happened."""
        self._publish({"kind": "news", "from": self.worker, "what": what})

    def on_broadcast(self, callback: Callable[[str], None]) -> None:
        """Call ``callback`` (on the listener thread) with every other worker's news."""
        self._news.append(callback)

    def _publish(self, message: dict[str, Any]) -> None:
        payload = json.dumps(message, separators=(",", ":"))
        if len(payload.encode()) > MAX_PAYLOAD_BYTES:
            raise StoreError(
                "a live-session message is too large to pass between workers",
                code="store.live-message-too-large",
            )
        with self._publish_lock:
            try:
                self._publisher.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))
            except Exception:
                # A lost publishing connection: open another and send once more.
                _LOG.warning("the live-session publisher lost its connection", exc_info=True)
                try:
                    self._publisher.close()
                except Exception:
                    _LOG.debug("closing the lost publisher failed", exc_info=True)
                self._publisher = self._connect()
                self._publisher.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                for notice in self._listener.notifies(timeout=0.5):
                    self._receive(notice.payload)
            except Exception:
                if self._stop.is_set():
                    return
                _LOG.exception("the live-session listener lost its connection")
                if self._stop.wait(1.0):
                    return
                self._listen_again()

    def _listen_again(self) -> None:
        """Replace a lost listening connection.

        Messages sent meanwhile are missed: their callers time out and ask again.
        """
        try:
            self._listener.close()
        except Exception:
            _LOG.debug("closing the lost listener failed", exc_info=True)
        try:
            listener = self._connect()
            listener.execute(f'LISTEN "{self.channel}"')
        except Exception:
            _LOG.warning("could not listen again yet", exc_info=True)
            return
        self._listener = listener

    def _receive(self, payload: str) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if message.get("kind") == "reply" and message.get("to") == self.worker:
            waiting = self._waiting.get(str(message.get("id")))
            if waiting is not None:
                waiting[1].append(message)
                waiting[0].set()
        elif message.get("kind") == "news" and message.get("from") != self.worker:
            for callback in self._news:
                callback(str(message.get("what")))
        elif message.get("kind") == "call" and message.get("from") != self.worker:
            try:
                person_id = uuid.UUID(str(message.get("person")))
            except ValueError:
                return
            if person_id in self._owned:
                self._pool.submit(self._answer, person_id, message)

    def _answer(self, person_id: uuid.UUID, message: dict[str, Any]) -> None:
        reply: dict[str, Any] = {"kind": "reply", "id": message["id"], "to": message["from"]}
        handler = self._handler
        try:
            if handler is None or person_id not in self._owned:
                reply["moved"] = True
            else:
                reply["result"] = handler(person_id, dict(message.get("request") or {}))
        except Moved:
            reply["moved"] = True
        except OcclusionError as error:
            reply["error"] = encode_error(error)
        except Exception as error:  # the asking worker must get an answer, not a timeout
            _LOG.exception("a forwarded live-session request failed")
            reply["error"] = encode_error(StoreError(f"the session's server failed: {error}"))
        try:
            self._publish(reply)
        except StoreError as error:
            self._publish({**reply, "result": None, "error": encode_error(error)})

    def close(self) -> None:
        """Stop listening and close the connections (PostgreSQL releases every lease)."""
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._pool.shutdown(wait=False, cancel_futures=True)
        for connection in (self._listener, self._publisher, self._lease):
            try:
                connection.close()
            except Exception:
                _LOG.debug("closing a cluster connection failed", exc_info=True)
        self._owned.clear()


def cluster_for(database: Any) -> Cluster:
    """Return the cluster for an open log: PostgreSQL's, or the single worker's for SQLite."""
    if database.dialect != "postgresql":
        return SingleWorker()
    url = database.engine.url
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    # open_database(schema=...) passes the search path as a connect argument, not in the URL.
    schema = getattr(database, "schema", None)
    return PostgresCluster(_with_options(dsn, f"-csearch_path={schema}" if schema else None))


def _with_options(dsn: str, options: str | None) -> str:
    if not options:
        return dsn
    from urllib.parse import quote

    separator = "&" if "?" in dsn else "?"
    return f"{dsn}{separator}options={quote(options)}"
