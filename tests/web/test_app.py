"""App set-up: the threads that run handlers reading the database."""

from __future__ import annotations

import asyncio
import threading

import pytest

from occlusion.web.app import _handler_threads
from occlusion.web.config import WebConfig


def test_handler_threads_replace_the_loops_default_pool() -> None:
    async def names() -> set[str]:
        _handler_threads(3)()
        loop = asyncio.get_running_loop()
        gate = threading.Barrier(3)

        def meet() -> str:
            gate.wait(timeout=10)  # three at once: the pool has at least three threads
            return threading.current_thread().name

        found = await asyncio.gather(*(loop.run_in_executor(None, meet) for _ in range(6)))
        return set(found)

    seen = asyncio.run(names())
    assert len(seen) == 3
    assert all(name.startswith("occlusion-handler") for name in seen)


def test_without_a_count_the_loop_keeps_its_default_pool() -> None:
    async def name() -> str:
        _handler_threads(None)()
        return await asyncio.get_running_loop().run_in_executor(
            None, lambda: threading.current_thread().name
        )

    assert not asyncio.run(name()).startswith("occlusion-handler")


def test_served_apps_load_the_compiled_simulator_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from occlusion.services import simulator
    from occlusion.web import app as app_module
    from occlusion.web import observability

    built: list[WebConfig] = []
    monkeypatch.setattr(app_module, "create_app", built.append)
    monkeypatch.setattr(observability, "configure_logging", lambda log_format: None)
    app_module.app_from_settings({})
    assert built[0].compiled_simulator
    assert not WebConfig().compiled_simulator  # tests and library users: off
    loaded = threading.Event()
    monkeypatch.setattr(simulator, "prefer_compiled_model", lambda: bool(loaded.set()) or True)
    app_module._warm_simulator(False)()
    assert not loaded.wait(0.2)
    app_module._warm_simulator(True)()
    assert loaded.wait(5.0)


def test_prefer_compiled_model_loads_it_where_numba_is_installed() -> None:
    import subprocess
    import sys

    pytest.importorskip("numba", reason="numba is not installed: pip install -e '.[fast]'")
    code = (
        "from occlusion.services.simulator import prefer_compiled_model\n"
        "from occlusion.physiology import jit_rhs\n"
        "print(prefer_compiled_model(), jit_rhs.preferred())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["True", "True"]
