"""Errors cross between workers intact; a single worker owns every session."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from occlusion.errors import InputError, OcclusionError, StoreError
from occlusion.services.cluster import Moved, SingleWorker, decode_error, encode_error


def test_project_errors_survive_the_trip() -> None:
    original = InputError("no session in progress", code="session.none", person="p1")
    rebuilt = decode_error(encode_error(original))
    assert type(rebuilt) is InputError
    assert (str(rebuilt), rebuilt.code, rebuilt.fields) == (
        "no session in progress", "session.none", {"person": "p1"}
    )
    assert type(decode_error({"type": "os", "message": "x"})) is OcclusionError
    assert type(decode_error(encode_error(StoreError("gone")))) is StoreError


def test_single_worker_owns_everything_and_has_no_peers() -> None:
    single = SingleWorker()
    person = uuid.uuid4()
    assert single.try_own(person)
    with pytest.raises(Moved):
        single.call(person, {"op": "state"}, 0.1)


def test_a_forwarded_request_sent_again_is_acted_on_once(tmp_path: Any) -> None:
    """The asking worker retries when the owner answers late; the owner answers from memory."""
    from datetime import UTC, datetime

    from occlusion.services.live_sessions import LiveSessions
    from occlusion.store.engine import open_database

    database = open_database(f"sqlite:///{tmp_path / 'log.db'}")
    live = LiveSessions(database, lambda: datetime(2026, 12, 6, tzinfo=UTC))
    person = uuid.uuid4()
    acted: list[str] = []

    def local(person_id: uuid.UUID, request: dict[str, Any]) -> Any:
        acted.append(request["action"])
        if request["action"] == "bad":
            raise InputError("refused", code="session.refused")
        return {"set_number": len(acted)}

    live._local = local  # type: ignore[method-assign]
    live._holds = lambda person_id: True  # type: ignore[method-assign]
    try:
        request = {"op": "act", "action": "log", "values": {}, "request_id": "r1"}
        first = live._serve_forwarded(person, request)
        again = live._serve_forwarded(person, dict(request))
        assert first == again == {"set_number": 1} and acted == ["log"]
        refused = {"op": "act", "action": "bad", "values": {}, "request_id": "r2"}
        for _ in range(2):
            with pytest.raises(InputError):
                live._serve_forwarded(person, refused)
        assert acted == ["log", "bad"]
        live._serve_forwarded(person, {**request, "request_id": "r3"})
        assert acted == ["log", "bad", "log"], "a new request is acted on"
    finally:
        database.close()


def test_the_lease_connection_gives_up_on_a_silent_peer_even_mid_query() -> None:
    from occlusion.services.cluster import KEEPALIVE_GIVE_UP_S, PostgresCluster
    from tests.store.database import POSTGRESQL_URL, require_postgresql

    require_postgresql()
    cluster = PostgresCluster(POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://"))
    try:
        parameters = cluster._lease.info.get_parameters()
        assert parameters["tcp_user_timeout"] == str(KEEPALIVE_GIVE_UP_S * 1000)
        assert parameters["keepalives"] == "1"
    finally:
        cluster.close()


def test_the_lease_is_probed_only_while_something_is_owned() -> None:
    from occlusion.services.cluster import PostgresCluster
    from tests.store.database import POSTGRESQL_URL, require_postgresql

    require_postgresql()
    cluster = PostgresCluster(
        POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://"), heartbeat_s=0.0
    )
    sent: list[str] = []
    lease = cluster._lease

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(lease, name)

        def execute(self, query: str, *arguments: Any) -> Any:
            sent.append(query)
            return lease.execute(query, *arguments)

    cluster._lease = Recording()
    try:
        assert cluster.lost_leases() == set()
        assert sent == [], "an idle worker does not probe"
        person = uuid.uuid4()
        assert cluster.try_own(person)
        assert cluster.lost_leases() == set()
        assert sent[-1] == "SELECT 1", "a worker holding a session probes its lease"
        cluster.release(person)
    finally:
        cluster._lease = lease
        cluster.close()
