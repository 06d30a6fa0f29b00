from enum import StrEnum


class MultiChannelResultStatus(StrEnum):
    FAILED = "failed"
    PARTIAL = "partial"
    SCHEDULED = "scheduled"
    SENT = "sent"
    SUPPRESSED = "suppressed"

    def __str__(self) -> str:
        return str(self.value)
