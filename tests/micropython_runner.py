"""Run code in real MicroPython (the WebAssembly port from npm, under Node) from a test.

``micropython_runner(entry, extras)`` returns a module-scoped fixture: a function that sends
JSON to ``entry`` (``module:function``) inside MicroPython, with the firmware package and the
``extras`` files on its path, and returns the JSON it gave back (``tools/micropython``).
Locally the fixture skips when Node or npm is missing; in CI (``CI=true``) that is a failure,
so the check cannot vanish silently.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tools" / "micropython"
SOURCE = ROOT / "src"
RUN_TIMEOUT_S = 600.0

Runner = Callable[[dict[str, Any]], dict[str, Any]]


def _install(npm: str) -> None:
    with open(RUNNER / "package.json", "rb") as lock_file:
        # Two test workers must not run `npm ci` into the same folder at once.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        installed = RUNNER / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
        if (installed / "micropython.wasm").exists():
            return
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=RUNNER,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"npm ci in {RUNNER} failed: {result.stderr.strip()}")


def micropython_runner(
    entry: str = "occlusion.device.trace:replay", extras: Iterable[Path] = ()
) -> Any:
    """Return a module-scoped fixture running ``entry`` in MicroPython (see the module)."""
    extra_files = [str(path) for path in extras]

    @pytest.fixture(scope="module")
    def micropython() -> Runner:
        node = shutil.which("node")
        npm = shutil.which("npm")
        if node is None or npm is None:
            message = (
                "Node.js and npm are needed to run the firmware in MicroPython (WebAssembly "
                "port); install them (Debian: apt-get install nodejs npm) -- CI does"
            )
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        _install(npm)

        def run(document: dict[str, Any]) -> dict[str, Any]:
            result = subprocess.run(
                [node, str(RUNNER / "run_firmware.mjs"), str(SOURCE), "--entry", entry,
                 *extra_files],
                input=json.dumps(document),
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT_S,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            output: dict[str, Any] = json.loads(result.stdout)
            return output

        return run

    return micropython
