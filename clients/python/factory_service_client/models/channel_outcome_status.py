from enum import StrEnum


class ChannelOutcomeStatus(StrEnum):
    CANCELED = "canceled"
    DELIVERED = "delivered"
    FAILED = "failed"
    QUEUED = "queued"
    SCHEDULED = "scheduled"
    SENT = "sent"
    SKIPPED = "skipped"
    SUPPRESSED = "suppressed"
    UNDELIVERED = "undelivered"

    def __str__(self) -> str:
        return str(self.value)
