"""Create a payment: validate, record it, charge the gateway, record the outcome."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.factories import KeyedFactory
from application.idempotency import Answer, Claim, Idempotency, derive_key, fingerprint
from application.log_context import bind_ids
from application.payments.cache import PaymentCache
from application.payments.charge import apply_outcome, ask_again, charge, charge_request, past_the_gateway
from application.payments.failover import check_capture_method
from application.payments.requests import PaymentRequest
from application.payments.systems import PaymentSystemFactory
from application.payments.views import PaymentView, payment_view
from domain.errors import Conflict, IllegalTransition, InvalidFactoryKey, InvalidInput, NotFound
from domain.money import Money
from domain.payment import FINAL, CaptureMethod, Payment, PaymentStatus
from domain.ports import ChargeOutcome, Metrics, NoMetrics, PaymentGateway, UnitOfWork
from domain.sharding import UserIds

SCOPE = "payments"


class CreatePaymentCommand(msgspec.Struct, frozen=True):
    request: PaymentRequest
    idempotency_key: str | None = None
    operation: str = "POST /api/v1/payments"  # method and path, part of the key's fingerprint


class CreatePayment:
    """Two transactions around the gateway call, so a crash in between never loses the payment:
    tx1 stores it (processing, payment_created) and moves its Idempotency-Key to `recorded`; tx2
    stores the outcome (payment_processed or payment_failed) and the key's response. A gateway
    that times out leaves it pending, to be reconciled. A retry that takes over the key of a
    request that died resumes its payment: still processing, it re-asks the gateway with the
    same provider key, then answers as the first request would have."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        gateways: KeyedFactory[PaymentGateway],
        systems: PaymentSystemFactory,
        idempotency: Idempotency,
        cache: PaymentCache,
        *,
        metrics: Metrics | None = None,
        ids: UserIds | None = None,
    ) -> None:
        self._uow = uow
        self._ids = ids or UserIds()
        self._cache = cache
        self._metrics = metrics or NoMetrics()
        self._gateways = gateways
        self._systems = systems
        self._idempotency = idempotency

    async def __call__(self, command: CreatePaymentCommand) -> Answer[PaymentView]:
        """Returns:
        The payment as processed; for a repeated Idempotency-Key, the first answer as stored.
        """
        digest = fingerprint(command.operation, command.request)
        return await self._idempotency.run(
            SCOPE,
            command.idempotency_key,
            digest,
            lambda claim: self._resume(claim) if claim.resource_id else self._create(command.request, claim),
            user_id=command.request.user_id,
        )

    def _route(self, body: PaymentRequest) -> tuple[list[PaymentGateway], str | None]:
        """The gateways to try, in order, and the payment system they belong to."""
        named, field = (body.gateway, "gateway") if body.gateway else (body.payment_method, "payment_method")
        if body.payment_system is None and named is not None:
            return [self._gateways.create(named, field=field)], None
        system = body.payment_system or self._systems.default
        if system is None:
            raise InvalidInput("name a gateway (or payment_method)", field="gateway")
        spec = self._systems.spec(system, field="payment_system", error=InvalidFactoryKey)
        if named is not None and named not in spec.gateways:
            raise InvalidInput(
                f"gateway '{named}' is not part of payment system '{spec.name}' ({', '.join(spec.gateways)})",
                field=field,
            )
        if named is not None:
            return [self._gateways.create(named, field=field)], spec.name
        return self._systems.gateways(spec, field=field), spec.name  # in routing order

    async def _create(self, body: PaymentRequest, claim: Claim) -> PaymentView:
        amount = Money.parse(body.amount, body.currency)
        gateways, system = self._route(body)
        if body.capture_method is CaptureMethod.MANUAL and len(gateways) > 1:  # a family: those that can hold
            gateways = [g for g in gateways if g.manual_capture] or gateways[:1]
        payment = Payment.create(
            id=self._ids.new("pay", body.user_id),
            user_id=body.user_id,
            amount=amount,
            gateway=gateways[0].name,
            payment_system=system,
            description=body.description,
            metadata=dict(body.metadata),
            customer=_present(body.customer),
            capture_method=body.capture_method,
        )
        bind_ids(payment_id=payment.id)
        bank = _present(body.bank_details) if body.bank_details else None
        wallet = _present(body.wallet_details) if body.wallet_details else None
        if wallet:  # kept so a reconciliation retry can repeat the request
            payment.keep_wallet(wallet)

        # One key for the whole family: each provider sees it once, and reconciliation repeats it.
        request = charge_request(
            payment,
            derive_key(payment.id, 1),
            payment_method=body.payment_method,
            bank_details=bank,
            wallet_details=wallet,
        )
        check_capture_method(gateways[0], request)
        gateways[0].validate(request)  # fallbacks that cannot take it are skipped, not fatal
        payment.start_processing(gateways[0].name)
        async with self._uow() as uow:
            await uow.payments.add(payment)
            await claim.record(uow, payment.id)
            await uow.commit()
        await charge(payment, gateways, request)
        return await self._answer(payment, claim)

    async def _resume(self, claim: Claim) -> PaymentView:
        """The request that recorded this payment died: settle it if its outcome never got
        recorded (the same provider key cannot charge twice), then answer."""
        async with self._uow() as uow:
            payment = await uow.payments.get(claim.resource_id or "")
        if payment is None:
            raise NotFound(f"payment '{claim.resource_id}' of this Idempotency-Key does not exist", field="id")
        bind_ids(payment_id=payment.id)
        if payment.status is PaymentStatus.PROCESSING:
            await ask_again(self._gateways.create(payment.gateway), payment)
        return await self._answer(payment, claim)

    async def _answer(self, payment: Payment, claim: Claim) -> PaymentView:
        """tx2: the outcome, its event and the key's response, committed together."""
        with past_the_gateway(f"payment {payment.id}"):
            payment, view = await self._record_outcome(payment, claim)
        await self._cache.forget(payment.id)  # a read during the gateway call may have cached it
        self._metrics.payment_outcome(payment.gateway, str(payment.status))
        return view

    async def _record_outcome(self, payment: Payment, claim: Claim) -> tuple[Payment, PaymentView]:
        """The save is version-checked, so the usual case needs no read-back: only when a
        webhook settled the payment during the call is it read (locked) and merged."""
        point = claim.point
        try:
            async with self._uow() as uow:
                await uow.payments.save(payment, checked_at_commit=True)
                view = payment_view(payment)
                await claim.finish(uow, view)
                await uow.commit()
            return payment, view
        except Conflict:
            claim.point = point  # nothing of that transaction was written
        async with self._uow() as uow:
            current = await uow.payments.get(payment.id, for_update=True)
            if current is not None:
                payment = _merge(current, payment)
            await uow.payments.save(payment)
            view = payment_view(payment)
            await claim.finish(uow, view)
            await uow.commit()
        return payment, view


def _merge(current: Payment, answered: Payment) -> Payment:
    """The stored payment (a provider's webhook got there first) plus our attempts; our answer
    applies only if the webhook left it open, so its outcome event is never recorded twice."""
    current.attempts = answered.attempts
    if current.status not in FINAL and answered.status is not current.status:
        try:
            apply_outcome(
                current,
                answered.gateway,
                ChargeOutcome(
                    status=answered.status,
                    transaction_id=answered.transaction_id,
                    failure_code=answered.failure_code,
                    failure_reason=answered.failure_reason,
                    next_action_url=answered.next_action_url,
                    data=answered.gateway_data,
                ),
            )
        except IllegalTransition:
            pass  # the webhook's state is newer than our answer
    return current


def _present(struct: msgspec.Struct | None) -> dict:
    return {k: v for k, v in msgspec.structs.asdict(struct).items() if v is not None} if struct else {}
