"""What an operator watches: request ids, JSON log lines and Prometheus metrics.

- Every request gets an id — the proxy's ``X-Request-ID`` when it sent a sane one, else a new
  one — returned in the response's ``X-Request-ID`` header and stamped on every log line written
  while the request runs (a :class:`contextvars.ContextVar`, so worker threads see it too when
  the handler runs through AnyIO, which copies the context).
- :func:`configure_logging` writes one JSON object per line (``--log-format json``) or plain
  text, to standard error, for the container's log collector.
- :class:`Metrics` holds the app's Prometheus metrics in its own registry (one per app, so tests
  can build many apps): a request latency histogram by method, route template and status, the
  number of live sessions and the device alarms raised. With ``$PROMETHEUS_MULTIPROC_DIR`` set
  (several worker processes), the ``/metrics`` page adds up every worker's files, as
  prometheus-client's multiprocess mode documents.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

REQUEST_ID_HEADER = "x-request-id"
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
LOG_FORMATS = ("text", "json")
#: Latency buckets [s]: the aim is p99 < 0.1 s, so the buckets are finest below it.
LATENCY_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5)
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: ContextVar[str | None] = ContextVar("occlusion_request_id", default=None)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """Return ``record`` as one line of JSON."""
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current is not None:
            entry["request_id"] = current
        for key in ("method", "path", "route", "status", "duration_ms", "pid"):
            value = record.__dict__.get(key)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        current = request_id.get()
        return f"{line} [request {current}]" if current else line


def configure_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """Send the app's and uvicorn's log records to standard error in ``log_format``."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"unknown log format {log_format!r}")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if log_format == "json"
        else _TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Alembic announces its context at every schema check; only its warnings matter here.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Our middleware writes the access line (with route, status and request id).
    logging.getLogger("uvicorn.access").disabled = True


class Metrics:
    """The app's Prometheus metrics (names start with ``occlusion_``)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_VARIABLE))
        self.requests = Histogram(
            "occlusion_http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS_S,
            registry=self.registry,
        )
        self.live_sessions = Gauge(
            "occlusion_live_sessions",
            "Guided sessions running in this server's memory.",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.device_alarms = Counter(
            "occlusion_device_alarms",
            "Alarms raised by cuffs during live sessions, by alarm code and severity.",
            ["code", "severity"],
            registry=self.registry,
        )

    def page(self) -> bytes:
        """Return the metrics in Prometheus' text format (all workers in multiprocess mode)."""
        if self.multiprocess:
            registry = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)


def incoming_request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """Return the proxy's request id when it is short and plain, else a new random one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            if _SANE_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


_ACCESS = logging.getLogger("occlusion.access")


def observing_middleware(metrics: Metrics) -> Any:
    """Return a Litestar middleware factory that times, labels, ids and logs each request."""

    def factory(app: Any) -> Any:
        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            identifier = incoming_request_id(scope.get("headers", []))
            token = request_id.set(identifier)
            began = time.perf_counter()
            status = 500

            async def sending(message: Any) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = int(message["status"])
                    message.setdefault("headers", [])
                    message["headers"] = [
                        *message["headers"],
                        (REQUEST_ID_HEADER.encode(), identifier.encode()),
                    ]
                await send(message)

            try:
                await app(scope, receive, sending)
            finally:
                elapsed_s = time.perf_counter() - began
                route = str(scope.get("path_template") or "unmatched")
                metrics.requests.labels(scope["method"], route, str(status)).observe(elapsed_s)
                _ACCESS.info(
                    "%s %s %d %.1f ms",
                    scope["method"],
                    scope["path"],
                    status,
                    elapsed_s * 1000.0,
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed_s * 1000.0, 2),
                    },
                )
                request_id.reset(token)

        return middleware

    return factory
