"""Templates the service ships; an operator overrides one by PUT-ting a template of its name."""

from __future__ import annotations

from domain.templates import Content, Template

_RECEIPT_TEXT = """{{ title }}.

Payment: {{ payment_id }}
Amount: {{ amount }} {{ currency }}
Status: {{ status }}
{%- if refund_amount %}
Refunded: {{ refund_amount }} (total {{ refunded }})
{%- endif %}
{%- if failure_reason %}
Reason: {{ failure_reason }}
{%- endif %}
{%- if transaction_id %}
Reference: {{ transaction_id }}
{%- endif %}"""

_RECEIPT_SHORT = "{{ amount }} {{ currency }} ({{ status }}), payment {{ payment_id }}"

PAYMENT_RECEIPT = Template(
    name="payment_receipt",
    channels={
        "email": Content(subject="{{ title }}", text=_RECEIPT_TEXT),
        "sms": Content(subject="{{ title }}", text=_RECEIPT_SHORT),
        "whatsapp": Content(subject="{{ title }}", text=_RECEIPT_SHORT),
        "push": Content(subject="{{ title }}", text=_RECEIPT_SHORT),
        "slack": Content(subject="{{ title }}", text=_RECEIPT_TEXT),
    },
    category="transactional",
    optional=False,  # a receipt is owed even to a user who opted out of a channel
    shipped=True,
)

SHIPPED: dict[str, Template] = {PAYMENT_RECEIPT.name: PAYMENT_RECEIPT}
