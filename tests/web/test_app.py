"""App set-up: the threads that run handlers reading the database."""

from __future__ import annotations

import asyncio
import threading

from occlusion.web.app import _handler_threads


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
