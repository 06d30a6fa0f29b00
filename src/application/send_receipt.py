"""Payment receipts: an EventBus handler that tells the payment's customer how it ended."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import structlog

from application.send_notification import SendNotification, SendNotificationCommand
from domain.errors import DomainError
from domain.events import Event, EventType
from domain.payment import Payment
from domain.ports import UnitOfWork

log = structlog.get_logger("receipts")

GROUP = "receipts"  # one shared consumer group: each event gets its receipt from one instance
SUBJECTS = {
    EventType.PAYMENT_PROCESSED: "Payment received",
    EventType.PAYMENT_FAILED: "Payment failed",
    EventType.REFUND_PROCESSED: "Refund processed",
}


class SendReceipt:
    """On payment_processed (when it succeeded), payment_failed and refund_processed, send the
    customer a receipt over the payment system's channel, or else over every default channel
    whose contact field (`channels`: channel -> "email" | "phone") the customer gave.

    Each send carries the Idempotency-Key `receipt:<event_id>:<channel>`, so a redelivered event
    replays the stored notification instead of sending again (within the idempotency TTL).
    """

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        send: SendNotification,
        family_channels: Mapping[str, str],
        channels: Mapping[str, str],
    ) -> None:
        self._uow = uow
        self._send = send
        self._family_channels = family_channels  # payment system -> its receipt channel
        self._channels = channels
        self.sent = 0
        self.replayed = 0

    async def __call__(self, event: Event) -> None:
        """Send the receipts `event` calls for; non-receipt events are ignored.

        Args:
            event: any event from the bus. Errors other than domain errors (a channel or
                recipient refused) propagate, so the bus can deliver the event again.
        """
        await self.many([event])

    async def many(self, events: Sequence[Event]) -> None:
        """The same for a batch, with one read for all the payments it concerns."""
        due = [event for event in events if _calls_for_receipt(event)]
        if not due:
            return
        async with self._uow() as uow:
            found = await uow.payments.get_many(list(dict.fromkeys(event.aggregate_id for event in due)))
        for event in due:
            payment = found.get(event.aggregate_id)
            if payment is None or not payment.customer:
                continue
            try:
                await self._send_for(event, payment)
            except Exception:
                if len(events) == 1:
                    raise  # the bus delivers it again
                # In a batch (the in-process bus), one event's failure must not cost the others
                # their receipts; the bus logs a failing single event the same way.
                log.exception("handler_failed", group=GROUP, event_id=event.event_id, event_type=str(event.type))

    async def _send_for(self, event: Event, payment: Payment) -> None:
        subject = SUBJECTS[event.type]
        for channel, recipient in self._recipients(payment).items():
            command = SendNotificationCommand(
                channel=channel,
                recipient=recipient,
                subject=subject,
                message=_body(subject, event),
                user_id=payment.user_id,
                metadata={"payment_id": payment.id, "receipt_for": event.event_id},
            )
            try:
                result = await self._send(command, idempotency_key=f"receipt:{event.event_id}:{channel}")
            except DomainError as exc:  # refused for good (channel disabled, bad recipient)
                log.warning(
                    "receipt_not_sent",
                    payment_id=payment.id,
                    channel=channel,
                    event_id=event.event_id,
                    error=exc.detail,
                )
                continue
            if result.replayed:
                self.replayed += 1
            else:
                self.sent += 1

    def _recipients(self, payment: Payment) -> dict[str, str]:
        """Channel -> recipient: the family's channel, else every configured one with a contact."""
        family = self._family_channels.get(payment.payment_system or "")
        names = [family] if family else list(self._channels)
        contacts = {name: payment.customer.get(self._channels.get(name, "")) for name in names}
        return {name: str(contact) for name, contact in contacts.items() if contact}


def _calls_for_receipt(event: Event) -> bool:
    """pending or requires_action are not final: no receipt yet."""
    if event.type not in SUBJECTS:
        return False
    return event.type is not EventType.PAYMENT_PROCESSED or event.data.get("status") == "succeeded"


def _body(subject: str, event: Event) -> str:
    data = event.data
    lines = [
        f"{subject}.",
        "",
        f"Payment: {data.get('payment_id')}",
        f"Amount: {data.get('amount')} {data.get('currency', '')}".rstrip(),
        f"Status: {data.get('status')}",
    ]
    if event.type is EventType.REFUND_PROCESSED:
        lines.append(f"Refunded: {data.get('refund_amount')} (total {data.get('refunded')})")
    if data.get("failure_reason"):
        lines.append(f"Reason: {data.get('failure_reason')}")
    if data.get("transaction_id"):
        lines.append(f"Reference: {data.get('transaction_id')}")
    return "\n".join(lines)
