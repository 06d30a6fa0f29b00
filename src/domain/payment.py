"""The Payment aggregate, its state machine and its refunds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.errors import (
    CaptureExceedsAuthorized,
    IllegalTransition,
    NotCapturable,
    NotRefundable,
    RefundExceedsRemainder,
)
from domain.events import Event, EventType
from domain.ids import new_id
from domain.money import Money
from domain.payment_states import (
    AMOUNT_MISMATCH,
    AWAITING_MERCHANT,
    CAPTURED,
    FINAL,
    REFUNDABLE,
    TRANSITIONS,
    CaptureMethod,
    PaymentStatus,
    RefundStatus,
    S,
)
from domain.sharding import in_bucket_of

__all__ = [
    "AMOUNT_MISMATCH",
    "AWAITING_MERCHANT",
    "Attempt",
    "CAPTURED",
    "CaptureMethod",
    "FINAL",
    "Payment",
    "PaymentStatus",
    "REFUNDABLE",
    "Refund",
    "RefundStatus",
    "S",
    "TRANSITIONS",
]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Refund:
    payment_id: str
    amount: Money
    reason: str | None = None
    status: RefundStatus = RefundStatus.PENDING
    gateway_refund_id: str | None = None
    id: str = field(default_factory=lambda: new_id("re"))
    created_at: datetime = field(default_factory=_now)


@dataclass(slots=True)
class Attempt:
    """One call to one gateway, kept on the payment so failover and retries are visible."""

    gateway: str
    outcome: str
    at: datetime = field(default_factory=_now)
    detail: str | None = None
    idempotency_key: str | None = None  # what the gateway saw, so a retry repeats it exactly
    decline_code: str | None = None  # a declined attempt: the provider's decline code
    decline: str | None = None  # and whether it was soft (the next gateway was tried) or hard


@dataclass(slots=True, kw_only=True)
class Payment:
    """A charge of `amount` to a user through one gateway; records its events as it changes."""

    user_id: str
    amount: Money
    gateway: str
    id: str = field(default_factory=lambda: new_id("pay"))
    status: PaymentStatus = PaymentStatus.CREATED
    description: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    customer: dict[str, Any] = field(default_factory=dict)
    payment_system: str | None = None
    transaction_id: str | None = None
    gateway_data: dict[str, Any] = field(default_factory=dict)
    failure_code: str | None = None
    failure_reason: str | None = None
    next_action_url: str | None = None
    refunded_minor: int = 0
    capture_method: CaptureMethod = CaptureMethod.AUTOMATIC
    # None: the whole amount once captured. A manual payment's capture (or cancel, 0) sets it
    # under the row lock before the gateway is asked, so a second capture finds nothing to take.
    amount_captured_minor: int | None = None
    attempts: list[Attempt] = field(default_factory=list)
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)
    version: int = 0
    events: list[Event] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, **kwargs: Any) -> Payment:
        payment = cls(**kwargs)
        payment._record(EventType.PAYMENT_CREATED)
        return payment

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_minor, self.amount.currency)

    @property
    def captured(self) -> Money:
        if self.status not in CAPTURED:
            return Money.zero(self.amount.currency)
        minor = self.amount.minor if self.amount_captured_minor is None else self.amount_captured_minor
        return Money(minor, self.amount.currency)

    @property
    def refundable(self) -> Money:
        if self.status not in REFUNDABLE:
            return Money.zero(self.amount.currency)
        return self.captured - self.refunded

    @property
    def capture_in_flight(self) -> bool:
        """A capture was reserved and its gateway call has not been recorded yet."""
        return self._in_flight and bool(self.amount_captured_minor)

    @property
    def cancel_in_flight(self) -> bool:
        """A cancel was reserved and its gateway call has not been recorded yet."""
        return self._in_flight and self.amount_captured_minor == 0

    @property
    def _in_flight(self) -> bool:
        return (
            self.status is PaymentStatus.PROCESSING
            and self.capture_method is CaptureMethod.MANUAL
            and self.amount_captured_minor is not None
        )

    def transition(self, target: PaymentStatus) -> None:
        if target not in TRANSITIONS[self.status]:
            raise IllegalTransition(f"payment {self.id} cannot move from {self.status} to {target}")
        self.status = target
        self.updated_at = _now()

    def start_processing(self, gateway: str) -> None:
        self.transition(PaymentStatus.PROCESSING)
        self.gateway = gateway

    def record_attempts(self, attempts: Iterable[Attempt], *, key: str | None = None) -> None:
        """Calls made to gateways, with the provider key they saw (so reconciliation repeats it)."""
        for attempt in attempts:
            if key is not None:
                attempt.idempotency_key = key
            self.attempts.append(attempt)

    def keep_wallet(self, wallet: dict[str, Any]) -> None:
        """The payer's wallet, kept so a reconciliation retry can repeat the request."""
        self.gateway_data["wallet"] = wallet

    def leave_pending(self, code: str, reason: str, *, gateway: str | None = None) -> None:
        """The outcome is unknown: pending (visible, no event) until reconciliation settles it."""
        if self.status is not PaymentStatus.PENDING:
            self.transition(PaymentStatus.PENDING)
        self.gateway = gateway or self.gateway
        self.failure_code, self.failure_reason = code, reason

    def settle(
        self,
        status: PaymentStatus,
        *,
        transaction_id: str | None = None,
        failure_code: str | None = None,
        failure_reason: str | None = None,
        next_action_url: str | None = None,
        gateway_data: dict[str, Any] | None = None,
        gateway: str | None = None,
    ) -> None:
        """Apply a gateway's answer; a changed status records payment_processed or payment_failed."""
        self.gateway = gateway or self.gateway
        changed = status != self.status
        if status is PaymentStatus.REQUIRES_CAPTURE and self.capture_method is not CaptureMethod.MANUAL:
            raise IllegalTransition(f"payment {self.id} captures automatically; it cannot wait for a capture")
        if changed:
            self.transition(status)
        self.transaction_id = transaction_id or self.transaction_id
        self.failure_code = failure_code
        self.failure_reason = failure_reason
        self.next_action_url = next_action_url
        if gateway_data:
            self.gateway_data.update(gateway_data)
        if changed:
            failed = status is PaymentStatus.FAILED
            self._record(EventType.PAYMENT_FAILED if failed else EventType.PAYMENT_PROCESSED)

    def authorize(self, *, transaction_id: str | None = None, gateway_data: dict[str, Any] | None = None) -> None:
        """The gateway holds the money of a manual payment: it waits in requires_capture."""
        self.settle(PaymentStatus.REQUIRES_CAPTURE, transaction_id=transaction_id, gateway_data=gateway_data)

    def begin_capture(self, amount: Money | None) -> Money:
        """Reserve a capture of `amount` (default: all that was authorized; the rest is released).
        The payment is processing until the gateway's answer is recorded."""
        self._require_authorization("captured")
        amount = self.amount if amount is None else amount
        if amount.currency != self.amount.currency:
            raise CaptureExceedsAuthorized(
                f"capture currency {amount.currency} differs from {self.amount.currency}", field="amount"
            )
        if amount.minor <= 0 or amount.minor > self.amount.minor:
            raise CaptureExceedsAuthorized(
                f"a capture must be more than zero and at most the authorized {self.amount}; got {amount}",
                field="amount",
                extra={"authorized": str(self.amount)},
            )
        self.transition(PaymentStatus.PROCESSING)
        self.amount_captured_minor = amount.minor
        return amount

    def begin_cancel(self, reason: str | None = None) -> None:
        """Reserve a cancel: processing until the gateway's void is recorded."""
        self._require_authorization("canceled")
        self.transition(PaymentStatus.PROCESSING)
        self.amount_captured_minor = 0
        self.failure_code, self.failure_reason = None, reason

    def capture(self, *, transaction_id: str | None = None, gateway_data: dict[str, Any] | None = None) -> None:
        """The gateway captured the reserved amount: succeeded, refundable up to what was captured."""
        if not self.capture_in_flight:
            raise IllegalTransition(f"payment {self.id} has no capture under way")
        self.failure_code = self.failure_reason = None
        self.settle(PaymentStatus.SUCCEEDED, transaction_id=transaction_id, gateway_data=gateway_data)

    def cancel(self, reason: str | None = None, *, gateway_data: dict[str, Any] | None = None) -> None:
        """The authorization is void (by our request, the provider's expiry or a refused capture)."""
        if not (self._in_flight or self.status is PaymentStatus.REQUIRES_CAPTURE):
            raise IllegalTransition(f"payment {self.id} is {self.status} and holds no authorization")
        reason = reason or (self.failure_reason if self.cancel_in_flight else None)
        self.transition(PaymentStatus.CANCELED)
        self.amount_captured_minor = 0
        self.failure_code, self.failure_reason = None, reason
        if gateway_data:
            self.gateway_data.update(gateway_data)
        self._record(EventType.PAYMENT_CANCELED)

    def keep_authorization(self, failure_code: str | None, failure_reason: str | None) -> None:
        """The gateway refused the capture or void and nothing moved: the authorization stands."""
        if not self._in_flight:
            raise IllegalTransition(f"payment {self.id} has no capture or cancel under way")
        self.transition(PaymentStatus.REQUIRES_CAPTURE)
        self.amount_captured_minor = None
        self.failure_code, self.failure_reason = failure_code, failure_reason

    def owes(self, received: Money | None) -> bool:
        """Whether a notice that this payment succeeded reports what is owed: the amount, or while
        a capture is under way the amount being captured (a provider may report either)."""
        if received == self.amount:
            return True
        return self.capture_in_flight and received == Money(self.amount_captured_minor or 0, self.amount.currency)

    def _require_authorization(self, verb: str) -> None:
        if self.status is not PaymentStatus.REQUIRES_CAPTURE:
            raise NotCapturable(
                f"payment {self.id} is {self.status}; only a requires_capture payment can be {verb}",
                extra={"payment_status": str(self.status)},
            )

    @property
    def awaits_review(self) -> bool:
        """Pending because a notice's amount differed; only an operator (confirm or fail) moves it on."""
        return self.status is PaymentStatus.PENDING and self.failure_code == AMOUNT_MISMATCH

    def hold_for_review(self, received: Money | None, *, transaction_id: str | None = None) -> None:
        """A notice says money moved, but not the amount owed (or none at all): keep it pending,
        recording what arrived (and the provider's id for it, which an operator's confirm adopts),
        so nothing settles on a short or an over payment."""
        self.settle(
            PaymentStatus.PENDING,
            failure_code=AMOUNT_MISMATCH,
            failure_reason=f"the provider reported {received or 'no amount'}; {self.amount} is owed",
            gateway_data={
                "received_amount": None if received is None else str(received),
                "received_amount_minor": None if received is None else received.minor,
                "received_currency": None if received is None else received.currency,
                "received_transaction_id": transaction_id,
            },
        )

    def request_refund(self, amount: Money | None, reason: str | None = None) -> Refund:
        """Reserve `amount` (default: the whole remainder) against what is still refundable."""
        if self.status not in REFUNDABLE:
            raise NotRefundable(f"payment {self.id} is {self.status} and cannot be refunded")
        remainder = self.refundable
        amount = remainder if amount is None else amount
        if amount.currency != self.amount.currency:
            raise RefundExceedsRemainder(
                f"refund currency {amount.currency} differs from {self.amount.currency}", field="amount"
            )
        if amount.minor <= 0 or amount.minor > remainder.minor:
            raise RefundExceedsRemainder(
                f"refund of {amount} exceeds the refundable remainder {remainder}",
                field="amount",
                extra={"refundable": str(remainder)},
            )
        captured = self.captured.minor
        self.refunded_minor += amount.minor
        self.transition(PaymentStatus.REFUNDED if self.refunded_minor == captured else PaymentStatus.PARTIALLY_REFUNDED)
        return Refund(payment_id=self.id, amount=amount, reason=reason, id=in_bucket_of(new_id("re"), self.id))

    def complete_refund(
        self, refund: Refund, *, gateway_refund_id: str | None, status: RefundStatus = RefundStatus.SUCCEEDED
    ) -> None:
        refund.gateway_refund_id = gateway_refund_id or refund.gateway_refund_id
        refund.status = status
        self.updated_at = _now()
        if status is RefundStatus.SUCCEEDED:
            self._record(EventType.REFUND_PROCESSED, refund=refund)
        elif status is RefundStatus.FAILED:
            self.release_refund(refund)

    def release_refund(self, refund: Refund) -> None:
        """Give back a reserved amount whose refund the gateway refused."""
        self.refunded_minor -= refund.amount.minor
        self.status = PaymentStatus.SUCCEEDED if self.refunded_minor == 0 else PaymentStatus.PARTIALLY_REFUNDED
        refund.status = RefundStatus.FAILED

    def _record(self, type_: EventType, refund: Refund | None = None) -> None:
        data: dict[str, Any] = {
            "payment_id": self.id,
            "status": str(self.status),
            "amount": str(self.amount),
            "amount_minor": self.amount.minor,
            "currency": self.amount.currency,
            "gateway": self.gateway,
            "transaction_id": self.transaction_id,
            # Analytics files a payment's events under its creation day, as the payments table does.
            "created_at": self.created_at.isoformat(),
        }
        if self.failure_code or self.failure_reason:
            data.update(failure_code=self.failure_code, failure_reason=self.failure_reason)
        if self.capture_method is CaptureMethod.MANUAL:
            captured = self.captured
            data.update(
                capture_method=str(self.capture_method),
                amount_captured=str(captured),
                amount_captured_minor=captured.minor,
            )
        if refund is not None:
            data.update(
                refund_id=refund.id,
                refund_amount=str(refund.amount),
                refund_amount_minor=refund.amount.minor,
                refunded=str(self.refunded),
                refundable=str(self.refundable),
            )
        self.events.append(Event(type=type_, aggregate_id=self.id, user_id=self.user_id, data=data))
