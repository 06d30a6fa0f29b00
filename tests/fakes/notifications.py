"""Fakes for notification tests: a scripted channel, a recording sleep, use cases wired to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from adapters.memory.ratelimit import InMemoryRateLimiter
from adapters.templates.jinja import JinjaTemplateEngine
from application.factories import FactoryEntry, KeyedFactory
from application.idempotency import Idempotency
from application.notifications.catalog import TemplateCatalog
from application.notifications.compose import Composer, Safety
from application.notifications.delivery import NotificationDelivery
from application.notifications.send_multichannel import SendMultiChannel
from application.notifications.send_notification import SendNotification
from domain import recipients
from domain.ports import DeliveryFailed, DeliveryResult, NotificationChannel, OutgoingMessage
from domain.retry import RetryPolicy
from entrypoints.answers import created
from tests.fakes.notification_store import InMemoryIdempotencyStore, InMemoryUnitOfWork, MemoryState
from tests.fakes.templates import InMemoryPreferenceStore, InMemoryTemplateStore


class ScriptedChannel(NotificationChannel):
    """Answers each send with the next scripted outcome (an exception is raised), then succeeds."""

    def __init__(self, name: str, script: Iterable[DeliveryResult | Exception] = ()) -> None:
        self.name = name
        self.script = list(script)
        self.sent: list[OutgoingMessage] = []

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.validate_recipient(self.name, recipient, field)

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        self.sent.append(message)
        outcome = self.script.pop(0) if self.script else DeliveryResult(f"{self.name}-{len(self.sent)}")
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def transient(detail: str = "503 unavailable", retry_after: float | None = None) -> DeliveryFailed:
    return DeliveryFailed(detail, permanent=False, retry_after=retry_after)


def permanent(detail: str = "400 invalid recipient") -> DeliveryFailed:
    return DeliveryFailed(detail, permanent=True)


@dataclass
class RecordingSleep:
    """Stands in for asyncio.sleep: records the delays, waits for nothing."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class NotificationKit:
    send: SendNotification
    send_multi: SendMultiChannel
    state: MemoryState
    sleep: RecordingSleep
    idempotency: InMemoryIdempotencyStore
    templates: InMemoryTemplateStore
    preferences: InMemoryPreferenceStore
    delivery: NotificationDelivery


def channel_factory(channels: Iterable[NotificationChannel]) -> KeyedFactory[NotificationChannel]:
    by_name = {c.name: c for c in channels}
    entries = [FactoryEntry(name=n, description=n, enabled=True, adapter=type(c).__name__) for n, c in by_name.items()]
    return KeyedFactory("notification-channels", "test channels", by_name.__getitem__, entries)


def notification_kit(
    *channels: NotificationChannel, policy: RetryPolicy | None = None, safety: Safety | None = None
) -> NotificationKit:
    """The use cases over the given channels, in-memory persistence and a sleep that records;
    templates render with the real sandboxed Jinja engine."""
    state, sleep = MemoryState(), RecordingSleep()
    idempotency = InMemoryIdempotencyStore(state)
    policy = policy or RetryPolicy(max_attempts=3, base_delay=0.2, max_delay=5.0, jitter=False)
    delivery = NotificationDelivery(
        channel_factory(channels), lambda: InMemoryUnitOfWork(state), {c.name: policy for c in channels}, sleep=sleep
    )
    keys = Idempotency(idempotency, encode=created)
    templates, preferences = InMemoryTemplateStore(), InMemoryPreferenceStore()
    catalog = TemplateCatalog(templates, JinjaTemplateEngine())
    composer = Composer(catalog, preferences, InMemoryRateLimiter(), safety)
    return NotificationKit(
        SendNotification(delivery, keys, composer),
        SendMultiChannel(delivery, keys, composer),
        state,
        sleep,
        idempotency,
        templates,
        preferences,
        delivery,
    )
