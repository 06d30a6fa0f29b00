"""Templates over HTTP: PUT / GET / list / DELETE, and sends that name a template."""

from __future__ import annotations

import email
from email import policy

TEMPLATE = {
    "channels": {
        "email": {
            "subject": "Order {{ order_id }} shipped",
            "text": "Hi {{ name }}, order {{ order_id }} is on its way.",
            "html": "<p>Hi {{ name }}, order <b>{{ order_id }}</b> is on its way.</p>",
        },
        "sms": {"text": "Order {{ order_id }} shipped"},
    },
    "locales": {
        "fr": {"email": {"subject": "Commande {{ order_id }} expédiée", "text": "Bonjour {{ name }}, c'est parti."}},
        "fr-CA": {"sms": {"text": "Commande {{ order_id }} en route"}},
    },
    "category": "transactional",
}
DATA = {"name": "Ann", "order_id": "A-17"}


def _eml(outbox, notification_id: str) -> email.message.EmailMessage:
    return email.message_from_bytes((outbox / "email" / f"{notification_id}.eml").read_bytes(), policy=policy.default)


async def _send(client, **body):
    return await client.post("/api/v1/notifications", json={"channel": "email", "recipient": "ann@example.com", **body})


async def test_put_get_list_and_delete_a_template(client):
    """PUT stores it (locales normalised), GET shows it, the list holds it beside the shipped
    payment_receipt, DELETE removes it (404 afterwards)."""
    put = await client.put("/api/v1/templates/order_shipped", json=TEMPLATE)
    assert put.status_code == 200 and put.json()["source"] == "custom"
    shown = (await client.get("/api/v1/templates/order_shipped")).json()
    assert shown["channels"]["sms"]["text"] == "Order {{ order_id }} shipped"
    assert sorted(shown["locales"]) == ["fr", "fr-ca"]
    listed = {t["name"]: t["source"] for t in (await client.get("/api/v1/templates")).json()}
    assert listed == {"order_shipped": "custom", "payment_receipt": "shipped"}
    assert (await client.delete("/api/v1/templates/order_shipped")).status_code == 204
    assert (await client.get("/api/v1/templates/order_shipped")).status_code == 404
    assert (await client.delete("/api/v1/templates/order_shipped")).status_code == 404


async def test_a_send_renders_the_template_in_the_requested_locale_with_fallback(client, outbox):
    """fr-CA email falls back to fr (fr-CA has only sms); the .eml holds the rendered text."""
    await client.put("/api/v1/templates/order_shipped", json=TEMPLATE)
    response = await _send(client, template="order_shipped", data=DATA, locale="fr-CA")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["template"], body["locale"], body["subject"]) == (
        "sent",
        "order_shipped",
        "fr-ca",
        "Commande A-17 expédiée",
    )
    assert _eml(outbox, body["id"]).get_body(("plain",)).get_content().strip() == "Bonjour Ann, c'est parti."
    sms = await client.post(
        "/api/v1/notifications",
        json={
            "channel": "sms",
            "recipient": "+14155550123",
            "template": "order_shipped",
            "data": DATA,
            "locale": "fr-CA",
        },
    )
    assert sms.status_code == 201
    assert b"Commande A-17 en route" in (outbox / "sms" / f"{sms.json()['id']}.json").read_bytes()


async def test_a_script_in_data_is_escaped_in_the_html_part(client, outbox):
    """Autoescaping: the HTML alternative shows the value as text, never as markup."""
    await client.put("/api/v1/templates/order_shipped", json=TEMPLATE)
    data = {"name": "<script>alert('x')</script>", "order_id": "A-1"}
    body = (await _send(client, template="order_shipped", data=data)).json()
    html = _eml(outbox, body["id"]).get_body(("html",)).get_content()
    assert "&lt;script&gt;" in html and "<script>" not in html


async def test_a_missing_variable_is_a_422_naming_it_and_nothing_is_stored(client, outbox):
    await client.put("/api/v1/templates/order_shipped", json=TEMPLATE)
    response = await _send(client, template="order_shipped", data={"name": "Ann"})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("template_variable_missing", "data.order_id")
    assert not (outbox / "email").exists()


async def test_a_sandbox_escape_is_refused_when_the_template_is_put(client):
    """`{{ ''.__class__.__mro__ }}` never gets stored: 422 naming the part that holds it."""
    bad = {"channels": {"email": {"text": "{{ ''.__class__.__mro__ }}"}}}
    response = await client.put("/api/v1/templates/evil", json=bad)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("template_refused", "channels.email.text")
    assert (await client.get("/api/v1/templates/evil")).status_code == 404


async def test_bad_templates_and_template_sends_are_422s_naming_the_field(client):
    """Unknown channel, bad locale, non-optional marketing, unknown template, message and
    template together."""
    cases = [
        ({"channels": {"fax": {"text": "x"}}}, "channels.fax"),
        ({"channels": {"email": {"text": "x"}}, "locales": {"not a locale": {}}}, "locales.not a locale"),
        ({"channels": {"email": {"text": "x"}}, "category": "marketing", "optional": False}, "optional"),
        ({"channels": {"email": {"text": "{% if %}"}}}, "channels.email.text"),
    ]
    for body, field in cases:
        response = await client.put("/api/v1/templates/t1", json=body)
        assert (response.status_code, response.json().get("field")) == (422, field), body
    unknown = await _send(client, template="nope", data={})
    assert (unknown.status_code, unknown.json()["field"]) == (422, "template")
    both = await _send(client, template="payment_receipt", message="hi", data={})
    assert (both.status_code, both.json()["field"]) == (422, "template")


async def test_multi_channel_sends_render_each_channels_content(client, outbox):
    await client.put("/api/v1/templates/order_shipped", json=TEMPLATE)
    response = await client.post(
        "/api/v1/notifications/multi-channel",
        json={
            "channels": ["email", "sms"],
            "recipients": {"email": "ann@example.com", "sms": "+14155550123"},
            "template": "order_shipped",
            "data": DATA,
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "sent"
    email_result, sms_result = response.json()["results"]
    assert email_result["notification"]["subject"] == "Order A-17 shipped"
    assert b"Order A-17 shipped" in (outbox / "sms" / f"{sms_result['notification']['id']}.json").read_bytes()
