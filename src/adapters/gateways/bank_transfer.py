"""Bank transfer: instructions with an ISO 11649 reference; settled by the bank's signed notice."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from adapters.gateways.common import (
    any_matches,
    header,
    hmac_sha256_hex,
    json_body,
    require_secret,
    secrets_of,
)
from domain.errors import InvalidInput, ProviderUnavailable, WebhookSignatureInvalid
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)

ACCOUNT_FIELDS = (
    "beneficiary",
    "bank_name",
    "iban",
    "bic",
    "account_number",
    "sort_code",
    "routing_number",
    "bank_address",
)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAYMENT_STATUS = {
    "settled": PaymentStatus.SUCCEEDED,
    "credited": PaymentStatus.SUCCEEDED,
    "pending": PaymentStatus.PENDING,
    "rejected": PaymentStatus.FAILED,
    "returned": PaymentStatus.FAILED,
}
REFUND_STATUS = {
    "settled": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PENDING,
    "rejected": RefundStatus.FAILED,
    "returned": RefundStatus.FAILED,
}


def creditor_reference(seed: str) -> str:
    """`RF` + 2 check digits + 16 characters from a hash of `seed` (ISO 11649, mod 97).

    Deterministic, so a retried charge shows the same reference; 80 bits, so two payments never
    share one in practice; the check digits let a bank (and us) reject mistyped references.
    """
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:10], "big")
    body = "".join(_CROCKFORD[(digest >> (5 * i)) & 31] for i in range(16))
    numeric = int("".join(str(int(c, 36)) for c in body + "RF00"))
    return f"RF{98 - numeric % 97:02d}{body}"


def is_creditor_reference(value: str) -> bool:
    value = value.replace(" ", "").upper()
    if not (value.startswith("RF") and value[2:].isalnum() and 5 <= len(value) <= 25):
        return False
    return int("".join(str(int(c, 36)) for c in value[4:] + value[:4])) % 97 == 1


class BankTransferGateway(PaymentGateway):
    """Tells the payer where to send money; the payment stays PENDING until the bank's notice
    (signed webhook) or an operator settles it. Refunds likewise stay PENDING until settled."""

    name = "bank_transfer"

    def __init__(self, *, credentials: Mapping[str, Any], options: Mapping[str, Any]) -> None:
        self._account = {k: str(options[k]) for k in ACCOUNT_FIELDS if options.get(k)}
        self._webhook_secrets = secrets_of(credentials.get("webhook_secret"))

    def validate(self, request: ChargeRequest) -> None:
        if not self._account:  # the operator's setup, not the payer's input: another gateway may do
            raise ProviderUnavailable(
                "bank_transfer has no receiving account configured",
                extra={"provider": self.name, "indeterminate": False},
            )

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        self.validate(request)
        reference = creditor_reference(request.payment_id)
        instructions = {
            **self._account,
            "amount": str(request.amount),
            "currency": request.amount.currency,
            "reference": reference,
        }
        return ChargeOutcome(
            status=PaymentStatus.PENDING,
            transaction_id=reference,
            data={"reference": reference, "instructions": instructions},
        )

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        return RefundOutcome(status=RefundStatus.PENDING, gateway_refund_id=creditor_reference(request.refund_id))

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        """Banks offer no status call here: only a notice or an operator moves it on."""
        return ChargeOutcome(
            status=PaymentStatus.PENDING, transaction_id=transaction_id, data={"reference": transaction_id}
        )

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """X-Bank-Signature: hex HMAC-SHA256 of the raw body (docs/bank-transfer-notices.md)."""
        require_secret(self._webhook_secrets, self.name)
        signature = header(headers, "X-Bank-Signature")
        expected = [hmac_sha256_hex(secret, body) for secret in self._webhook_secrets]
        if not signature or not any_matches(expected, [signature]):
            raise WebhookSignatureInvalid("X-Bank-Signature does not match", field="X-Bank-Signature")
        notice = json_body(body, self.name)
        return _to_event(notice)


def _to_event(notice: dict[str, Any]) -> WebhookEvent:
    reference, status = str(notice.get("reference") or ""), str(notice.get("status") or "")
    if not notice.get("id") or not is_creditor_reference(reference):
        raise InvalidInput("bank notice needs an id and a valid RF reference", field="reference")
    data: dict[str, Any] = {"event_type": f"{notice.get('type', 'credit')}.{status}", "reference": reference}
    received = None
    if notice.get("amount") is not None and notice.get("currency"):
        received = Money.parse(str(notice["amount"]), str(notice["currency"]), field="amount", allow_zero=True)
        data.update(amount=str(received), amount_minor=received.minor, currency=received.currency)
    if notice.get("type") == "refund":
        refund_reference = str(notice.get("refund_reference") or "")
        return WebhookEvent(
            provider_event_id=str(notice["id"]),
            transaction_id=reference,
            refund_id=refund_reference or None,
            refund_status=REFUND_STATUS.get(status),
            amount=received,
            data=data,
        )
    return WebhookEvent(
        provider_event_id=str(notice["id"]),
        transaction_id=reference,
        payment_status=PAYMENT_STATUS.get(status),
        amount=received,
        data=data,
    )
