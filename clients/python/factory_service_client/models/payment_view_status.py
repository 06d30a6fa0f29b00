from enum import StrEnum


class PaymentViewStatus(StrEnum):
    CANCELED = "canceled"
    CREATED = "created"
    FAILED = "failed"
    PARTIALLY_REFUNDED = "partially_refunded"
    PENDING = "pending"
    PROCESSING = "processing"
    REFUNDED = "refunded"
    REQUIRES_ACTION = "requires_action"
    REQUIRES_CAPTURE = "requires_capture"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
