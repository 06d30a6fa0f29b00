"""The PaymentGateway port: what every payment provider adapter offers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeRequest:
    payment_id: str
    user_id: str
    amount: Money
    idempotency_key: str
    description: str | None = None
    customer: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    payment_method: str | None = None
    bank_details: Mapping[str, Any] | None = None
    wallet_details: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeOutcome:
    """The gateway's answer: SUCCEEDED, FAILED, REQUIRES_ACTION or PENDING."""

    status: PaymentStatus
    transaction_id: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None
    next_action_url: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundRequest:
    refund_id: str
    payment_id: str
    transaction_id: str
    amount: Money
    idempotency_key: str
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundOutcome:
    status: RefundStatus
    gateway_refund_id: str | None = None
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookEvent:
    """A verified provider notification, reduced to what changes our records.

    `amount` is what the provider says was paid (None when the notice does not say); a payment
    settles only when it equals what is owed. `references` are the provider's other ids for the
    same charge (the PayPal or Razorpay order it was paid through).
    """

    provider_event_id: str
    transaction_id: str
    payment_status: PaymentStatus | None = None
    refund_id: str | None = None
    refund_status: RefundStatus | None = None
    amount: Money | None = None
    references: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def names(self, provider_id: str) -> bool:
        """Whether this notice is about the charge the provider knows as `provider_id`."""
        return bool(provider_id) and provider_id in (self.transaction_id, *self.references)


@runtime_checkable
class PaymentGateway(Protocol):
    """One payment provider. Errors: InvalidInput for bad requests (naming the field),
    ProviderUnavailable when the provider cannot be reached or answers 5xx/429 after retries."""

    name: str

    def validate(self, request: ChargeRequest) -> None:
        """Raise InvalidInput naming the field when the request lacks what this gateway needs."""

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        """Authorize and capture the charge.

        Args:
            request: the charge; `idempotency_key` is forwarded so a retry never charges twice.
        Returns:
            The provider's outcome; a decline is a FAILED outcome, not an exception.
        """

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        """Refund part or all of a captured charge."""

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        """Ask the provider for the charge's current state (reconciliation)."""

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check the provider's signature over the raw body and reduce the notification.

        Async because some providers (PayPal) verify through an API call.
        Args:
            headers: the request headers; lookups are case-insensitive for every adapter.
            body: the raw request body, exactly as received (signatures cover these bytes).
        Returns:
            The event; `provider_event_id` is the provider's id for de-duplicating replays.
        Raises:
            WebhookSignatureInvalid (an InvalidInput, HTTP 400) when the signature, its timestamp
            or the provider's verification fails; nothing may change then.
        """
