"""Refund part or all of a captured payment, never more than was captured."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import structlog

from application.factories import KeyedFactory
from application.idempotency import Answer, Claim, Idempotency, derive_key, fingerprint
from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.charge import past_the_gateway
from application.payments.requests import RefundBody
from application.payments.views import RefundResult, payment_view, refund_view
from domain.errors import DomainError, NotFound, ProviderUnavailable
from domain.money import Money
from domain.payment import Payment, Refund, RefundStatus
from domain.ports import PaymentGateway, RefundOutcome, RefundRequest, UnitOfWork

SCOPE = "refunds"
log = structlog.get_logger("refunds")


class RefundCommand(msgspec.Struct, frozen=True):
    payment_id: str
    body: RefundBody = RefundBody()
    idempotency_key: str | None = None
    operation: str = ""  # method and path, part of the key's fingerprint


class RefundPayment:
    """tx1 reserves the amount under the payment's row lock (SELECT ... FOR UPDATE; the write
    lock on SQLite) and a version check, so concurrent refunds can never exceed what was
    captured, and moves the Idempotency-Key to `recorded`; the gateway is called outside any
    transaction; tx2 records its answer and the key's response. A retry that takes over the
    key of a request that died resumes its refund: still pending, the gateway is asked again
    with the same provider key."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        gateways: KeyedFactory[PaymentGateway],
        idempotency: Idempotency,
        cache: PaymentCache,
    ) -> None:
        self._uow = uow
        self._cache = cache
        self._gateways = gateways
        self._idempotency = idempotency

    async def __call__(self, command: RefundCommand) -> Answer[RefundResult]:
        """Returns:
        The refund and the payment after it (or the first answer, stored, for a repeated
        Idempotency-Key). Raises RefundExceedsRemainder (422) beyond the remainder,
        NotRefundable (409) for a payment that is not captured, NotFound (404).
        """
        digest = fingerprint(command.operation or f"POST {command.payment_id}/refund", command.body)
        return await self._idempotency.run(
            SCOPE,
            command.idempotency_key,
            digest,
            lambda claim: self._refund(command, claim),
            resource_id=command.payment_id,
        )

    async def _refund(self, command: RefundCommand, claim: Claim) -> RefundResult:
        bind_ids(payment_id=command.payment_id)
        if claim.resource_id:
            return await self._resume(command, claim)
        async with self._uow() as uow:
            payment = await self._locked(uow, command.payment_id)
            amount = None if command.body.amount is None else Money.parse(command.body.amount, payment.amount.currency)
            refund = payment.request_refund(amount, command.body.reason)
            bind_ids(refund_id=refund.id)
            await uow.payments.save(payment)
            await uow.payments.add_refund(refund)
            await claim.record(uow, refund.id)
            await uow.commit()
        await self._cache.forget(payment.id)  # the reserved amount shows while the gateway works
        return await self._settle(command, payment, refund, claim)

    async def _resume(self, command: RefundCommand, claim: Claim) -> RefundResult:
        """The request that recorded this refund died: finish it from where it stopped."""
        async with self._uow() as uow:
            payment = await self._locked(uow, command.payment_id, for_update=False)
            refund = next((r for r in await uow.payments.refunds(payment.id) if r.id == claim.resource_id), None)
        if refund is None:
            raise NotFound(f"refund '{claim.resource_id}' of this Idempotency-Key does not exist", field="id")
        return await self._settle(command, payment, refund, claim)

    async def _settle(self, command: RefundCommand, payment: Payment, refund: Refund, claim: Claim) -> RefundResult:
        """Ask the gateway while the refund is pending (the same provider key refunds once),
        then tx2: its answer and the key's response, committed together."""
        outcome = RefundOutcome(status=refund.status, gateway_refund_id=refund.gateway_refund_id)
        if refund.status is RefundStatus.PENDING:
            gateway = self._gateways.create(payment.gateway)
            outcome = await self._call(gateway, payment, refund, derive_key(refund.id))
        with past_the_gateway(f"refund {refund.id}"):
            async with self._uow() as uow:
                payment = await self._locked(uow, command.payment_id)
                # The provider's webhook may have settled it during the call: settle it once.
                refund = next((r for r in await uow.payments.refunds(payment.id) if r.id == refund.id), refund)
                if outcome.status is not RefundStatus.PENDING and refund.status is RefundStatus.PENDING:
                    payment.complete_refund(refund, gateway_refund_id=outcome.gateway_refund_id, status=outcome.status)
                    await uow.payments.save(payment)
                    await uow.payments.save_refund(refund)
                refunds = await uow.payments.refunds(payment.id)
                result = RefundResult(refund=refund_view(refund), payment=payment_view(payment, refunds))
                await claim.finish(uow, result)
                await uow.commit()
        await self._cache.forget(payment.id)
        return result

    @staticmethod
    async def _locked(uow: UnitOfWork, payment_id: str, *, for_update: bool = True) -> Payment:
        payment = await uow.payments.get(payment_id, for_update=for_update)
        if payment is None:
            raise NotFound(f"payment '{payment_id}' does not exist", field="id")
        return payment

    @staticmethod
    async def _call(gateway: PaymentGateway, payment: Payment, refund: Refund, key: str) -> RefundOutcome:
        request = RefundRequest(
            refund_id=refund.id,
            payment_id=payment.id,
            transaction_id=payment.transaction_id or "",
            amount=refund.amount,
            idempotency_key=key,
            reason=refund.reason,
        )
        try:
            return await gateway.refund(request)
        except ProviderUnavailable as exc:
            # The refund may or may not have happened: keep it pending with its amount reserved.
            log.warning("refund_outcome_unknown", refund_id=refund.id, error=exc.detail)
            return RefundOutcome(status=RefundStatus.PENDING, failure_reason=exc.detail)
        except DomainError as exc:  # the provider refused it: nothing moved, release the amount
            log.warning("refund_declined", gateway=gateway.name, failure_code=exc.code, reason=exc.detail)
            return RefundOutcome(status=RefundStatus.FAILED, failure_reason=exc.detail)
        except Exception:
            log.exception("refund_outcome_unknown", refund_id=refund.id)
            return RefundOutcome(status=RefundStatus.PENDING, failure_reason="gateway error")
