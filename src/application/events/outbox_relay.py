"""Publish committed outbox events through the EventBus, in order and in batches, and mark them sent."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import structlog

from domain.ports import EventBus, Metrics, NoMetrics, UnitOfWork

log = structlog.get_logger("outbox.relay")


class Doorbell:
    """Rung by every commit that wrote events (the unit of work calls `ring`); the relay waits
    on it. Bound to the loop of whoever waits, and safe to ring from another loop's thread."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._early = False  # rung before anyone waited

    def ring(self) -> None:
        event, loop = self._event, self._loop
        if event is None or loop is None:
            self._early = True
            return
        try:
            here = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        if here is loop:
            event.set()
        else:
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(event.set)

    async def wait(self, at_most: float) -> bool:
        """Until rung (True) or `at_most` seconds passed (False); a ring while not waiting is kept."""
        loop = asyncio.get_running_loop()
        if self._event is None or self._loop is not loop:
            self._event, self._loop = asyncio.Event(), loop
        event = self._event
        if self._early:
            self._early = False
            event.set()
        try:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
            # arrives as its timeout fires, and the relay would then outlive the app's stop.
            async with asyncio.timeout(at_most):
                await event.wait()
            return True
        except TimeoutError:
            return False
        finally:
            event.clear()


class OutboxRelay:
    """At least once, in commit order (so in order per aggregate): events are marked sent only
    after the bus accepted them; a crash in between publishes them again, and consumers
    de-duplicate by event_id. One relay runs per process; the lock keeps `relay_once` callers
    (the background loop, tests) from publishing the same batch twice, and the relay lease keeps
    the relays of other instances on the same database from publishing it too (a crashed
    holder's lease expires after `lease_seconds`, then another instance takes over).

    A commit that wrote events calls `wake()`, so `run` publishes right after it (after
    `gather_seconds`, so that the commits of a busy moment share a pass); the poll interval is
    only the fallback for commits of other instances. The lease is renewed once a
    third of it has passed, not on every pass: a pass is one read (plus a renewal when due), one
    publish and one statement marking the whole batch sent.
    """

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        bus: EventBus,
        batch_size: int = 500,
        *,
        metrics: Metrics | None = None,
        holder: str = "local",
        lease_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        wake: Doorbell | None = None,
        gather_seconds: float = 0.005,
    ) -> None:
        self._uow = uow
        self._holder = holder
        self._lease = lease_seconds
        self._metrics = metrics or NoMetrics()
        self._bus = bus
        self._batch = batch_size
        self._clock = clock
        self._lock = asyncio.Lock()
        self._wake = wake or Doorbell()  # rung by commits that wrote events
        self._gather = gather_seconds
        self._stopping = False
        self._lease_until = float("-inf")  # by our clock: renewed well before it runs out

    def wake(self) -> None:
        """Called after a commit that wrote events."""
        self._wake.ring()

    async def run(self, poll_seconds: float) -> None:
        """Relay whenever woken, or every `poll_seconds` at the latest; until cancelled."""
        self._stopping = False
        while not self._stopping:
            if await self._wake.wait(poll_seconds):
                # Under load a commit lands every millisecond or two: a moment's wait lets
                # one pass (one read, one publish, one mark) carry all of them.
                await asyncio.sleep(self._gather)
            try:
                await self.relay_once()
            except Exception:  # logged; tried again at the next poll (a ring would spin)
                log.exception("outbox_relay_failed")
                await asyncio.sleep(poll_seconds)

    def stop(self) -> None:
        """`run` ends after its current pass, even if a cancellation were lost."""
        self._stopping = True

    async def relay_once(self) -> int:
        """Publish everything unsent, including events that handlers committed meanwhile (a
        receipt's notification_sent), so a flush at shutdown leaves nothing behind; returns how
        many events went out."""
        sent = 0
        async with self._lock:
            while True:
                now = self._clock()  # taken before the claim: our view of the lease ends first
                renew = now >= self._lease_until - self._lease * 2 / 3
                async with self._uow() as uow:
                    held = await uow.outbox.claim_relay(self._holder, self._lease) if renew else True
                    events = await uow.outbox.unsent(self._batch) if held else []
                    if renew:
                        await uow.commit()
                if renew:
                    self._lease_until = now + self._lease if held else float("-inf")
                oldest = events[0].occurred_at if events else None
                self._metrics.outbox_lag((datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0)
                if not events:
                    return sent
                try:
                    await self._bus.publish(events)
                except Exception:
                    self._metrics.publish_failure()
                    raise
                async with self._uow() as uow:
                    await uow.outbox.mark_sent([event.event_id for event in events])
                    await uow.commit()
                sent += len(events)


async def relay_in_background(relay: OutboxRelay, poll_seconds: float, *after: object) -> AsyncIterator[OutboxRelay]:
    """The relay as a Resource: `run` beside the app, and a last flush at shutdown so nothing
    committed stays behind. `after` are the Resources it needs (the engine, the started bus)."""
    task = asyncio.create_task(relay.run(poll_seconds), name="outbox-relay")
    try:
        yield relay
    finally:
        relay.stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        try:
            await relay.relay_once()
        except Exception:
            log.exception("outbox_relay_failed", final=True)
