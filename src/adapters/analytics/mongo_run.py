"""Run a catalog query on a MongoDB database, with driver outages as DatabaseUnavailable."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, OperationFailure

from adapters.analytics.mongo_queries import QUERIES
from domain.errors import DatabaseUnavailable, UnknownQuery


async def run_query(db: AsyncDatabase, name: str, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    run = QUERIES.get(query)
    if run is None:
        raise UnknownQuery(query, list(QUERIES))
    try:
        return await run(db, params)
    except ConnectionFailure as exc:  # server selection timeouts and dropped connections
        raise DatabaseUnavailable(f"{name} is unreachable: {type(exc).__name__}: {exc}"[:300]) from exc
    except OperationFailure as exc:
        if exc.code in (13, 18):  # Unauthorized, AuthenticationFailed: a config problem
            raise DatabaseUnavailable(f"{name} refused the query: {exc}"[:300]) from exc
        raise
