"""Every response carries the security headers; bodies must be JSON and within the size limit."""

import httpx
import pytest

SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


@pytest.mark.parametrize("path", ["/health", "/api/v1/factories", "/api/v1/missing"])
async def test_security_headers_on_success_and_error_responses(make_client, path):
    async with make_client() as client:
        response = await client.get(path)
    assert {k: response.headers[k] for k in SECURITY} == SECURITY
    assert response.headers["cache-control"] == "no-store"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


async def test_the_api_docs_page_loads_swagger_ui_from_the_service_itself(make_client):
    """The docs page's assets come from /static/vendor, and its policy allows no other host."""
    async with make_client() as client:
        response = await client.get("/schema")
        asset = await client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert response.status_code == 200 and asset.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in response.text
    assert "http" not in response.headers["content-security-policy"]


async def test_edge_refusals_carry_the_headers_too(make_client):
    async with make_client({"security": {"require_api_key": True}}, env={"API_KEYS": "k"}) as client:
        response = await client.get("/api/v1/factories")
    assert response.status_code == 401
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-request-id"]


async def test_json_body_is_accepted(make_client):
    async with make_client() as client:
        response = await client.post("/api/v1/echo", json={"amount": "10.00"})
    assert response.status_code == 201
    assert response.json() == {"amount": "10.00"}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_non_json_body_is_415_problem(make_client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    async with make_client() as client:
        response = await client.post("/api/v1/echo", content=b"amount=10", headers=headers)
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unsupported_media_type"


async def test_json_with_charset_or_a_json_suffix_type_is_accepted(make_client):
    async with make_client() as client:
        plain = await client.post(
            "/api/v1/echo", content=b"{}", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        suffixed = await client.post(
            "/api/v1/echo", content=b"{}", headers={"Content-Type": "application/merge-patch+json"}
        )
    assert (plain.status_code, suffixed.status_code) == (201, 201)


async def test_exempt_prefixes_take_form_bodies(make_client):
    overrides = {"security": {"json_exempt_paths": ["/api/v1/echo"]}}
    async with make_client(overrides) as client:
        response = await client.post(
            "/api/v1/echo", content=b"a=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    assert response.status_code != 415


async def test_declared_body_over_the_limit_is_413_problem(make_client):
    async with make_client({"server": {"max_body_bytes": 64}}) as client:
        response = await client.post("/api/v1/echo", json={"note": "x" * 100})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "content_too_large"


async def test_streamed_body_over_the_limit_is_413_problem(make_client):
    async def chunks():
        yield b'{"note": "'
        yield b"x" * 100
        yield b'"}'

    async with make_client({"server": {"max_body_bytes": 64}}) as client:
        transport = httpx.ASGITransport(app=client.app)  # streams a chunked body, no length
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as raw:
            response = await raw.post("/api/v1/echo", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_cors_origins_come_from_config(make_client):
    async with make_client({"server": {"cors_origins": ["https://shop.example"]}}) as client:
        allowed = await client.get("/health", headers={"Origin": "https://shop.example"})
        other = await client.get("/health", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    assert "access-control-allow-origin" not in other.headers
