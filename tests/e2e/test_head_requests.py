"""HEAD answers wherever GET does: same status and headers, no body; not where GET is not allowed."""

import pytest


@pytest.mark.parametrize("path", ["/health", "/metrics", "/api/v1/factories", "/api/v1/system-info", "/", "/schema"])
async def test_head_mirrors_get_without_a_body(client, path):
    get = await client.get(path)
    head = await client.head(path)
    assert get.status_code == 200 and head.status_code == 200, path
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if path in ("/", "/schema", "/api/v1/factories"):  # the others change between calls (latency, counts)
        assert head.headers["content-length"] == get.headers["content-length"]


async def test_head_of_a_payment_and_of_an_unknown_one(client):
    created = await client.post(
        "/api/v1/payments", json={"user_id": "u1", "amount": 10, "currency": "USD", "payment_method": "stripe"}
    )
    payment_id = created.json()["id"]
    assert (await client.head(f"/api/v1/payments/{payment_id}")).status_code == 200
    missing = await client.head("/api/v1/payments/pay_does_not_exist")
    assert missing.status_code == 404 and missing.content == b""


async def test_head_is_refused_where_get_is(client):
    """A POST-only route refuses GET, and HEAD likewise (405)."""
    assert (await client.get("/api/v1/payments/pay_1/refund")).status_code == 405
    assert (await client.head("/api/v1/payments/pay_1/refund")).status_code == 405
