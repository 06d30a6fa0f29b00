"""CreatePayment against fakes: routing, the two transactions, outcomes, attempts, idempotency."""

import asyncio
import contextlib
from decimal import Decimal

import pytest

from application.idempotency import derive_key, fingerprint
from application.payments.process_payment import CreatePaymentCommand
from application.payments.requests import PaymentRequest, WalletDetails
from domain.errors import (
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    InvalidInput,
    OutcomeNotRecorded,
    UnknownFactoryKey,
)
from domain.events import EventType
from domain.payment import PaymentStatus
from entrypoints.problems import status_of
from tests.fakes.answers import answer_bytes, answer_json
from tests.fakes.payment_store import FakePaymentRepository, KeyRow
from tests.fakes.payments import timeout, unreachable, until


def _command(key: str | None = None, **fields) -> CreatePaymentCommand:
    body = {"user_id": "user123", "amount": Decimal("100.50"), "currency": "USD", "payment_method": "stripe", **fields}
    return CreatePaymentCommand(PaymentRequest(**body), key)


def _types(db, payment_id):
    return [e.type for e in db.outbox if e.aggregate_id == payment_id]


async def test_success_stores_the_payment_with_created_and_processed_events(create_payment, db, fakes):
    """The seed's body charges stripe once and stores a succeeded payment with both events."""
    reply = await create_payment(_command())
    body = answer_json(reply)
    assert reply.replay is None and body["status"] == "succeeded"
    assert body["amount"] == "100.50" and body["amount_minor"] == 10050
    assert db.payments[body["id"]].status is PaymentStatus.SUCCEEDED
    assert _types(db, body["id"]) == [EventType.PAYMENT_CREATED, EventType.PAYMENT_PROCESSED]
    assert len(fakes["stripe"].charges) == 1
    assert fakes["stripe"].charges[0].idempotency_key.startswith("fs_")


async def test_decline_fails_the_payment_with_payment_failed(create_payment, db, fakes):
    """A declined charge is a failed payment carrying the failure code, not an error."""
    fakes["stripe"].status = PaymentStatus.FAILED
    body = answer_json(await create_payment(_command()))
    assert body["status"] == "failed" and body["failure_code"] == "card_declined"
    assert _types(db, body["id"])[-1] is EventType.PAYMENT_FAILED


async def test_timeout_leaves_a_visible_pending_payment_without_outcome_event(create_payment, db, fakes):
    """A gateway timeout stores the payment as pending with the reason and the attempt."""
    fakes["stripe"].error = timeout()
    body = answer_json(await create_payment(_command()))
    assert body["status"] == "pending" and body["failure_code"] == "gateway_timeout"
    assert body["failure_reason"] == "fake timed out"
    assert [a["outcome"] for a in body["attempts"]] == ["timeout"]
    assert db.payments[body["id"]].status is PaymentStatus.PENDING
    assert _types(db, body["id"]) == [EventType.PAYMENT_CREATED]


async def test_unreachable_first_gateway_fails_over_within_the_payment_system(create_payment, fakes):
    """An unreachable gateway (nothing charged) hands over to the family's next gateway."""
    fakes["stripe"].error = unreachable()
    body = answer_json(await create_payment(_command(payment_method=None, payment_system="global")))
    assert body["status"] == "succeeded" and body["gateway"] == "paypal"
    assert body["payment_system"] == "global"
    assert [(a["gateway"], a["outcome"]) for a in body["attempts"]] == [
        ("stripe", "unavailable"),
        ("paypal", "succeeded"),
    ]
    # The same key at each provider: a provider sees it once, and reconciliation can repeat it.
    assert fakes["stripe"].charges[0].idempotency_key == fakes["paypal"].charges[0].idempotency_key


async def test_timeout_never_fails_over(create_payment, fakes):
    """After a timeout the first charge may exist, so no second gateway is asked."""
    fakes["stripe"].error = timeout()
    body = answer_json(await create_payment(_command(payment_method=None, payment_system="global")))
    assert body["status"] == "pending" and fakes["paypal"].charges == []


async def test_gateway_and_payment_system_that_disagree_are_422(create_payment, db):
    """Naming razorpay with the global family (stripe, paypal) is rejected before anything is stored."""
    with pytest.raises(InvalidInput) as error:
        await create_payment(_command(gateway="razorpay", payment_system="global"))
    assert error.value.field == "gateway" and db.payments == {}


async def test_unknown_gateway_lists_the_known_names(create_payment):
    """An unknown payment_method is a 422 naming the field and listing the gateways."""
    with pytest.raises(UnknownFactoryKey) as error:
        await create_payment(_command(payment_method="visa"))
    assert status_of(error.value) == 422 and error.value.field == "payment_method"
    assert "bank_transfer" in error.value.extra["known"]


async def test_gateway_validation_runs_before_anything_is_stored(create_payment, db, fakes):
    """The gateway's own validation error (naming the field) stores nothing and charges nothing."""
    with pytest.raises(InvalidInput) as error:
        await create_payment(_command(metadata={"invalid": True}))
    assert error.value.field == "metadata.invalid"
    assert db.payments == {} and fakes["stripe"].charges == []


