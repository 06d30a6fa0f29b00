"""A gateway fake whose webhooks are "signed" with a header and carry their event as JSON."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from domain.errors import WebhookSignatureInvalid
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import WebhookEvent
from tests.fakes.payments import FakeGateway

SIGNATURE = "X-Fake-Signature"


class SignedFakeGateway(FakeGateway):
    """Accepts a webhook when `X-Fake-Signature: good`; the body is the WebhookEvent's fields
    (`amount` as decimal text beside `currency`)."""

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        if headers.get(SIGNATURE) != "good":
            raise WebhookSignatureInvalid("bad fake signature", field=SIGNATURE)
        raw = msgspec.json.decode(body)
        return WebhookEvent(
            provider_event_id=raw["id"],
            transaction_id=raw.get("transaction_id", ""),
            payment_status=PaymentStatus(raw["status"]) if raw.get("status") else None,
            refund_id=raw.get("refund_id"),
            refund_status=RefundStatus(raw["refund_status"]) if raw.get("refund_status") else None,
            amount=Money.parse(raw["amount"], raw["currency"], allow_zero=True) if raw.get("amount") else None,
            references=tuple(raw.get("references", ())),
            data=raw.get("data", {}),
        )


def signed(**event) -> tuple[dict[str, str], bytes]:
    return {SIGNATURE: "good"}, msgspec.json.encode(event)
