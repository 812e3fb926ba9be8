"""Guided sessions that are running, one per person, kept between requests.

The session runner lives in memory while the server runs, so a page reload or a lost connection
only re-reads its state; every event it makes is already committed to the training log by its
journal. After a server restart the first request for a person resumes their running session
from the log (:func:`occlusion.services.sessions.resume_session`), which — as on the command
line — releases a restriction that was on and counts it against the limb's cap.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from occlusion.errors import InputError
from occlusion.services.sessions import SessionHandle, resume_session, start_session
from occlusion.store.engine import Database


class _Clock:
    """Adapts the app's clock function to the runner's ``Clock`` protocol."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now()


class LiveSessions:
    """The running guided sessions of this server, by person id, each behind its own lock."""

    def __init__(self, database: Database, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.clock = _Clock(clock)
        self._handles: dict[uuid.UUID, SessionHandle] = {}
        self._locks: dict[uuid.UUID, threading.Lock] = {}
        self._registry_lock = threading.Lock()

    def _lock(self, person_id: uuid.UUID) -> threading.Lock:
        with self._registry_lock:
            return self._locks.setdefault(person_id, threading.Lock())

    def start(self, person_id: uuid.UUID) -> dict[str, Any]:
        """Start a session from the person's active plan and return its state."""
        with self._lock(person_id):
            handle = start_session(self.database, str(person_id), clock=self.clock)
            self._handles[person_id] = handle
            return state_of(handle)

    @contextmanager
    def running(self, person_id: uuid.UUID) -> Iterator[SessionHandle]:
        """Yield the person's running session (resumed from the log if this server lost it).

        Raises
        ------
        InputError
            The person has no session in progress.
        """
        with self._lock(person_id):
            handle = self._handles.get(person_id)
            if handle is None or handle.runner.finished:
                self._handles.pop(person_id, None)
                handle = resume_session(self.database, str(person_id), clock=self.clock)
                self._handles[person_id] = handle
            handle.runner.tick()
            yield handle
            if handle.runner.finished:
                self._handles.pop(person_id, None)

    def state(self, person_id: uuid.UUID) -> dict[str, Any] | None:
        """Return the running session's state, or ``None`` when the person has none."""
        try:
            with self.running(person_id) as handle:
                return state_of(handle)
        except InputError:
            return None


def state_of(handle: SessionHandle) -> dict[str, Any]:
    """Return what the live page shows: the runner's view plus the session id."""
    view = handle.runner.view().as_dict()
    return {"session_id": str(handle.session_id), "person": handle.person_name, **view}
