"""How one event is filed for analytics: the dimensions and amount its rollups group by.

Both analytics stores use this, so MongoDB and SQL count the same events the same way:
- payment events are filed under the UTC day the payment was created (`data.created_at`), the
  day the payments table files them under too, so a payment's capture and its later refunds land
  in one cohort and `since` means the same thing in the transactional store and in analytics;
- notification events under the UTC day they occurred;
- `amount_minor` is the payment's amount, or for `refund_processed` the refund's amount, or for
  a manual payment's capture (`payment_processed`, succeeded) the amount captured.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from domain.events import Event, EventType

PAYMENT_EVENTS = frozenset(
    {
        EventType.PAYMENT_CREATED,
        EventType.PAYMENT_PROCESSED,
        EventType.PAYMENT_FAILED,
        EventType.PAYMENT_CANCELED,
        EventType.REFUND_PROCESSED,
    }
)
NOTIFICATION_EVENTS = frozenset({EventType.NOTIFICATION_SENT, EventType.NOTIFICATION_FAILED})
CAPTURED = "succeeded"  # payment_processed with this status is one captured payment

# A payment's lifecycle order: the furthest status recorded is the payment's status in
# analytics, which needs no clock (MySQL DATETIME keeps whole seconds, BSON milliseconds).
STATUS_ORDER = (
    "created",
    "processing",
    "requires_action",
    "pending",
    "failed",
    "succeeded",
    "partially_refunded",
    "refunded",
)
# Ranks are stored with each analytics event (MongoDB), so a status added later takes a rank
# between the existing ones instead of renumbering them: an uncaptured authorization comes after
# pending and before any end; a canceled one ends it (never beside succeeded or refunded).
STATUS_RANK: dict[str, float] = {status: rank for rank, status in enumerate(STATUS_ORDER)} | {
    "requires_capture": 3.5,
    "canceled": 4.5,
}
_STATUS_OF_RANK = {rank: status for status, rank in STATUS_RANK.items()}


def status_of_rank(rank: object) -> str | None:
    """The status a (stored or computed) rank stands for; drivers may hand back Decimal or float."""
    try:
        return _STATUS_OF_RANK.get(float(rank))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class Facts(msgspec.Struct, frozen=True, kw_only=True):
    day: str
    gateway: str | None = None
    channel: str | None = None
    currency: str | None = None
    status: str | None = None
    amount_minor: int | None = None
    refund: bool = False


def utc(moment: datetime) -> datetime:
    """Drivers hand back naive datetimes for UTC values (MySQL, SQLite, BSON): make them aware."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _day(event: Event) -> str:
    created = event.data.get("created_at")
    if event.type in PAYMENT_EVENTS and isinstance(created, str):
        try:
            return utc(datetime.fromisoformat(created)).date().isoformat()
        except ValueError:
            pass
    return utc(event.occurred_at).date().isoformat()


def facts(event: Event) -> Facts:
    data = event.data
    if event.type in PAYMENT_EVENTS:
        refund = event.type is EventType.REFUND_PROCESSED
        amount = data.get("refund_amount_minor" if refund else "amount_minor")
        if event.type is EventType.PAYMENT_PROCESSED and data.get("status") == CAPTURED:
            amount = data.get("amount_captured_minor", amount)
        return Facts(
            day=_day(event),
            gateway=data.get("gateway"),
            currency=data.get("currency"),
            status=data.get("status"),
            amount_minor=amount,
            refund=refund,
        )
    if event.type in NOTIFICATION_EVENTS:
        return Facts(day=_day(event), channel=data.get("channel"), status=data.get("status"))
    return Facts(day=_day(event), status=data.get("status"))
