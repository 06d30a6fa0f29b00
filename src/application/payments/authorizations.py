"""What capture, cancel and the reconciler share: reserve under the row lock, ask the gateway
outside any transaction, record its answer."""

from __future__ import annotations

from collections.abc import Callable

import structlog

from application.factories import KeyedFactory
from application.idempotency import Claim, derive_key
from application.payments.cache import PaymentCache
from application.payments.charge import past_the_gateway
from application.payments.views import PaymentView, payment_view
from domain.errors import DomainError, NotFound, ProviderUnavailable
from domain.money import Money
from domain.payment import Attempt, Payment, PaymentStatus
from domain.ports import CaptureRequest, ChargeOutcome, Metrics, NoMetrics, PaymentGateway, UnitOfWork

log = structlog.get_logger("authorizations")
CAPTURE, CANCEL = "capture", "cancel"


class Authorizations:
    """tx1 reserves the capture (its amount) or the cancel on the payment under its row lock
    (SELECT ... FOR UPDATE; the write lock on SQLite) and a version check, moving it to
    processing, so a second capture or cancel finds nothing left to act on (409). The gateway is
    called outside any transaction with a provider key derived from the payment and the
    operation's attempt number, so a resumed request or the reconciler repeats it exactly and the
    provider acts once. tx2 records the answer; an unknown answer leaves it processing."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        gateways: KeyedFactory[PaymentGateway],
        cache: PaymentCache,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._cache = cache
        self._metrics = metrics or NoMetrics()

    async def reserve(self, payment_id: str, change: Callable[[Payment], object], claim: Claim) -> Payment:
        """tx1: `change` (begin_capture or begin_cancel) under the lock, with the key's `recorded`."""
        async with self._uow() as uow:
            payment = await _found(await uow.payments.get(payment_id, for_update=True), payment_id)
            change(payment)
            await uow.payments.save(payment)
            await claim.record(uow, payment.id)
            await uow.commit()
        await self._cache.forget(payment.id)
        return payment

    async def load(self, payment_id: str) -> Payment:
        async with self._uow() as uow:
            return await _found(await uow.payments.get(payment_id), payment_id)

    async def finish(self, payment: Payment, claim: Claim) -> PaymentView:
        """Ask the gateway while the capture or cancel is under way, then tx2: its answer and the
        key's response together. Raises ProviderUnavailable when the answer is unknown (the key
        stays `recorded`: a retry resumes here; without one the reconciler does)."""
        outcome: ChargeOutcome | None = None
        if payment.capture_in_flight or payment.cancel_in_flight:
            outcome = await self._call(payment)
            if outcome is None:
                raise ProviderUnavailable(
                    f"{payment.gateway} did not answer; the {_operation(payment)} will be completed",
                    extra={"payment_id": payment.id},
                )
        with past_the_gateway(f"payment {payment.id}"):
            async with self._uow() as uow:
                current = await _found(await uow.payments.get(payment.id, for_update=True), payment.id)
                # A provider's webhook may have settled it during the call: apply the answer once.
                if outcome is not None and (current.capture_in_flight or current.cancel_in_flight):
                    _apply(current, outcome)
                    await uow.payments.save(current)
                    self._metrics.payment_outcome(current.gateway, str(current.status))
                view = payment_view(current, await uow.payments.refunds(current.id))
                await claim.finish(uow, view)
                await uow.commit()
        await self._cache.forget(payment.id)
        return view

    async def _call(self, payment: Payment) -> ChargeOutcome | None:
        operation = _operation(payment)
        gateway = self._gateways.create(payment.gateway)
        request = CaptureRequest(
            payment_id=payment.id,
            transaction_id=payment.transaction_id or "",
            amount=Money(payment.amount_captured_minor or payment.amount.minor, payment.amount.currency),
            authorized=payment.amount,
            idempotency_key=provider_key(payment),
            gateway_data=payment.gateway_data,
            reason=payment.failure_reason if operation == CANCEL else None,
        )
        try:
            outcome = await (gateway.capture if operation == CAPTURE else gateway.cancel)(request)
        except ProviderUnavailable as exc:  # it may or may not have happened: keep it under way
            log.warning(f"{operation}_outcome_unknown", gateway=gateway.name, error=exc.detail)
            return None
        except DomainError as exc:  # the provider refused it: nothing moved
            log.warning(f"{operation}_refused", gateway=gateway.name, failure_code=exc.code, reason=exc.detail)
            return ChargeOutcome(status=PaymentStatus.FAILED, failure_code=exc.code, failure_reason=exc.detail)
        except Exception:
            log.exception(f"{operation}_outcome_unknown", gateway=gateway.name)
            return None
        if outcome.status is PaymentStatus.PENDING:  # the provider is still at it: ask again later
            log.warning(f"{operation}_pending", gateway=gateway.name)
            return None
        return outcome


def provider_key(payment: Payment) -> str:
    """One provider key per capture or cancel attempt: repeated while it is under way, new after
    the provider refused one (a capture retried with another amount must not reuse the key)."""
    operation = _operation(payment)
    tried = sum(1 for a in payment.attempts if a.outcome.startswith(f"{operation}:"))
    return derive_key(payment.id, operation, tried + 1)


def _apply(payment: Payment, outcome: ChargeOutcome) -> None:
    operation, key = _operation(payment), provider_key(payment)
    payment.attempts.append(
        Attempt(
            payment.gateway,
            f"{operation}:{outcome.status}",
            detail=outcome.failure_code or outcome.failure_reason,
            idempotency_key=key,
        )
    )
    data = dict(outcome.data)
    if outcome.status is PaymentStatus.SUCCEEDED and payment.capture_in_flight:
        payment.capture(transaction_id=outcome.transaction_id, gateway_data=data)
    elif outcome.status is PaymentStatus.CANCELED:
        payment.cancel(outcome.failure_reason, gateway_data=data)
    else:  # refused (or an answer that is neither): the authorization stands, as it was
        payment.keep_authorization(outcome.failure_code, outcome.failure_reason or f"{operation} refused")


def _operation(payment: Payment) -> str:
    return CAPTURE if payment.capture_in_flight else CANCEL


async def _found(payment: Payment | None, payment_id: str) -> Payment:
    if payment is None:
        raise NotFound(f"payment '{payment_id}' does not exist", field="id")
    return payment
