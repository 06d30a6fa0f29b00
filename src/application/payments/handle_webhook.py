"""Apply a provider's signed notification to a payment or refund, once per provider event."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

import msgspec
import structlog

from application.factories import KeyedFactory
from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.webhook_matching import find_payment, names_its_charge
from domain.errors import DomainError, IllegalTransition, UnknownFactoryKey
from domain.payment import FINAL, Payment, PaymentStatus, RefundStatus
from domain.ports import PaymentGateway, UnitOfWork, WebhookEvent

log = structlog.get_logger("webhooks")


class WebhookCommand(msgspec.Struct, frozen=True):
    gateway: str
    headers: dict[str, str]
    body: bytes


class WebhookResult(msgspec.Struct, frozen=True, omit_defaults=True):
    received: bool = True
    duplicate: bool = False
    ignored: bool = False
    payment_id: str | None = None
    status: str | None = None


class HandleWebhook:
    """Verify, then in ONE transaction: remember the provider's event id and settle the payment
    or refund (its events go to the outbox on commit). A replay finds the id and changes nothing;
    an event for a payment we do not know is acknowledged (providers retry any non-2xx)."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], gateways: KeyedFactory[PaymentGateway], cache: PaymentCache
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._cache = cache

    async def __call__(self, command: WebhookCommand) -> WebhookResult:
        """Raises:
        UnknownFactoryKey (404) for an unknown gateway; WebhookSignatureInvalid (400) for a
        bad or stale signature, before anything is read or written.
        """
        gateway = self._gateways.create(command.gateway, field="gateway", error=UnknownFactoryKey)
        try:
            event = await gateway.verify_webhook(command.headers, command.body)
        except DomainError as exc:
            log.warning("webhook_refused", gateway=gateway.name, code=exc.code, reason=exc.detail)
            raise
        # A provider without event ids (Razorpay sends one in a header) is de-duplicated by body.
        event_id = event.provider_event_id
        if not event_id or "\x00" in event_id:
            event_id = hashlib.sha256(command.body).hexdigest()
        async with self._uow() as uow:
            payment = await find_payment(uow, gateway.name, event)
            if payment is None:
                log.warning(
                    "webhook_unknown_payment",
                    gateway=gateway.name,
                    event_id=event_id,
                    transaction_id=event.transaction_id,
                )
                return WebhookResult(ignored=True)
            bind_ids(payment_id=payment.id)
            if not await names_its_charge(uow, gateway.name, payment, event):
                log.warning(
                    "webhook_reference_mismatch",
                    gateway=gateway.name,
                    event_id=event_id,
                    payment_id=payment.id,
                    expected=payment.transaction_id,
                    transaction_id=event.transaction_id,
                )
                return WebhookResult(ignored=True, payment_id=payment.id, status=str(payment.status))
            if not await uow.payments.remember_webhook(gateway.name, event_id):
                log.info("webhook_replayed", gateway=gateway.name, event_id=event_id)
                return WebhookResult(duplicate=True, payment_id=payment.id, status=str(payment.status))
            await _apply(uow, payment, event)
            await uow.commit()
        await self._cache.forget(payment.id)
        return WebhookResult(payment_id=payment.id, status=str(payment.status))


async def _apply(uow: UnitOfWork, payment: Payment, event: WebhookEvent) -> None:
    if event.refund_status is not None:
        await _settle_refund(uow, payment, event)
        return
    status = event.payment_status
    if status is None or status == payment.status or payment.status in FINAL:
        return  # informational, already known, or a late echo of a settled payment
    try:
        if status is PaymentStatus.SUCCEEDED and not payment.owes(event.amount):
            log.warning(
                "webhook_amount_mismatch",
                payment_id=payment.id,
                owed=str(payment.amount),
                received=None if event.amount is None else str(event.amount),
            )
            payment.hold_for_review(event.amount, transaction_id=event.transaction_id or None)
        else:
            payment.settle(
                status,
                transaction_id=event.transaction_id or None,
                failure_code=_text(event.data, "failure_code"),
                failure_reason=_text(event.data, "failure_reason"),
                next_action_url=_text(event.data, "next_action_url"),
            )
    except IllegalTransition:
        log.warning("webhook_illegal_transition", payment_id=payment.id, status=str(status))
        return
    await uow.payments.save(payment)


async def _settle_refund(uow: UnitOfWork, payment: Payment, event: WebhookEvent) -> None:
    ours = event.data.get("merchant_refund_id")
    refund = next(
        (
            r
            for r in await uow.payments.refunds(payment.id)
            if r.id == ours or (event.refund_id and r.gateway_refund_id == event.refund_id)
        ),
        None,
    )
    if refund is None or refund.status is not RefundStatus.PENDING or event.refund_status is RefundStatus.PENDING:
        return
    if event.refund_status is RefundStatus.SUCCEEDED and event.amount is not None and event.amount != refund.amount:
        log.warning(
            "webhook_refund_amount_mismatch", refund_id=refund.id, owed=str(refund.amount), sent=str(event.amount)
        )
        return
    payment.complete_refund(
        refund, gateway_refund_id=event.refund_id, status=event.refund_status or RefundStatus.PENDING
    )
    await uow.payments.save(payment)
    await uow.payments.save_refund(refund)


def _text(data: Mapping, key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value).replace("\x00", "")
