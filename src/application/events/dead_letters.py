"""Dead letters for operators: list them, and replay them through their group's handler."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import msgspec
import structlog

from domain.errors import InvalidInput, NotFound
from domain.events import decode_event
from domain.ports import DeadLetter, DeadLetterStore, EventHandler, Metrics, NoMetrics

log = structlog.get_logger("dead_letters")


class DeadLetterView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    consumer_group: str
    event_id: str
    event_type: str | None
    status: str
    error: str
    attempts: int
    first_failed_at: datetime
    dead_lettered_at: datetime
    replayed_at: datetime | None
    envelope: Any  # the event as JSON, or the raw message as text when it was not an event


class DeadLetterPage(msgspec.Struct, frozen=True):
    items: list[DeadLetterView]
    waiting: int


class ReplayOutcome(msgspec.Struct, frozen=True):
    id: int
    consumer_group: str
    event_id: str
    outcome: str  # "replayed", "failed" (still waiting) or "skipped" (nothing here can handle it)
    detail: str = ""


def view(letter: DeadLetter) -> DeadLetterView:
    try:
        envelope: Any = msgspec.json.decode(letter.envelope)
    except msgspec.DecodeError:
        envelope = letter.envelope.decode("utf-8", errors="replace")
    fields = {f: getattr(letter, f) for f in DeadLetterView.__struct_fields__ if f != "envelope"}
    return DeadLetterView(**fields, envelope=envelope)


class ListDeadLetters:
    def __init__(self, store: DeadLetterStore) -> None:
        self._store = store

    async def __call__(self, *, include_replayed: bool = False, limit: int = 100) -> DeadLetterPage:
        """The dead letters, oldest first: waiting ones only unless `include_replayed`.

        Raises:
            InvalidInput: `limit` is not between 1 and 1000.
        """
        if not 1 <= limit <= 1000:
            raise InvalidInput("limit must be between 1 and 1000", field="limit")
        letters = await self._store.list(waiting_only=not include_replayed, limit=limit)
        return DeadLetterPage([view(letter) for letter in letters], await self._store.count_waiting())


class ReplayDeadLetters:
    """Hands a waiting dead letter's event to its group's handler once more, here and now.

    `handlers` maps the shared groups (receipts, analytics, cache invalidation) to their
    handlers; those de-duplicate by event_id, so a replay of something already handled is
    harmless. A replay that fails leaves the letter waiting with the new error.
    """

    def __init__(
        self, store: DeadLetterStore, handlers: Mapping[str, EventHandler], metrics: Metrics | None = None
    ) -> None:
        self._store = store
        self._handlers = handlers
        self._metrics = metrics or NoMetrics()

    async def __call__(self, letter_id: int | None = None, *, limit: int = 1000) -> list[ReplayOutcome]:
        """Replay one letter (`letter_id`), else every waiting one (up to `limit`).

        Raises:
            NotFound: no dead letter has `letter_id`.
        """
        if letter_id is not None:
            letter = await self._store.get(letter_id)
            if letter is None:
                raise NotFound(f"no dead letter {letter_id}", field="id")
            letters = [letter]
        else:
            letters = await self._store.list(waiting_only=True, limit=limit)
        outcomes = [await self._replay(letter) for letter in letters]
        self._metrics.dead_letters_waiting(await self._store.count_waiting())
        return outcomes

    async def _replay(self, letter: DeadLetter) -> ReplayOutcome:
        assert letter.id is not None
        outcome = ReplayOutcome(letter.id, letter.consumer_group, letter.event_id, "skipped")
        if letter.status != "waiting":
            return msgspec.structs.replace(outcome, detail=f"already {letter.status}")
        handler = self._handlers.get(letter.consumer_group)
        if handler is None:
            return msgspec.structs.replace(outcome, detail=f"no handler for group {letter.consumer_group!r} here")
        try:
            event = decode_event(letter.envelope)
        except (msgspec.DecodeError, TypeError):
            return msgspec.structs.replace(outcome, detail="not an event envelope")
        try:
            await handler(event)
        except Exception as exc:  # reported and kept waiting; the operator may try again
            error = f"{type(exc).__name__}: {exc}"
            await self._store.record_failure(letter.id, error)
            log.warning("dead_letter_replay_failed", id=letter.id, group=letter.consumer_group, error=error[:200])
            return msgspec.structs.replace(outcome, outcome="failed", detail=error[:200])
        await self._store.mark_replayed(letter.id)
        log.info("dead_letter_replayed", id=letter.id, group=letter.consumer_group, event_id=letter.event_id)
        return msgspec.structs.replace(outcome, outcome="replayed")