async def test_wallet_details_reach_the_gateway(create_payment, fakes):
    """wallet_details are forwarded in the charge request."""
    await create_payment(_command(payment_method="digital_wallet", wallet_details=WalletDetails(wallet_id="w-1")))
    assert fakes["digital_wallet"].charges[0].wallet_details == {"wallet_id": "w-1"}


async def test_same_key_replays_the_first_reply_without_charging_again(create_payment, fakes, db):
    """A retry with the same Idempotency-Key returns the same bytes and moves no money."""
    first = await create_payment(_command("key-1"))
    again = await create_payment(_command("key-1"))
    assert answer_bytes(again) == answer_bytes(first) and again.replay is not None
    assert len(fakes["stripe"].charges) == 1 and len(db.payments) == 1


async def test_same_key_with_another_body_is_rejected(create_payment):
    """Reusing a key for a different request is a 422."""
    await create_payment(_command("key-2"))
    with pytest.raises(IdempotencyKeyReused):
        await create_payment(_command("key-2", amount=Decimal("5.00")))


async def test_a_rejected_request_frees_its_key(create_payment, keys, db):
    """A 4xx answer is not stored (as Stripe does with validation errors): the key is free again."""
    with pytest.raises(UnknownFactoryKey):
        await create_payment(_command("key-3", payment_method="visa"))
    assert keys.rows == {} and db.payments == {}


async def test_duplicate_while_in_flight_is_409(create_payment, keys):
    """A key claimed by a running request answers 409 to its duplicate."""
    command = _command("key-4")
    keys.rows[("payments", "key-4")] = KeyRow(fingerprint(command.operation, command.request), "alive")
    with pytest.raises(IdempotencyKeyInFlight):
        await create_payment(command)


async def test_outcome_that_cannot_be_saved_is_resumed_by_the_retry(create_payment, db, fakes, keys):
    """If the charge went through but tx2 fails, the key stays `recorded` and unlocked (no 5xx is
    stored): the retry resumes the same payment, re-asking the gateway with the same provider key,
    and ends in its final answer; the payment is never charged under a second key."""
    db.fail_saves = True
    with pytest.raises(OutcomeNotRecorded):
        await create_payment(_command("key-5"))
    assert [p.status for p in db.payments.values()] == [PaymentStatus.PROCESSING]
    db.fail_saves = False
    again = await create_payment(_command("key-5"))
    body = answer_json(again)
    assert again.replay is None and body["status"] == "succeeded"
    assert list(db.payments) == [body["id"]]
    assert {c.idempotency_key for c in fakes["stripe"].charges} == {derive_key(body["id"], 1)}
    replay = await create_payment(_command("key-5"))
    assert replay.replay is not None and answer_bytes(replay) == answer_bytes(again)


async def test_a_retry_takes_over_the_key_of_a_request_that_died_and_resumes_its_payment(
    create_payment, db, fakes, keys
):
    """The holder died after tx1 (the payment is processing, the key `recorded`): while its lock
    holds, a retry is 409; once it expired the retry settles that payment through the gateway
    with the same provider key and answers 201 for it; no second payment is made."""
    fakes["stripe"].gate = asyncio.Event()
    dying = asyncio.create_task(create_payment(_command("key-6")))
    await until(lambda: fakes["stripe"].waiting == 1)
    dying.cancel()  # the process died during the gateway call; its lock is still fresh
    with contextlib.suppress(asyncio.CancelledError):
        await dying
    keys.rows[("payments", "key-6")].locked = True  # a SIGKILL lets nothing go
    with pytest.raises(IdempotencyKeyInFlight):
        await create_payment(_command("key-6"))
    keys.expire_locks()
    fakes["stripe"].gate = None
    reply = await create_payment(_command("key-6"))
    body = answer_json(reply)
    assert reply.replay is None and body["status"] == "succeeded" and list(db.payments) == [body["id"]]
    assert [c.idempotency_key for c in fakes["stripe"].charges] == [derive_key(body["id"], 1)] * 2
    assert _types(db, body["id"]) == [EventType.PAYMENT_CREATED, EventType.PAYMENT_PROCESSED]


async def test_a_database_failure_before_the_gateway_releases_the_key(create_payment, db, fakes, keys, monkeypatch):
    """tx1 fails (the database is down): nothing was recorded and no money moved, so no 5xx is
    stored; the key is free and the retry makes the payment."""

    async def down(self, payment):
        raise ConnectionError("database down")

    monkeypatch.setattr(FakePaymentRepository, "add", down)
    with pytest.raises(ConnectionError):
        await create_payment(_command("key-7"))
    assert keys.rows == {} and fakes["stripe"].charges == []
    monkeypatch.undo()
    reply = await create_payment(_command("key-7"))
    assert reply.replay is None and len(db.payments) == 1
