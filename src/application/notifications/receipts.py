"""Delivery receipts: a provider's signed status callback moves a sent notification to
delivered or undelivered, once per report (a replay changes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import msgspec
import structlog

from domain.errors import NotFound
from domain.ports import DeliveryReceipts, UnitOfWork

log = structlog.get_logger("delivery_receipts")


class ReceiptCommand(msgspec.Struct, frozen=True):
    provider: str
    url: str  # as the provider called it (Twilio signs it)
    headers: dict[str, str]
    body: bytes


class ReceiptResult(msgspec.Struct, frozen=True):
    received: int  # reports in the callback
    applied: int  # notifications that moved to delivered / undelivered
    duplicates: int = 0
    notifications: list[str] = []


def _source(sources: Mapping[str, DeliveryReceipts], provider: str) -> DeliveryReceipts:
    source = sources.get(provider)
    if source is None:
        raise NotFound(f"no delivery receipts from '{provider}'", field="provider")
    return source


class HandleDeliveryReceipt:
    """Verify first; then in ONE transaction remember each report's id (the webhook table
    payments use) and apply it, so a forged callback changes nothing and a replay nothing more."""

    def __init__(self, unit_of_work: Callable[[], UnitOfWork], sources: Mapping[str, DeliveryReceipts]) -> None:
        self._uow = unit_of_work
        self._sources = sources

    async def __call__(self, command: ReceiptCommand) -> ReceiptResult:
        source = _source(self._sources, command.provider)
        reports = source.verify(command.url, command.headers, command.body)
        applied: list[str] = []
        duplicates = 0
        async with self._uow() as uow:
            for report in reports:
                if not await uow.payments.remember_webhook(source.provider, report.report_id[:255]):
                    duplicates += 1
                    continue
                if report.delivered is None:
                    continue
                notification = await uow.notifications.find_by_provider_id(source.channel, report.provider_message_id)
                if notification is None or not notification.record_receipt(report.delivered, report.at, report.reason):
                    log.info("receipt_ignored", provider=source.provider, message_id=report.provider_message_id)
                    continue
                await uow.notifications.save(notification)
                applied.append(notification.id)
            await uow.commit()
        return ReceiptResult(len(reports), len(applied), duplicates, applied)


class VerifySubscription:
    """The provider's GET handshake when a webhook is subscribed (WhatsApp's hub.challenge)."""

    def __init__(self, sources: Mapping[str, DeliveryReceipts]) -> None:
        self._sources = sources

    def __call__(self, provider: str, query: Mapping[str, str]) -> str:
        return _source(self._sources, provider).handshake(query)
