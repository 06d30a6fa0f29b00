"""A request logged carelessly, with its card number and API key, shows neither in the log."""

import json
import logging
from typing import Any

import pytest
import structlog
from litestar import Request, post
from litestar.params import JSONBody

from application.log_context import bind_ids
from entrypoints.logging import configure_logging
from tests.e2e.hardening.conftest import KEY

PAN = "4242 4242 4242 4242"
log = structlog.get_logger("careless")


@post("/api/v1/careless", sync_to_thread=False)
def careless(request: Request, data: JSONBody[dict[str, Any]]) -> dict[str, str]:
    """Logs what a hurried developer would: every header and the whole body."""
    bind_ids(payment_id="pay_123", notification_id=None)
    log.info("incoming", headers=dict(request.headers), body=data, note=f"charging {PAN}")
    return {"ok": "yes"}


@pytest.fixture
def log_file(tmp_path):
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    path = tmp_path / "app.log"
    configure_logging("info", str(path))
    yield path
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_card_number_and_api_key_never_reach_the_log(make_client, log_file):
    body = {"amount": 10, "card": {"number": "4242424242424242", "cvc": "123"}, "description": f"card {PAN} exp 12/30"}
    async with make_client(env={"API_KEYS": KEY}, extra=[careless]) as client:
        response = await client.post("/api/v1/careless", json=body, headers={"X-API-Key": KEY})
    assert response.status_code == 201
    text = log_file.read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    incoming = next(line for line in lines if line["event"] == "incoming")
    assert incoming["payment_id"] == "pay_123" and incoming["request_id"]
    assert "notification_id" not in incoming
    for secret in (KEY, "4242424242424242", PAN, '"123"'):
        assert secret not in text
    assert incoming["headers"]["x-api-key"] == "[REDACTED]"
    assert any(line["event"] == "request" and line["status"] == 201 for line in lines)
