"""The service worker (``/sw.js``) and the page it shows for a page it does not keep offline.

The worker's source is ``web/service_worker.js``; the server writes in the app's version and the
list of static files it keeps (the app shell). The version ends with a digest of every static
file, so changing any of them makes a new worker whose caches replace the old ones.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

import occlusion
from occlusion.web.routes.forms import Forms

HERE = Path(__file__).resolve().parent.parent
STATIC = HERE / "static"
WORKER = HERE / "service_worker.js"
#: Files under ``static/`` that pages never load (licences and notes for people).
NOT_IN_SHELL = (".md", "LICENSE")


def shell_files(static: Path = STATIC) -> list[str]:
    """Return the address of every static file a page may load, sorted."""
    return sorted(
        "/static/" + path.relative_to(static).as_posix()
        for path in static.rglob("*")
        if path.is_file() and not path.name.endswith(NOT_IN_SHELL)
    )


def worker_version(static: Path = STATIC, worker: Path = WORKER) -> str:
    """Return the app's version and a digest of the shell's files and the worker itself."""
    digest = hashlib.sha256()
    for address in shell_files(static):
        digest.update(address.encode())
        digest.update((static / address.removeprefix("/static/")).read_bytes())
    digest.update(worker.read_bytes())
    return f"{occlusion.__version__}-{digest.hexdigest()[:12]}"


@cache
def worker_source() -> str:
    """Return the service worker's script with its version and shell written in."""
    return (
        WORKER.read_text(encoding="utf-8")
        .replace("__OCCLUSION_VERSION__", worker_version())
        .replace("__OCCLUSION_SHELL__", json.dumps(shell_files()))
    )


@get("/sw.js", include_in_schema=False)
async def service_worker() -> Response[str]:
    """Serve the service worker from the root, so its scope is the whole site."""
    return Response(
        worker_source(),
        media_type="text/javascript; charset=utf-8",
        headers={"cache-control": "no-cache"},
    )


@get("/offline", include_in_schema=False)
async def offline_page(request: Request[Any, Any, Any]) -> Template:
    """Show that there is no connection: the same page for everyone, with nobody's data."""
    return Template("offline.html", context={"account": None, "forms": Forms()})


HANDLERS = [service_worker, offline_page]
