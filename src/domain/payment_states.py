"""A payment's and a refund's states, and the transitions the Payment aggregate allows."""

from __future__ import annotations

import enum


class PaymentStatus(enum.StrEnum):
    CREATED = "created"
    PROCESSING = "processing"
    REQUIRES_ACTION = "requires_action"
    PENDING = "pending"
    REQUIRES_CAPTURE = "requires_capture"  # a manual payment's money is held, waiting for capture
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"  # an uncaptured authorization was voided, or expired
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class CaptureMethod(enum.StrEnum):
    AUTOMATIC = "automatic"  # the gateway authorizes and captures at once
    MANUAL = "manual"  # the gateway authorizes; capture() or cancel() follows


S = PaymentStatus
TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    S.CREATED: frozenset({S.PROCESSING, S.FAILED}),
    # a manual payment is PROCESSING again while its capture or cancel is at the gateway
    S.PROCESSING: frozenset({S.SUCCEEDED, S.FAILED, S.REQUIRES_ACTION, S.PENDING, S.REQUIRES_CAPTURE, S.CANCELED}),
    S.REQUIRES_ACTION: frozenset({S.PROCESSING, S.SUCCEEDED, S.FAILED, S.PENDING, S.REQUIRES_CAPTURE}),
    S.PENDING: frozenset({S.PROCESSING, S.SUCCEEDED, S.FAILED, S.REQUIRES_ACTION, S.REQUIRES_CAPTURE}),
    S.REQUIRES_CAPTURE: frozenset({S.PROCESSING, S.SUCCEEDED, S.FAILED, S.CANCELED}),
    S.SUCCEEDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.FAILED: frozenset(),
    S.CANCELED: frozenset(),
    S.REFUNDED: frozenset(),
}
FINAL = frozenset({S.FAILED, S.CANCELED, S.REFUNDED, S.SUCCEEDED, S.PARTIALLY_REFUNDED})
REFUNDABLE = frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED})
CAPTURED = frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED, S.REFUNDED})
# Not final, but waiting for the merchant rather than a gateway: the reconciler leaves it until
# it expires (payments.authorization_ttl_hours).
AWAITING_MERCHANT = frozenset({S.REQUIRES_CAPTURE})
# A notice reported money that is not what is owed: the payment waits for an operator's decision.
AMOUNT_MISMATCH = "amount_mismatch"


class RefundStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
