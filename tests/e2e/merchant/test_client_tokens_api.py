"""Client tokens: minted over HTTP, accepted by /ws for their one user only, refused with 4401
when tampered or expired, and a server key never travels in an HTTP query string."""

from __future__ import annotations

import pytest
from litestar.exceptions import WebSocketDisconnect

from application.system.client_tokens import ClientTokenSigner
from tests.e2e.hardening.conftest import KEY
from tests.fakes.streaming import make_event

WAIT = 5.0
REQUIRED = {"security": {"require_api_key": True}}


async def _mint(client, user_id: str, ttl: int = 60, headers: dict | None = None) -> str:
    response = await client.post(
        "/api/v1/client-tokens", json={"user_id": user_id, "ttl_seconds": ttl}, headers=headers
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user_id"] == user_id and body["expires_at"] > 0
    return body["token"]


async def _refusal(client, query: str) -> int:
    with pytest.raises(WebSocketDisconnect) as refused:
        with await client.websocket_connect(f"/ws?{query}") as ws:
            ws.receive_json(timeout=WAIT)
    return refused.value.code


async def test_a_token_for_a_opens_as_stream_and_receives_as_events(make_client):
    """With keys required, a browser holding only A's token follows A's events."""
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        token = await _mint(client, "user_a", headers={"X-API-Key": KEY})
        with await client.websocket_connect(f"/ws?token={token}") as ws:
            hello = ws.receive_json(timeout=WAIT)
            assert hello["type"] == "connected" and hello["user_id"] == "user_a"
            event = make_event(user_id="user_a", aggregate_id="pay_tok")
            client.blocking_portal.call(client.container.infrastructure.event_bus().publish, [event])
            assert ws.receive_json(timeout=WAIT)["event_id"] == event.event_id


async def test_a_token_for_a_cannot_open_bs_stream(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        token = await _mint(client, "user_a", headers={"X-API-Key": KEY})
        assert await _refusal(client, f"token={token}&user_id=user_b") == 4403


async def test_a_tampered_token_is_refused_with_4401(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        token = await _mint(client, "user_a", headers={"X-API-Key": KEY})
        prefix, _claims, signature = token.split(".")
        forged_claims = ClientTokenSigner(["attacker-secret"]).sign("user_b", 60).token.split(".")[1]
        assert await _refusal(client, f"token={prefix}.{forged_claims}.{signature}") == 4401
        other_secret = ClientTokenSigner(["attacker-secret"]).sign("user_a", 60).token
        assert await _refusal(client, f"token={other_secret}") == 4401
        assert await _refusal(client, "token=garbage") == 4401


async def test_an_expired_token_is_refused_with_4401(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        signer = client.container.realtime.client_token_signer()
        expired = ClientTokenSigner(["test-client-token-secret"], clock=lambda: 1_000_000).sign("user_a", 60).token
        with pytest.raises(Exception, match="expired"):
            signer.verify(expired)
        assert await _refusal(client, f"token={expired}") == 4401


async def test_minting_needs_a_server_key_whenever_keys_are_configured(make_client):
    """Keys configured but not required: other routes are open, client tokens are not."""
    async with make_client(env={"API_KEYS": KEY}) as client:
        anonymous = await client.post("/api/v1/client-tokens", json={"user_id": "u"})
        keyed = await client.post("/api/v1/client-tokens", json={"user_id": "u"}, headers={"X-API-Key": KEY})
        open_route = await client.get("/api/v1/factories")
    assert (anonymous.status_code, keyed.status_code, open_route.status_code) == (401, 201, 200)


async def test_without_configured_keys_a_token_is_minted_without_one(make_client):
    async with make_client() as client:
        assert await _mint(client, "user_local")


async def test_bad_bodies_are_422_naming_the_field(make_client):
    async with make_client() as client:
        too_long = await client.post("/api/v1/client-tokens", json={"user_id": "u", "ttl_seconds": 999_999})
        no_user = await client.post("/api/v1/client-tokens", json={"ttl_seconds": 60})
        zero = await client.post("/api/v1/client-tokens", json={"user_id": "u", "ttl_seconds": 0})
    assert (too_long.status_code, too_long.json()["field"]) == (422, "ttl_seconds")
    assert (no_user.status_code, no_user.json()["field"]) == (422, "user_id")
    assert (zero.status_code, zero.json()["field"]) == (422, "ttl_seconds")


async def test_without_a_secret_tokens_are_off(make_client):
    async with make_client({"security": {"client_token_secrets": ""}}) as client:
        response = await client.post("/api/v1/client-tokens", json={"user_id": "u"})
        refused = await _refusal(client, "token=ct1.e30.AAAA")
    assert (response.status_code, response.json()["code"]) == (503, "client_tokens_disabled")
    assert refused == 4401


async def test_server_keys_in_http_query_strings_stay_refused(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        response = await client.get(f"/api/v1/factories?api_key={KEY}")
        token_on_http = await client.get("/api/v1/factories?token=ct1.e30.AAAA")
    assert (response.status_code, token_on_http.status_code) == (401, 401)
