"""Receipts end to end: a payment with a customer email gets one .eml receipt, never two."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from domain.events import EventType
from entrypoints.settings import load_settings

PAYMENT = {
    "user_id": "user123",
    "amount": "100.50",
    "currency": "USD",
    "payment_method": "stripe",
    "customer": {"email": "ann@example.com"},
}


def _receipts(outbox: Path) -> list[Path]:
    return sorted((outbox / "email").glob("*.eml")) if (outbox / "email").exists() else []


async def test_a_paid_payment_with_an_email_writes_one_receipt_and_a_notification_sent_event(
    api, container, events, outbox
):
    """POST a payment with customer.email: the relay's payment_processed yields an .eml receipt
    to that address and, relayed in the same flush, a notification_sent event."""
    response = await api.post("/api/v1/payments", json=PAYMENT)
    assert response.status_code == 201
    payment_id = response.json()["id"]
    await container.events.outbox_relay().relay_once()
    [receipt] = _receipts(outbox)
    message = email.message_from_bytes(receipt.read_bytes())
    assert message["To"] == "ann@example.com"
    assert message["Subject"] == "Payment received"
    assert payment_id in receipt.read_text() and "100.50 USD" in receipt.read_text()
    sent = [e for e in events if e.type is EventType.NOTIFICATION_SENT]
    assert len(sent) == 1 and sent[0].aggregate_id == receipt.stem
    notification = (await api.get(f"/api/v1/notifications/{receipt.stem}")).json()
    assert notification["status"] == "sent" and notification["channel"] == "email"


async def test_a_replayed_event_sends_no_second_receipt(api, container, events, outbox):
    """The bus delivering payment_processed again (an at-least-once redelivery) sends nothing."""
    assert (await api.post("/api/v1/payments", json=PAYMENT)).status_code == 201
    await container.events.outbox_relay().relay_once()
    processed = next(e for e in events if e.type is EventType.PAYMENT_PROCESSED)
    await container.infrastructure.event_bus().publish([processed])
    await container.events.outbox_relay().relay_once()
    assert len(_receipts(outbox)) == 1
    assert len([e for e in events if e.type is EventType.NOTIFICATION_SENT]) == 1
    assert container.notifications.send_receipt().replayed == 1


async def test_a_payment_without_contact_details_gets_no_receipt(api, container, events, outbox):
    """No customer block: the payment's events are relayed and no channel writes anything."""
    body = {k: v for k, v in PAYMENT.items() if k != "customer"}
    assert (await api.post("/api/v1/payments", json=body)).status_code == 201
    await container.events.outbox_relay().relay_once()
    assert any(e.type is EventType.PAYMENT_PROCESSED for e in events)
    assert _receipts(outbox) == [] and container.notifications.send_receipt().sent == 0


def test_receipts_are_off_in_the_test_profile_and_on_in_local():
    """configs/test.yaml turns receipts off; the base config turns them on for local."""
    assert load_settings("test").receipts.enabled is False
    local = load_settings("local").receipts
    assert local.enabled is True and local.channels == {"email": "email", "sms": "phone"}


async def test_a_receipt_uses_the_shipped_template_and_an_operators_override(api, container, outbox):
    """Without an override the shipped payment_receipt renders the receipt (template recorded
    on the notification); after PUT /api/v1/templates/payment_receipt, the next receipt's .eml
    shows the override's rendered text, in the payment's metadata.locale."""
    assert (await api.post("/api/v1/payments", json=PAYMENT)).status_code == 201
    await container.events.outbox_relay().relay_once()
    [shipped] = _receipts(outbox)
    assert (await api.get(f"/api/v1/notifications/{shipped.stem}")).json()["template"] == "payment_receipt"
    override = {
        "channels": {
            "email": {
                "subject": "{{ title }} - ACME",
                "text": "Thanks! {{ amount }} {{ currency }} for payment {{ payment_id }} is {{ status }}.",
            }
        },
        "locales": {"fr": {"email": {"subject": "Reçu ACME", "text": "Merci ! {{ amount }} {{ currency }} reçus."}}},
        "optional": False,
    }
    assert (await api.put("/api/v1/templates/payment_receipt", json=override)).status_code == 200
    body = {**PAYMENT, "metadata": {"locale": "fr-FR"}}
    english = await api.post("/api/v1/payments", json=PAYMENT)
    french = await api.post("/api/v1/payments", json=body)
    await container.events.outbox_relay().relay_once()
    by_payment = {}
    for path in _receipts(outbox):
        if path != shipped:
            notification = (await api.get(f"/api/v1/notifications/{path.stem}")).json()
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            by_payment[notification["metadata"]["payment_id"]] = (message["Subject"], message.get_content().strip())
    assert by_payment[english.json()["id"]] == (
        "Payment received - ACME",
        f"Thanks! 100.50 USD for payment {english.json()['id']} is succeeded.",
    )
    assert by_payment[french.json()["id"]] == ("Reçu ACME", "Merci ! 100.50 USD reçus.")
