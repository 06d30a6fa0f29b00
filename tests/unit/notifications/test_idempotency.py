"""Idempotency-Key on the notification POSTs: Stripe's semantics."""

from __future__ import annotations

import pytest

from adapters.memory.notifications import InMemoryIdempotencyStore
from application.idempotency import fingerprint, run_idempotent
from application.send_multichannel import ChannelTarget, SendMultiChannelCommand
from application.send_notification import SendNotificationCommand
from domain.errors import IdempotencyKeyInFlight, IdempotencyKeyReused, InvalidInput
from domain.ports import StoredResponse
from tests.fakes.notifications import ScriptedChannel, notification_kit

COMMAND = SendNotificationCommand(channel="email", recipient="user@example.com", message="Hi")


async def test_the_same_key_and_body_replays_the_first_result_without_sending_again():
    """A retried request gets the first notification back, marked as a replay."""
    channel = ScriptedChannel("email")
    kit = notification_kit(channel)
    first = await kit.send(COMMAND, idempotency_key="key-1")
    second = await kit.send(COMMAND, idempotency_key="key-1")
    assert not first.replayed and second.replayed
    assert second.notification == first.notification
    assert len(channel.sent) == 1 and len(kit.state.notifications) == 1


async def test_the_same_key_with_a_different_body_is_a_422():
    """Reusing a key for another request is refused, naming the header."""
    kit = notification_kit(ScriptedChannel("email"))
    await kit.send(COMMAND, idempotency_key="key-1")
    other = SendNotificationCommand(channel="email", recipient="user@example.com", message="Bye")
    with pytest.raises(IdempotencyKeyReused) as error:
        await kit.send(other, idempotency_key="key-1")
    assert error.value.status == 422 and error.value.field == "Idempotency-Key"


async def test_a_duplicate_while_the_first_is_in_flight_is_a_409():
    """While the first request holds the key, a concurrent duplicate is a conflict."""
    store = InMemoryIdempotencyStore()

    async def produce() -> StoredResponse:
        with pytest.raises(IdempotencyKeyInFlight) as error:
            await run_idempotent(store, "s", "k", "fp", produce)
        assert error.value.status == 409
        return StoredResponse(201, b"{}")

    assert (await run_idempotent(store, "s", "k", "fp", produce)).body == b"{}"


async def test_a_request_refused_by_validation_does_not_burn_the_key():
    """A 422 before anything moved leaves the key free for the corrected request."""
    kit = notification_kit(ScriptedChannel("email"))
    bad = SendNotificationCommand(channel="email", recipient="nope", message="Hi")
    with pytest.raises(InvalidInput):
        await kit.send(bad, idempotency_key="key-1")
    assert not (await kit.send(COMMAND, idempotency_key="key-1")).replayed


async def test_a_failing_producer_releases_the_key():
    """An error inside the work releases the key so the client can retry."""
    store = InMemoryIdempotencyStore()

    async def boom() -> StoredResponse:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        await run_idempotent(store, "s", "k", "fp", boom)
    assert await store.begin("s", "k", "fp") is None


async def test_keys_expire_after_their_ttl():
    """After 24 h a key starts afresh."""
    now = [0.0]
    store = InMemoryIdempotencyStore(ttl_seconds=10, clock=lambda: now[0])
    await store.begin("s", "k", "fp")
    await store.complete("s", "k", StoredResponse(201, b"{}"))
    now[0] = 11
    assert await store.begin("s", "k", "other") is None


async def test_multi_channel_replays_too_and_scopes_keys_per_endpoint():
    """The multi-channel POST replays its result; the same key on the other endpoint is separate."""
    kit = notification_kit(ScriptedChannel("email"))
    command = SendMultiChannelCommand(targets=[ChannelTarget("email", "user@example.com")],
                                      message="Hi")
    first = await kit.send_multi(command, idempotency_key="key-1")
    again = await kit.send_multi(command, idempotency_key="key-1")
    single = await kit.send(COMMAND, idempotency_key="key-1")
    assert again.replayed and again.result == first.result and not single.replayed


def test_the_fingerprint_ignores_key_order_but_not_values():
    """Equal requests fingerprint equal, whatever the JSON key order; different ones differ."""
    a = SendNotificationCommand(channel="email", recipient="u@x.io", message="m",
                                metadata={"a": 1, "b": 2})
    b = SendNotificationCommand(channel="email", recipient="u@x.io", message="m",
                                metadata={"b": 2, "a": 1})
    c = SendNotificationCommand(channel="email", recipient="u@x.io", message="n")
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\tkey"])
async def test_malformed_keys_are_a_422(key):
    """Empty, blank, over-long or non-printable keys are refused, naming the header."""
    with pytest.raises(InvalidInput) as error:
        await notification_kit(ScriptedChannel("email")).send(COMMAND, idempotency_key=key)
    assert error.value.field == "Idempotency-Key"
