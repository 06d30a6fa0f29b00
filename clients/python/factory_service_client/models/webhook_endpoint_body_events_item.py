from enum import StrEnum


class WebhookEndpointBodyEventsItem(StrEnum):
    NOTIFICATION_DELIVERED = "notification_delivered"
    NOTIFICATION_FAILED = "notification_failed"
    NOTIFICATION_SENT = "notification_sent"
    PAYMENT_CANCELED = "payment_canceled"
    PAYMENT_CREATED = "payment_created"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_PROCESSED = "payment_processed"
    REFUND_PROCESSED = "refund_processed"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"

    def __str__(self) -> str:
        return str(self.value)
