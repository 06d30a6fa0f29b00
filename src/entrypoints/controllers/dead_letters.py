"""GET /api/v1/dead-letters: events a consumer group gave up on (replay: the CLI)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from application.events.dead_letters import DeadLetterPage, ListDeadLetters


class DeadLettersController(Controller):
    path = "/api/v1/dead-letters"
    tags = ["operations"]

    @get("/", summary="Dead letters, oldest first: the waiting ones, or all with include_replayed")
    async def index(
        self,
        list_dead_letters: NamedDependency[ListDeadLetters],
        include_replayed: FromQuery[bool] = False,
        limit: FromQuery[int] = 100,
    ) -> DeadLetterPage:
        return await list_dead_letters(include_replayed=include_replayed, limit=limit)
