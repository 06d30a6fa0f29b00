"""What the document says per operation beyond what the handlers' types say: a short id, the
seed's bodies as examples, and the errors each can answer."""

from __future__ import annotations

from typing import Any

# Operation ids a client generator turns into method names (`create_payment`, ...).
OPERATION_IDS: dict[tuple[str, str], str] = {
    ("get", "/health"): "getHealth",
    ("get", "/health/live"): "getLiveness",
    ("get", "/health/ready"): "getReadiness",
    ("get", "/api/v1/system-info"): "getSystemInfo",
    ("get", "/api/v1/factories"): "listFactories",
    ("get", "/api/v1/factories/{factory_type}"): "getFactory",
    ("get", "/api/v1/notification-channels"): "listNotificationChannels",
    ("get", "/api/v1/payment-gateways"): "listPaymentGateways",
    ("get", "/api/v1/databases"): "listDatabases",
    ("get", "/api/v1/databases/queries"): "listQueries",
    ("post", "/api/v1/databases/query"): "runQuery",
    ("post", "/api/v1/databases/query-all"): "runQueryAll",
    ("post", "/api/v1/webhooks/twilio"): "receiveTwilioWebhook",
    ("get", "/api/v1/webhooks/whatsapp"): "verifyWhatsappWebhook",
    ("post", "/api/v1/webhooks/whatsapp"): "receiveWhatsappWebhook",
    ("post", "/api/v1/webhooks/{gateway}"): "receiveGatewayWebhook",
    ("post", "/api/v1/client-tokens"): "createClientToken",
    ("get", "/api/v1/webhook-endpoints"): "listWebhookEndpoints",
    ("post", "/api/v1/webhook-endpoints"): "createWebhookEndpoint",
    ("get", "/api/v1/webhook-endpoints/{endpoint_id}"): "getWebhookEndpoint",
    ("delete", "/api/v1/webhook-endpoints/{endpoint_id}"): "deleteWebhookEndpoint",
    ("get", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries"): "listWebhookDeliveries",
    ("post", "/api/v1/webhook-endpoints/{endpoint_id}/enable"): "enableWebhookEndpoint",
    ("post", "/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret"): "rotateWebhookSecret",
    ("post", "/api/v1/webhook-endpoints/deliveries/{delivery_id}/redeliver"): "redeliverWebhook",
    ("post", "/api/v1/notifications"): "sendNotification",
    ("post", "/api/v1/notifications/multi-channel"): "sendMultiChannelNotification",
    ("get", "/api/v1/notifications/{notification_id}"): "getNotification",
    ("delete", "/api/v1/notifications/{notification_id}"): "cancelNotification",
    ("get", "/api/v1/templates"): "listTemplates",
    ("get", "/api/v1/templates/{name}"): "getTemplate",
    ("put", "/api/v1/templates/{name}"): "putTemplate",
    ("delete", "/api/v1/templates/{name}"): "deleteTemplate",
    ("get", "/api/v1/users/{user_id}/preferences"): "getPreferences",
    ("put", "/api/v1/users/{user_id}/preferences"): "putPreferences",
    ("get", "/api/v1/dead-letters"): "listDeadLetters",
}

# The seed README's bodies (its `hey` load tests), and the smallest useful one for the rest.
EXAMPLES: dict[str, dict[str, Any]] = {
    "createPayment": {"user_id": "user123", "amount": 100.50, "currency": "USD", "payment_method": "stripe"},
    "refundPayment": {"amount": "25.00", "reason": "requested_by_customer"},
    "confirmPayment": {"reference": "FS-REF-123"},
    "failPayment": {"reason": "transfer returned by the bank"},
    "sendNotification": {
        "recipient": "user@example.com",
        "subject": "Test",
        "message": "Test message",
        "channel": "email",
    },
    "sendMultiChannelNotification": {
        "channels": ["email", "sms"],
        "recipients": {"email": "user@example.com", "sms": "+15555550100"},
        "subject": "Test",
        "message": "Test message",
    },
    "runQuery": {"database": "sqlite", "query": "payment_totals_by_status"},
    "runQueryAll": {"query": "payment_totals_by_status"},
}

# Errors beyond those every operation of its kind can answer (see openapi.document_edge).
ERRORS: dict[str, dict[int, str]] = {
    "createPayment": {
        409: "The same Idempotency-Key is in use by a request still running",
        502: "The payment gateway failed and no other gateway of the family could take the payment",
    },
    "refundPayment": {
        409: "The same Idempotency-Key is in use, or the payment cannot be refunded in its state",
        502: "The payment gateway refused or failed the refund",
    },
    "confirmPayment": {401: "Missing or wrong operator token", 409: "The payment is not awaiting confirmation"},
    "failPayment": {401: "Missing or wrong operator token", 409: "The payment is not awaiting confirmation"},
    "sendNotification": {409: "The same Idempotency-Key is in use by a request still running"},
    "sendMultiChannelNotification": {409: "The same Idempotency-Key is in use by a request still running"},
    "cancelNotification": {409: "The notification is being sent or has ended"},
    "runQuery": {502: "The database could not run the query"},
    "runQueryAll": {502: "A database could not run the query"},
}
