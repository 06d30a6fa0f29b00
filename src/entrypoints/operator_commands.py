"""Operator commands (dead letters, outbox status) as plain async functions over a container,
so any CLI front end can host them: each returns the text to print and the exit status."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from application.events.dead_letters import DeadLetterView
from domain.errors import NotFound
from entrypoints.settings import Settings


@contextlib.asynccontextmanager
async def operator_container(settings: Settings) -> AsyncIterator[Any]:
    """A container for one command: no server, no consumers; what it opened is closed after."""
    from containers import build_container

    container = build_container(settings=settings)
    clients: Any = container.channels.http_clients  # a Resource provider
    await clients.init()
    try:
        yield container
    finally:
        await clients.shutdown()
        await container.events.analytics_store().close()
        await container.infrastructure.redis_client().aclose()
        await container.persistence.engine().dispose()
        for shard in list(container.persistence.shards().shards.values())[1:]:  # a sharded store's others
            await shard.engine.dispose()


def _line(letter: DeadLetterView) -> str:
    error = letter.error.replace("\n", " ")[:120]
    return (
        f"{letter.id}\t{letter.status}\t{letter.consumer_group}\t{letter.event_type or '-'}\t{letter.event_id}\t"
        f"attempts={letter.attempts}\t{letter.dead_lettered_at.isoformat()}\t{error}"
    )


async def list_dead_letters(
    container: Any, *, include_replayed: bool = False, as_json: bool = False
) -> tuple[str, int]:
    page = await container.events.list_dead_letters()(include_replayed=include_replayed, limit=1000)
    if as_json:
        return msgspec.json.encode(page).decode(), 0
    header = "id\tstatus\tgroup\ttype\tevent_id\tattempts\tdead_lettered_at\terror"
    lines = [header, *(_line(letter) for letter in page.items), f"{page.waiting} waiting"]
    return "\n".join(lines), 0


async def replay_dead_letters(container: Any, letter_id: int | None) -> tuple[str, int]:
    """Replay one (`letter_id`) or every waiting dead letter; exit status 1 if any failed."""
    try:
        outcomes = await container.events.replay_dead_letters()(letter_id)
    except NotFound as exc:
        return exc.detail, 1
    lines = [f"{o.id}\t{o.outcome}\t{o.consumer_group}\t{o.event_id}\t{o.detail}".rstrip() for o in outcomes]
    counts = {kind: sum(o.outcome == kind for o in outcomes) for kind in ("replayed", "failed", "skipped")}
    lines.append(", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return "\n".join(lines), 1 if counts["failed"] else 0


async def outbox_status(container: Any, *, as_json: bool = False) -> tuple[str, int]:
    shards = container.events.describe_shard_outboxes()
    if shards:  # a sharded store: each shard has its own outbox and relay lease
        statuses = {name: await describe() for name, describe in shards.items()}
        if as_json:
            return msgspec.json.encode(statuses).decode(), 0
        return "\n".join(f"shard {name}\n{_outbox_lines(s)}" for name, s in statuses.items()), 0
    status = await container.events.describe_outbox()()
    if as_json:
        return msgspec.json.encode(status).decode(), 0
    return _outbox_lines(status), 0


def _outbox_lines(status: Any) -> str:
    age = "-" if status.oldest_unsent_age_seconds is None else f"{status.oldest_unsent_age_seconds:.3f}s"
    expires = status.relay_lease_expires_at.isoformat() if status.relay_lease_expires_at else "-"
    lease = "live" if status.relay_lease_live else "expired"
    holder = status.relay_holder or "-"
    lines = [
        f"unsent: {status.unsent}",
        f"oldest unsent age: {age}",
        f"relay lease: {holder} ({lease}, until {expires})",
    ]
    return "\n".join(lines)
