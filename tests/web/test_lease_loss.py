"""A worker that loses its lease connection while alive stops driving the sessions it held.

Two apps in one process on one PostgreSQL schema stand for two workers. The first runs a cuff
session; its lease connection's backend is ended with ``pg_terminate_backend`` (as a database
restart or a network cut would), the second takes the session over, and the first must deflate
its cuff, write nothing more to the session's log and forward later requests to the new owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from occlusion.services.cluster import PostgresCluster
from occlusion.store.models import SessionEvent
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig
from tests.store.database import POSTGRESQL_URL, drop_schema, require_postgresql
from tests.web.conftest import Browser, StepClock
from tests.web.test_session_cuff import cuff_athlete, deflated, follow, live_of


@pytest.fixture
def postgresql_config(web_config: WebConfig) -> Iterator[WebConfig]:
    require_postgresql()
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:16]}"
    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield replace(
            web_config, database_url=f"{POSTGRESQL_URL}?options=-csearch_path%3D{schema}"
        )
    finally:
        drop_schema(schema)


def _terminate(backend_pid: int) -> None:
    import psycopg

    dsn = POSTGRESQL_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        row = connection.execute("SELECT pg_terminate_backend(%s)", (backend_pid,)).fetchone()
    assert row is not None and row[0], "the lease connection's backend was not ended"


def _events(app: Any, session_id: str) -> int:
    database = app.state["occlusion"].database
    with database.session() as session:
        return int(session.scalar(
            select(func.count()).select_from(SessionEvent)
            .where(SessionEvent.session_id == uuid.UUID(session_id))
        ) or 0)


def test_lost_lease_connection_deflates_and_hands_the_session_over(
    postgresql_config: WebConfig, clock: StepClock
) -> None:
    first_app, second_app = create_app(postgresql_config), create_app(postgresql_config)
    with TestClient(first_app) as first_client, TestClient(second_app) as second_client:
        on_first, on_second = Browser(first_client), Browser(second_client)
        person = cuff_athlete(on_first)
        people = uuid.UUID(person)
        started = on_first.post(f"/api/people/{person}/session/start")
        assert started.status_code == 200, started.text
        session_id = started.json()["session_id"]
        first_live = live_of(first_app)
        before = follow(first_live, clock, person, 30.0)
        assert before["step"] == "set", "the first worker's cuff is inflated"
        first_cluster = first_live.cluster
        assert isinstance(first_cluster, PostgresCluster) and first_cluster.owns(people)
        cuff = first_live._live[people].cuff
        assert cuff is not None
        client = cuff.restriction.client
        assert not deflated(client)

        _terminate(first_cluster.lease_backend_pid())
        # The lock went with the connection: the second worker takes the session over.
        on_second.cookies = dict(on_first.cookies)
        resumed = on_second.get(f"/api/people/{person}/session")
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["session_id"] == session_id
        assert live_of(second_app).count() == 1

        # The first worker's heartbeat finds the lost connection: its cuff deflates and it
        # stops driving the session, whatever its keeper thread had already done.
        first_cluster.heartbeat_s = 0.0
        first_live.service()
        assert first_live.count() == 0
        assert not first_cluster.owns(people)
        assert deflated(client)
        written = _events(first_app, session_id)
        for _ in range(8):
            clock.advance(0.25)
            first_live.service()
        assert _events(first_app, session_id) == written, "the first worker wrote no more"

        # A request reaching the first worker is answered by the session's new owner.
        via_first = on_first.get(f"/api/people/{person}/session")
        assert via_first.status_code == 200, via_first.text
        assert via_first.json()["session_id"] == session_id
        assert first_live.count() == 0 and live_of(second_app).count() == 1
        logged = on_first.post(f"/api/people/{person}/session/stop")
        assert logged.status_code == 200, logged.text
        assert first_live.count() == 0


def test_a_lease_lost_between_heartbeats_is_found_when_it_is_next_used(
    postgresql_config: WebConfig,
) -> None:
    """Taking a lease on a dead connection opens a new one instead of failing the request."""
    with TestClient(create_app(postgresql_config)) as test_client:
        cluster = test_client.app.state["occlusion"].live.cluster
        assert isinstance(cluster, PostgresCluster)
        held, other = uuid.uuid4(), uuid.uuid4()
        assert cluster.try_own(held)
        _terminate(cluster.lease_backend_pid())
        assert cluster.try_own(other), "a new lease connection took the lock"
        assert cluster.owns(other) and not cluster.owns(held)
        assert cluster.lost_leases() == {held}
        assert cluster.lost_leases() == set(), "each loss is reported once"
