"""Handing one event to one consumer group's handler: retried with backoff, else dead-lettered."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import structlog

from adapters.memory.dead_letters import InMemoryDeadLetterStore
from domain.events import Event, encode_event
from domain.ports import DeadLetter, DeadLetterStore, EventHandler, Metrics, NoMetrics
from domain.retry import RetryPolicy

log = structlog.get_logger("events.delivery")


class HandlerDelivery:
    """Shared by both buses, so a failing handler behaves the same in every profile.

    A handler that raises is retried with exponential backoff and jitter for `retry_for_seconds`
    (long enough to ride out a short Redis or SMTP outage); after that the event goes to dead
    letters and the caller moves on. `deliver` returns only once the event was handled or
    dead-lettered: if even the dead-letter store fails it raises, and the bus must not move past
    the event (Kafka does not commit; the in-process bus fails the publish, so the relay retries).
    """

    def __init__(
        self,
        dead_letters: DeadLetterStore | None = None,
        *,
        retry_base_seconds: float = 0.5,
        retry_max_seconds: float = 10.0,
        retry_for_seconds: float = 60.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.dead_letters = dead_letters or InMemoryDeadLetterStore()
        # Bounded by time, not by a count: only the policy's delays are used.
        self._policy = RetryPolicy(base_delay=retry_base_seconds, max_delay=retry_max_seconds)
        self._retry_for = retry_for_seconds
        self._metrics = metrics or NoMetrics()

    async def deliver(self, group: str, handler: EventHandler, event: Event) -> None:
        started, first_failed, attempt = time.monotonic(), None, 1
        while True:
            try:
                await handler(event)
                return
            except Exception as exc:  # any failure: retry, then dead-letter; never skip silently
                first_failed = first_failed or datetime.now(UTC)
                delay = self._policy.delay(attempt)
                if time.monotonic() - started + delay > self._retry_for:
                    await self.dead_letter(
                        group,
                        encode_event(event),
                        event_id=event.event_id,
                        event_type=str(event.type),
                        error=exc,
                        attempts=attempt,
                        first_failed_at=first_failed,
                    )
                    return
                log.warning(
                    "handler_failed", group=group, event_id=event.event_id, attempt=attempt, error=repr(exc)[:200]
                )
                await asyncio.sleep(delay)
                attempt += 1

    async def dead_letter(
        self,
        group: str,
        envelope: bytes,
        *,
        event_id: str,
        event_type: str | None,
        error: BaseException | str,
        attempts: int,
        first_failed_at: datetime | None = None,
    ) -> None:
        now = datetime.now(UTC)
        reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        letter = await self.dead_letters.add(
            DeadLetter(
                consumer_group=group,
                event_id=event_id,
                event_type=event_type,
                envelope=envelope,
                error=reason,
                attempts=attempts,
                first_failed_at=first_failed_at or now,
                dead_lettered_at=now,
            )
        )
        log.error(
            "event_dead_lettered",
            group=group,
            event_id=event_id,
            event_type=event_type,
            attempts=attempts,
            dead_letter_id=letter.id,
            error=reason[:200],
        )
        self._metrics.dead_lettered(group)
        try:
            self._metrics.dead_letters_waiting(await self.dead_letters.count_waiting())
        except Exception:  # the gauge is refreshed by housekeeping too; the letter is stored
            log.warning("dead_letter_gauge_not_refreshed", group=group)
