"""The named query catalog validates names and parameters before any engine runs."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.analytics.mongo_queries import QUERIES as MONGO_QUERIES
from adapters.sql.analytics_queries import QUERIES as SQL_ANALYTICS_QUERIES
from adapters.sql.queries import QUERIES as SQL_QUERIES
from application.queries.catalog import QueryCatalog
from domain.errors import InvalidQueryParams, UnknownQuery
from entrypoints.problems import status_of

catalog = QueryCatalog()
NAMES = ["payments_by_user", "payment_totals_by_gateway", "recent_events", "notification_delivery_stats"]


def test_the_catalog_has_the_four_queries_and_every_engine_implements_each():
    assert catalog.names == NAMES
    for implementation in (SQL_QUERIES, SQL_ANALYTICS_QUERIES, MONGO_QUERIES):
        assert sorted(implementation) == sorted(NAMES)


def test_an_unknown_query_is_422_on_field_query_listing_the_known_ones():
    with pytest.raises(UnknownQuery) as info:
        catalog.validate("DROP TABLE payments", {})
    assert (status_of(info.value), info.value.field) == (422, "query")
    assert info.value.extra["known"] == NAMES


def test_parameters_get_their_defaults_and_typed_values():
    assert catalog.validate("payments_by_user", {"user_id": "u1"}).params == {"user_id": "u1", "limit": 20}
    assert catalog.validate("payment_totals_by_gateway", {"since": "2025-01-31"}).params == {
        "currency": None,
        "since": date(2025, 1, 31),
    }
    assert catalog.validate("recent_events", {"type": "refund_processed"}).params["type"] == "refund_processed"


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("payments_by_user", {}, "params.user_id"),
        ("payments_by_user", {"user_id": "u1", "limit": 101}, "params.limit"),
        ("payments_by_user", {"user_id": "u1", "limit": 0}, "params.limit"),
        ("payments_by_user", {"user_id": {"$ne": ""}}, "params.user_id"),
        ("payments_by_user", {"user_id": "u1", "sql": "1=1"}, "params.sql"),
        ("payment_totals_by_gateway", {"currency": "usd"}, "params.currency"),
        ("payment_totals_by_gateway", {"since": "last week"}, "params.since"),
        ("recent_events", {"type": "payment_deleted"}, "params.type"),
        ("recent_events", {"limit": "10; DROP TABLE outbox"}, "params.limit"),
        ("notification_delivery_stats", {"since": 20250101}, "params.since"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(name, params, field):
    with pytest.raises(InvalidQueryParams) as info:
        catalog.validate(name, params)
    assert (status_of(info.value), info.value.field) == (422, field)


def test_the_catalog_describes_each_query_with_a_parameter_schema():
    described = {d.name: d for d in catalog.describe()}
    assert list(described) == NAMES
    schema = described["payments_by_user"].params
    assert "user_id" in str(schema) and "maximum" in str(schema)
