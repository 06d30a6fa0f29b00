from enum import StrEnum


class PaymentRequestMetadataSandboxTriggerType1(StrEnum):
    DECLINE = "decline"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    REQUIRES_ACTION = "requires_action"
    SOFT_DECLINE = "soft_decline"
    SUCCESS = "success"
    TIMEOUT = "timeout"

    def __str__(self) -> str:
        return str(self.value)
