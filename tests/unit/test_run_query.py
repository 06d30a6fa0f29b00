"""Running a named query on one database or on all of them, with fake databases."""

from __future__ import annotations

import pytest

from application.events.project_analytics import GROUP, ProjectEvent
from application.factories import FactoryEntry, KeyedFactory
from application.queries.catalog import QueryCatalog
from application.queries.run_query import QueryAllRequest, QueryRequest, RunNamedQuery, RunQueryEverywhere
from domain.errors import DatabaseNotEnabled, DatabaseUnavailable, UnknownFactoryKey, UnknownQuery
from domain.events import Event, EventType
from entrypoints.problems import status_of
from tests.fakes.databases import (
    BrokenDatabase,
    DownDatabase,
    HungDatabase,
    RowsDatabase,
    SetAnalyticsStore,
)

ROWS = [{"gateway": "stripe", "payments": 1}]


def factory(members: dict, disabled: tuple[str, ...] = ()) -> KeyedFactory:
    entries = [
        FactoryEntry(name=name, description="", enabled=name not in disabled, adapter=type(db).__name__, role=db.role)
        for name, db in members.items()
    ]
    return KeyedFactory("databases", "test", members.__getitem__, entries)


def test_rows_database_is_a_queryable_database():
    from domain.ports import QueryableDatabase

    assert isinstance(RowsDatabase("x", []), QueryableDatabase)


async def test_a_query_runs_on_the_named_database_with_validated_params():
    sqlite = RowsDatabase("sqlite", ROWS)
    run = RunNamedQuery(factory({"sqlite": sqlite}), QueryCatalog())
    result = await run(QueryRequest("sqlite", "payments_by_user", {"user_id": "u1"}))
    assert (result.database, result.query, result.rows, result.row_count) == ("sqlite", "payments_by_user", ROWS, 1)
    assert result.elapsed_ms >= 0
    assert sqlite.calls == [("payments_by_user", {"user_id": "u1", "limit": 20})]


async def test_unknown_and_disabled_databases_are_422_and_nothing_runs():
    sqlite, mysql = RowsDatabase("sqlite", ROWS), RowsDatabase("mysql", ROWS)
    run = RunNamedQuery(factory({"sqlite": sqlite, "mysql": mysql}, disabled=("mysql",)), QueryCatalog())
    with pytest.raises(UnknownFactoryKey) as unknown:
        await run(QueryRequest("oracle", "recent_events"))
    assert (status_of(unknown.value), unknown.value.field) == (422, "database")
    assert unknown.value.extra["known"] == ["sqlite", "mysql"]
    with pytest.raises(DatabaseNotEnabled) as disabled:
        await run(QueryRequest("mysql", "recent_events"))
    assert disabled.value.extra["enabled"] == ["sqlite"]
    with pytest.raises(UnknownQuery):
        await run(QueryRequest("sqlite", "everything"))
    assert sqlite.calls == mysql.calls == []


async def test_a_hung_database_times_out_as_unavailable():
    run = RunNamedQuery(factory({"mysql": HungDatabase("mysql")}), QueryCatalog(), timeouts={"mysql": 0.01})
    with pytest.raises(DatabaseUnavailable) as info:
        await run(QueryRequest("mysql", "recent_events"))
    assert status_of(info.value) == 503


async def test_query_all_reports_each_database_alone():
    members = {
        "sqlite": RowsDatabase("sqlite", ROWS),
        "mysql": DownDatabase("mysql"),
        "postgresql": HungDatabase("postgresql"),
        "mongodb": BrokenDatabase("mongodb"),
        "off": RowsDatabase("off", ROWS),
    }
    run = RunQueryEverywhere(factory(members, disabled=("off",)), QueryCatalog(), timeouts={"postgresql": 0.01})
    result = await run(QueryAllRequest("recent_events", {"limit": 5}))
    outcomes = {r.database: r for r in result.results}
    assert list(outcomes) == ["sqlite", "mysql", "postgresql", "mongodb"]
    assert outcomes["sqlite"].ok and outcomes["sqlite"].rows == ROWS
    assert outcomes["mysql"].error.code == "database_unavailable"
    assert "did not answer" in outcomes["postgresql"].error.detail
    assert outcomes["mongodb"].error.code == "internal_error"
    assert (result.succeeded, result.failed) == (1, 3)


async def test_query_all_validates_before_running_anything():
    sqlite = RowsDatabase("sqlite", ROWS)
    with pytest.raises(UnknownQuery):
        await RunQueryEverywhere(factory({"sqlite": sqlite}), QueryCatalog())(QueryAllRequest("nope"))
    assert sqlite.calls == []


async def test_the_projector_records_each_event_once_through_the_bus():
    from adapters.events.memory import InMemoryEventBus

    store = SetAnalyticsStore()
    project = ProjectEvent(store)
    bus = InMemoryEventBus()
    bus.subscribe(GROUP, project)
    event = Event(type=EventType.PAYMENT_CREATED, aggregate_id="pay_1", user_id="u1", data={})
    await bus.publish([event, event])
    await bus.publish([event])
    assert store.event_ids == [event.event_id]
    assert (project.recorded, project.replayed) == (1, 2)
