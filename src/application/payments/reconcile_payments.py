"""Re-ask the gateway about payments left in a non-final state, so none waits silently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import structlog

from application.factories import KeyedFactory
from application.idempotency import Claim
from application.log_context import bound_ids
from application.payments.authorizations import Authorizations
from application.payments.cache import PaymentCache
from application.payments.charge import ask_again
from domain.errors import NotCapturable
from domain.payment import FINAL, Payment
from domain.ports import Metrics, NoMetrics, PaymentGateway, UnitOfWork

log = structlog.get_logger("reconcile")


class ReconcileReport(msgspec.Struct, frozen=True):
    checked: int
    changed: int
    failed: int
    expired: int = 0  # authorizations not captured in time, canceled


class ReconcilePayments:
    """For each payment untouched for `after_seconds` in processing, pending or requires_action:
    with a transaction id, fetch its status; without one (the call timed out), repeat the charge
    with the same idempotency key, which a provider answers with the original charge. A capture
    or cancel left under way is completed with its own provider key; an authorization not
    captured within `authorization_ttl_seconds` is canceled."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        gateways: KeyedFactory[PaymentGateway],
        cache: PaymentCache,
        after_seconds: float = 60.0,
        batch_size: int = 100,
        *,
        metrics: Metrics | None = None,
        authorizations: Authorizations | None = None,
        authorization_ttl_seconds: float = 7 * 86_400.0,
    ) -> None:
        self._uow = uow
        self._authorizations = authorizations or Authorizations(uow, gateways, cache, metrics=metrics)
        self._ttl = authorization_ttl_seconds
        self._cache = cache
        self._metrics = metrics or NoMetrics()
        self._gateways = gateways
        self._after = after_seconds
        self._batch = batch_size

    async def __call__(self) -> ReconcileReport:
        async with self._uow() as uow:
            stale = await uow.payments.stale(self._after, self._batch)
        changed = failed = 0
        for payment in stale:
            with bound_ids(payment_id=payment.id):
                try:
                    changed += await self._reconcile(payment)
                except Exception:  # one payment's trouble must not stop the others
                    failed += 1
                    log.exception("reconcile_failed")
        expired = await self._expire()
        return ReconcileReport(len(stale), changed, failed, expired)

    async def _expire(self) -> int:
        async with self._uow() as uow:
            held = await uow.payments.expired_authorizations(self._ttl, self._batch)
        expired = 0
        for payment in held:
            with bound_ids(payment_id=payment.id):
                try:
                    reserved = await self._authorizations.reserve(
                        payment.id, lambda p: p.begin_cancel("the authorization expired uncaptured"), Claim()
                    )
                    await self._authorizations.finish(reserved, Claim())
                    expired += 1
                    log.warning("authorization_expired", gateway=payment.gateway)
                except NotCapturable:
                    continue  # captured or canceled meanwhile
                except Exception:  # the gateway is away: the cancel stays under way, finished later
                    log.exception("authorization_expiry_failed")
        return expired

    async def _reconcile(self, stale: Payment) -> int:
        if stale.capture_in_flight or stale.cancel_in_flight:  # finish it with its own provider key
            before = stale.status
            await self._authorizations.finish(stale, Claim())
            log.warning("authorization_reconciled", gateway=stale.gateway, operation=str(before))
            return 1
        gateway = self._gateways.create(stale.gateway)
        before = stale.status
        answered = await ask_again(gateway, stale)
        async with self._uow() as uow:
            current = await uow.payments.get(stale.id, for_update=True)
            if current is None or current.status in FINAL or current.version != stale.version:
                return 0  # settled meanwhile (a confirm, a request); its writer recorded it
            answered.updated_at = datetime.now(UTC)  # an unchanged one rotates to the back
            await uow.payments.save(answered)
            await uow.commit()
        await self._cache.forget(stale.id)
        if answered.status != before:  # a settlement: counted like the request's own outcome
            self._metrics.payment_outcome(answered.gateway, str(answered.status))
        log.warning("payment_reconciled", gateway=answered.gateway, before=str(before), status=str(answered.status))
        return int(answered.status != before)
