"""query-all through the container: every enabled database answers or fails on its own."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from application.queries.run_query import QueryAllRequest, QueryRequest
from containers import build_container
from domain.errors import DatabaseUnavailable
from entrypoints.problems import status_of
from entrypoints.settings import load_settings
from tests.integration.databases.builders import insert_rows, known_data
from tests.integration.databases.conftest import MONGODB_URL, clear_tables
from tests.integration.databases.test_analytics_stores import TOTALS

pytestmark = pytest.mark.integration


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.asynccontextmanager
async def database_port(kind: str) -> AsyncIterator[int]:
    """A closed port, or a server that accepts connections and never says a word (hung)."""
    if kind == "closed":
        yield closed_port()
        return

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


@pytest.fixture
async def seeded(sqlite_url, postgresql_url, mongo_store) -> dict[str, str]:
    """The same data set in SQLite and PostgreSQL (transactional) and MongoDB (analytics)."""
    data = known_data()
    for url in (sqlite_url, postgresql_url):
        engine = create_async_engine(url)
        await clear_tables(engine)
        await insert_rows(engine, data)
        await engine.dispose()
    for event in data.events:
        await mongo_store.record(event)
    return {"sqlite": sqlite_url, "postgresql": postgresql_url}


def _container(urls: dict[str, str], mysql_url: str, mongo_database: str):
    settings = load_settings(
        "test",
        env={"DATABASE_URL": urls["sqlite"]},
        overrides={
            "mongodb": {"database": mongo_database},
            "databases": {
                "mysql": {"enabled": True, "url": mysql_url, "connect_timeout": 5, "query_timeout": 1},
                "postgresql": {"enabled": True, "url": urls["postgresql"]},
                "mongodb": {"enabled": True, "url": MONGODB_URL},
            },
        },
    )
    return build_container(settings=settings)


@pytest.mark.parametrize("mysql_port", ["closed", "silent"])
async def test_query_all_answers_from_the_others_when_one_database_is_down(seeded, mongo_database, mysql_port):
    async with database_port(mysql_port) as port:
        container = _container(seeded, f"mysql+aiomysql://root:@127.0.0.1:{port}/nowhere", mongo_database)
        await container.init_resources()
        try:
            result = await container.queries.run_query_everywhere()(QueryAllRequest("payment_totals_by_gateway"))
        finally:
            await container.shutdown_resources()
    outcomes = {r.database: r for r in result.results}
    assert set(outcomes) == {"mysql", "postgresql", "mongodb", "sqlite"}
    for name in ("postgresql", "mongodb", "sqlite"):
        assert outcomes[name].ok and outcomes[name].rows == TOTALS, name
        assert outcomes[name].row_count == 2
    assert not outcomes["mysql"].ok and outcomes["mysql"].rows is None
    assert outcomes["mysql"].error.code == "database_unavailable"
    assert (result.succeeded, result.failed) == (3, 1)


async def test_query_on_a_down_database_is_a_503_problem(seeded, mongo_database):
    container = _container(seeded, f"mysql+aiomysql://root:@127.0.0.1:{closed_port()}/nowhere", mongo_database)
    await container.init_resources()
    try:
        with pytest.raises(DatabaseUnavailable) as info:
            await container.queries.run_named_query()(QueryRequest("mysql", "recent_events", {"limit": 5}))
        ok = await container.queries.run_named_query()(QueryRequest("postgresql", "recent_events", {}))
    finally:
        await container.shutdown_resources()
    assert status_of(info.value) == 503 and "mysql" in info.value.detail
    assert ok.row_count == len(known_data().events)  # fewer than the default limit of 20
