"""X-API-Key at the edge: required in production-like settings, optional locally, open paths open."""

import hashlib

import pytest
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect

from containers import build_container
from entrypoints.app import create_app
from entrypoints.settings import SettingsError, load_settings
from tests.e2e.hardening.conftest import KEY

REQUIRED = {"security": {"require_api_key": True}}


async def test_missing_key_is_401_problem_with_challenge(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        response = await client.get("/api/v1/factories")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "ApiKey"
    assert response.json()["code"] == "unauthorized"


async def test_wrong_key_is_401_and_the_answer_leaks_nothing(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        response = await client.get("/api/v1/factories", headers={"X-API-Key": "guess-123"})
    assert response.status_code == 401
    assert "guess-123" not in response.text and KEY not in response.text
    assert response.json()["detail"] == "a valid X-API-Key header is required"


async def test_right_key_passes_and_any_configured_key_works(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": f"other-key, {KEY}"}) as client:
        first = await client.get("/api/v1/factories", headers={"X-API-Key": KEY})
        second = await client.get("/api/v1/factories", headers={"X-API-Key": "other-key"})
    assert (first.status_code, second.status_code) == (200, 200)


async def test_a_key_given_only_as_its_sha256_hash_is_accepted(make_client):
    digest = hashlib.sha256(KEY.encode()).hexdigest()
    async with make_client(REQUIRED, env={"API_KEY_HASHES": digest}) as client:
        response = await client.get("/api/v1/system-info", headers={"X-API-Key": KEY})
    assert response.status_code == 200


async def test_an_all_digit_key_stays_a_string(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": "12345678901234567890"}) as client:
        response = await client.get("/api/v1/system-info", headers={"X-API-Key": "12345678901234567890"})
    assert response.status_code == 200


async def test_open_paths_need_no_key(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        statuses = {
            path: (await client.get(path)).status_code for path in ("/health", "/schema/openapi.json", "/metrics")
        }
    assert statuses == {"/health": 200, "/schema/openapi.json": 200, "/metrics": 200}


async def test_unknown_paths_are_refused_before_routing(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}) as client:
        anonymous = await client.get("/api/v1/no-such-thing")
        keyed = await client.get("/api/v1/no-such-thing", headers={"X-API-Key": KEY})
    assert (anonymous.status_code, keyed.status_code) == (401, 404)


async def test_cors_preflight_passes_without_a_key(make_client):
    overrides = {**REQUIRED, "server": {"cors_origins": ["https://shop.example"]}}
    async with make_client(overrides, env={"API_KEYS": KEY}) as client:
        response = await client.options(
            "/api/v1/factories",
            headers={
                "Origin": "https://shop.example",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "x-api-key",
            },
        )
    assert response.status_code in (200, 204)
    assert response.headers["access-control-allow-origin"] == "https://shop.example"


async def test_locally_no_key_is_needed_but_a_wrong_one_is_refused(make_client):
    async with make_client(env={"API_KEYS": KEY}) as client:
        anonymous = await client.get("/api/v1/factories")
        wrong = await client.get("/api/v1/factories", headers={"X-API-Key": "nope"})
        right = await client.get("/api/v1/factories", headers={"X-API-Key": KEY})
    assert (anonymous.status_code, wrong.status_code, right.status_code) == (200, 401, 200)


async def test_locally_without_configured_keys_a_presented_key_is_ignored(make_client):
    async with make_client() as client:
        response = await client.get("/api/v1/factories", headers={"X-API-Key": "anything"})
    assert response.status_code == 200


def test_requiring_keys_without_any_configured_stops_startup():
    settings = load_settings("test", env={}, overrides=REQUIRED)
    with pytest.raises(SettingsError, match="API_KEYS"):
        create_app(build_container(settings=settings))


@websocket("/ws-test")
async def ws_test(socket: WebSocket) -> None:
    await socket.accept()
    await socket.send_text("hello")
    await socket.close()


async def test_websockets_need_the_key_too_as_header_or_query_parameter(make_client):
    async with make_client(REQUIRED, env={"API_KEYS": KEY}, extra=[ws_test]) as client:
        with pytest.raises(WebSocketDisconnect) as refused:
            with await client.websocket_connect("/ws-test"):
                pass
        with await client.websocket_connect(f"/ws-test?api_key={KEY}") as ws:
            by_query = ws.receive_text()
        with await client.websocket_connect("/ws-test", headers={"X-API-Key": KEY}) as ws:
            by_header = ws.receive_text()
    assert refused.value.code == 1008
    assert by_query == by_header == "hello"
