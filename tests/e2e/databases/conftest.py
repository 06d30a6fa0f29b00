"""The test profile's SQLite file with the shared schema and a known data set, before the app."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.sql.tables import metadata
from entrypoints.settings import Settings
from tests.integration.databases.builders import DataSet, insert_rows, known_data


@pytest.fixture(autouse=True)
async def data(settings: Settings) -> DataSet:
    data = known_data()
    engine = create_async_engine(settings.database.url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await insert_rows(engine, data)
    await engine.dispose()
    return data
