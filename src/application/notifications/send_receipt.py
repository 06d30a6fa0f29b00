"""Payment receipts: an EventBus handler that tells the payment's customer how it ended."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import structlog

from application.notifications.send_notification import SendNotification, SendNotificationCommand, Sent
from domain.errors import DomainError
from domain.events import Event, EventType
from domain.payment import Payment
from domain.ports import UnitOfWork
from domain.templates import LOCALE_PATTERN

log = structlog.get_logger("receipts")

TEMPLATE = "payment_receipt"  # shipped; PUT /api/v1/templates/payment_receipt overrides it
DATA_KEYS = (
    "payment_id",
    "amount",
    "currency",
    "status",
    "refund_amount",
    "refunded",
    "failure_reason",
    "transaction_id",
)
GROUP = "receipts"  # one shared consumer group: each event gets its receipt from one instance
SUBJECTS = {
    EventType.PAYMENT_PROCESSED: "Payment received",
    EventType.PAYMENT_FAILED: "Payment failed",
    EventType.REFUND_PROCESSED: "Refund processed",
}


class ReceiptNotDelivered(Exception):
    """The channel failed for now (an SMTP or provider outage): the bus retries the event, then
    dead-letters it, so the receipt is not lost."""


class SendReceipt:
    """On payment_processed (when it succeeded), payment_failed and refund_processed, send the
    customer a receipt over the payment system's channel, or else over every default channel
    whose contact field (`channels`: channel -> "email" | "phone") the customer gave.

    The text is the `payment_receipt` template's (shipped, or an operator's override), in the
    payment's `metadata.locale` when it has a valid one. Each send carries the Idempotency-Key
    `receipt:<event_id>:<channel>`, so a redelivered event replays the stored notification
    instead of sending again (within the idempotency TTL). A send that failed for now (its last
    attempt a transient error) raises ReceiptNotDelivered for the bus to retry; the retry finds
    that failure stored under the key and sends under
    `receipt:<event_id>:<channel>:after:<failed notification id>`, and so on along the chain,
    so however many times the event is retried or replayed, one receipt is delivered.
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
            if payment is not None and payment.customer:
                # A failure raises: the bus delivers the batch again one event at a time (each
                # retried, then dead-lettered), and the receipts already sent replay by key.
                await self._send_for(event, payment)

    async def _send_for(self, event: Event, payment: Payment) -> None:
        subject = SUBJECTS[event.type]
        locale = _locale(payment.metadata.get("locale"))
        for channel, recipient in self._recipients(payment).items():
            command = SendNotificationCommand(
                channel=channel,
                recipient=recipient,
                template=TEMPLATE,
                data=_data(subject, event),
                locale=locale,
                user_id=payment.user_id,
                metadata={"payment_id": payment.id, "receipt_for": event.event_id},
            )
            try:
                result = await self._send_along_chain(command, f"receipt:{event.event_id}:{channel}")
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

    async def _send_along_chain(self, command: SendNotificationCommand, key: str) -> Sent:
        while True:
            result = await self._send(command, idempotency_key=key)
            view = result.notification
            failed_for_now = view.status == "failed" and bool(view.attempts)
            if not failed_for_now or view.attempts[-1].outcome != "transient_error":
                return result
            if not result.replayed:
                raise ReceiptNotDelivered(f"{command.channel} receipt failed for now: {view.error}")
            key = f"{key.split(':after:')[0]}:after:{view.id}"

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


def _data(title: str, event: Event) -> dict[str, object]:
    """The template's variables: every one present (None when the event lacks it), so an
    operator's template may test any of them."""
    data = event.data
    values = {key: data.get(key) for key in DATA_KEYS}
    values["currency"] = values["currency"] or ""
    return {"title": title, **values}


def _locale(value: object) -> str | None:
    """The payment's locale when it is a tag; anything else gets the default text, not no receipt."""
    tag = str(value).strip().replace("_", "-").lower() if value else ""
    return tag if LOCALE_PATTERN.fullmatch(tag) else None
