from enum import StrEnum


class NotificationViewStatus(StrEnum):
    CANCELED = "canceled"
    DELIVERED = "delivered"
    FAILED = "failed"
    QUEUED = "queued"
    SCHEDULED = "scheduled"
    SENT = "sent"
    SUPPRESSED = "suppressed"
    UNDELIVERED = "undelivered"

    def __str__(self) -> str:
        return str(self.value)
