"""Capture all or part of a manual payment's authorization, or cancel (void) it."""

from __future__ import annotations

import msgspec

from application.idempotency import Answer, Claim, Idempotency, fingerprint
from application.log_context import bind_ids
from application.payments.authorizations import Authorizations
from application.payments.requests import CancelBody, CaptureBody
from application.payments.views import PaymentView
from domain.money import Money
from domain.payment import Payment

CAPTURES, CANCELS = "captures", "cancels"


class CaptureCommand(msgspec.Struct, frozen=True):
    payment_id: str
    body: CaptureBody = CaptureBody()
    idempotency_key: str | None = None
    operation: str = ""  # method and path, part of the key's fingerprint


class CancelCommand(msgspec.Struct, frozen=True):
    payment_id: str
    body: CancelBody = CancelBody()
    idempotency_key: str | None = None
    operation: str = ""


class CapturePayment:
    """Capture `amount` (default: all of it) of a requires_capture payment; the rest is released.
    Safe under concurrent requests and resumable after a crash (see Authorizations)."""

    def __init__(self, authorizations: Authorizations, idempotency: Idempotency) -> None:
        self._authorizations = authorizations
        self._idempotency = idempotency

    async def __call__(self, command: CaptureCommand) -> Answer[PaymentView]:
        """Returns:
        The payment: succeeded with `amount_captured`, refundable up to it. Raises
        NotCapturable unless it is requires_capture, CaptureExceedsAuthorized for an amount
        over the authorized one, NotFound.
        """
        digest = fingerprint(command.operation or f"POST {command.payment_id}/capture", command.body)
        return await self._idempotency.run(
            CAPTURES,
            command.idempotency_key,
            digest,
            lambda claim: self._capture(command, claim),
            resource_id=command.payment_id,
        )

    async def _capture(self, command: CaptureCommand, claim: Claim) -> PaymentView:
        bind_ids(payment_id=command.payment_id)

        def begin(payment: Payment) -> None:
            amount = command.body.amount
            payment.begin_capture(None if amount is None else Money.parse(amount, payment.amount.currency))

        if claim.resource_id:  # the request that reserved it died: finish from there
            payment = await self._authorizations.load(claim.resource_id)
        else:
            payment = await self._authorizations.reserve(command.payment_id, begin, claim)
        return await self._authorizations.finish(payment, claim)


class CancelPayment:
    """Void the authorization of a requires_capture payment: it ends canceled, nothing taken."""

    def __init__(self, authorizations: Authorizations, idempotency: Idempotency) -> None:
        self._authorizations = authorizations
        self._idempotency = idempotency

    async def __call__(self, command: CancelCommand) -> Answer[PaymentView]:
        """Returns:
        The canceled payment. Raises NotCapturable unless it is requires_capture, NotFound.
        """
        digest = fingerprint(command.operation or f"POST {command.payment_id}/cancel", command.body)
        return await self._idempotency.run(
            CANCELS,
            command.idempotency_key,
            digest,
            lambda claim: self._cancel(command, claim),
            resource_id=command.payment_id,
        )

    async def _cancel(self, command: CancelCommand, claim: Claim) -> PaymentView:
        bind_ids(payment_id=command.payment_id)
        if claim.resource_id:
            payment = await self._authorizations.load(claim.resource_id)
        else:
            payment = await self._authorizations.reserve(
                command.payment_id, lambda p: p.begin_cancel(command.body.reason), claim
            )
        return await self._authorizations.finish(payment, claim)
