"""Hostile input on every POST endpoint, path and query, on SQLite, MariaDB and PostgreSQL: deep
JSON and invalid UTF-8 are 400, NUL and control characters 422 naming the field (404 in a path),
unknown fields 422 naming them; nothing is 5xx, no key stores a replay, no log shows SQL values."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from litestar import get
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient
from sqlalchemy import text

from containers import build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.logging import configure_logging
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import server_database

pytestmark = pytest.mark.e2e
OPERATOR = {"X-Operator-Token": "test-operator-token"}
SQL_SECRET = "sql-param-value-7f3a"
PAYMENT = {"user_id": "u1", "amount": "10.00", "currency": "USD", "payment_method": "stripe", "description": "d"}
# Free text may hold tabs, line breaks and other controls (only NUL is refused); everything else may not.
LONG_TEXT = {"message", "html"}


@asynccontextmanager
async def _database(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/hostile.db"
        return
    async with server_database(kind) as url:
        yield url


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
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


@pytest.fixture(params=["sqlite", "mysql", "postgresql"])
async def client(request, tmp_path: Path, log_file: Path) -> AsyncIterator[AsyncTestClient]:
    kind = request.param
    async with _database(kind, tmp_path) as url:
        overrides = {
            "database": {"kind": kind, "url": url},
            "databases": {kind: {"enabled": True, "url": url}},
            "server": {"log_file": None},
        }
        settings = load_settings("test", env={"DATABASE_URL": url}, overrides=overrides)
        await asyncio.to_thread(migrate_database, settings)
        container = build_container(settings=settings)

        @get("/api/v1/failing-statement")
        async def failing_statement() -> None:
            """A statement the database refuses, carrying a value that must not reach the log."""
            async with container.persistence.engine().connect() as conn:
                await conn.execute(text("INSERT INTO payments (id) VALUES (:id)"), {"id": SQL_SECRET})

        async with AsyncTestClient(app=create_app(container, extra_handlers=[failing_statement])) as test_client:
            test_client.kind = kind
            yield test_client


def _endpoints(payment_id: str, transfer_id: str, kind: str) -> list[tuple[str, dict]]:
    return [
        ("/api/v1/payments", PAYMENT),
        (f"/api/v1/payments/{payment_id}/refund", {"amount": "1.00", "reason": "r"}),
        (f"/api/v1/payments/{transfer_id}/confirm", {"reference": "FS-1"}),
        (f"/api/v1/payments/{transfer_id}/fail", {"reason": "r"}),
        ("/api/v1/notifications", {"channel": "email", "recipient": "a@b.co", "message": "m", "subject": "s"}),
        (
            "/api/v1/notifications/multi-channel",
            {"channels": [{"channel": "email", "recipient": "a@b.co"}], "message": "m"},
        ),
        ("/api/v1/databases/query", {"database": kind, "query": "payments_by_user", "params": {"user_id": "u"}}),
        ("/api/v1/databases/query-all", {"query": "payments_by_user", "params": {"user_id": "u"}}),
    ]


def _string_fields(body: dict, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    """(dotted name, path) of every string in the body, nested objects and lists included."""
    for key, value in body.items() if isinstance(body, dict) else enumerate(body):
        name = f"{prefix}{key}"
        if isinstance(value, str):
            yield name, [key]
        elif isinstance(value, dict | list):
            for inner, path in _string_fields(value, f"{name}."):
                yield inner, [key, *path]


def _with(body: dict, path: list, value: str) -> dict:
    copy = json.loads(json.dumps(body))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


async def _setup(client) -> tuple[str, str]:
    paid = await client.post("/api/v1/payments", json=PAYMENT)
    transfer = await client.post("/api/v1/payments", json={**PAYMENT, "payment_method": "bank_transfer"})
    assert paid.status_code == 201 and transfer.status_code == 201, (paid.text, transfer.text)
    return paid.json()["id"], transfer.json()["id"]


async def test_nul_and_control_characters_in_every_body_field_are_422_naming_it(client, log_file):
    payment_id, transfer_id = await _setup(client)
    for path, body in _endpoints(payment_id, transfer_id, client.kind):
        for name, where in _string_fields(body):
            for bad in ("\u0000", "\u0001", "\u001b[31m", "\u007f"):
                response = await client.post(path, json=_with(body, where, f"a{bad}b"), headers=OPERATOR)
                if name in LONG_TEXT and bad != "\u0000":
                    assert response.status_code < 500, (path, name, response.text)
                    continue
                problem = response.json()
                assert response.status_code == 422, (path, name, repr(bad), response.text)
                assert problem["field"] == name, (path, name, problem)
                assert response.headers["content-type"] == "application/problem+json"
    assert "[parameters:" not in log_file.read_text()


@pytest.mark.parametrize(
    ("bad", "status", "code"),
    [
        (b'"deep":' + b'{"a":' * 10_000 + b"1" + b"}" * 10_000, 400, "too_deeply_nested"),
        (b'"deep":' + b"[" * 33 + b"]" * 33, 400, "too_deeply_nested"),
        (b'"bad":"caf\xc3(\xff"', 400, "invalid_utf8"),
        (b'"unexpected_field":1', 422, "validation_error"),
    ],
    ids=["10000_deep", "33_deep", "invalid_utf8", "unknown_field"],
)
async def test_deep_json_invalid_utf8_and_unknown_fields_on_every_post(client, bad, status, code):
    payment_id, transfer_id = await _setup(client)
    for path, body in _endpoints(payment_id, transfer_id, client.kind):
        raw = json.dumps(body).encode()[:-1] + b"," + bad + b"}"
        response = await client.post(path, content=raw, headers={**OPERATOR, "Content-Type": "application/json"})
        assert (response.status_code, response.json()["code"]) == (status, code), (path, response.text)
        if code == "validation_error":
            assert response.json()["field"] == "unexpected_field", (path, response.text)


async def test_nul_in_a_path_is_404_and_in_a_query_422_naming_it(client):
    payment_id, _ = await _setup(client)
    for path in (
        "/static/%00../etc/passwd",
        "/api/v1/payments/pay%00x",
        f"/api/v1/payments/{payment_id}%00",
        "/api/v1/notifications/ntf%00x",
        "/api/v1/payments/pay%01x",
    ):
        assert (await client.get(path)).status_code == 404, path
    for path in ("/api/v1/payments/pay%00x/refund", "/api/v1/webhooks/str%00ipe", "/api/v1/payments%00"):
        assert (await client.post(path, json={})).status_code == 404, path
    for name in ("user_id", "status", "gateway", "cursor", "limit"):
        for bad in ("%00", "%1b", "a%00b"):
            response = await client.get(f"/api/v1/payments?{name}={bad}")
            assert response.status_code == 422 and response.json()["field"] == name, (name, response.text)
    with pytest.raises(WebSocketDisconnect) as refused:
        with await client.websocket_connect("/ws?user_id=u%00x"):
            pass
    assert refused.value.code == 1008
    with await client.websocket_connect("/ws?user_id=u1"):
        pass


async def test_a_hostile_keyed_request_stores_nothing_to_replay(client):
    """A refused body under an Idempotency-Key leaves the key free: the valid retry is a new 201."""
    payment_id, _ = await _setup(client)
    valid = {
        "/api/v1/payments": PAYMENT,
        f"/api/v1/payments/{payment_id}/refund": {"amount": "1.00"},
        "/api/v1/notifications": {"channel": "email", "recipient": "a@b.co", "message": "m"},
    }
    hostile = (b'{"user_id":"u\xff"}', b'{"metadata":' + b"[" * 2000 + b"]" * 2000 + b"}", b'{"reason":"r\\u0000"}')
    for n, (path, body) in enumerate(valid.items()):
        for m, bad in enumerate(hostile):
            key = {"Idempotency-Key": f"hostile-{n}-{m}-{client.kind}"}
            refused = await client.post(path, content=bad, headers={**key, "Content-Type": "application/json"})
            assert 400 <= refused.status_code < 500, (path, refused.text)
            retried = await client.post(path, json=body, headers=key)
            assert retried.status_code == 201, (path, retried.text)
            assert "idempotent-replayed" not in retried.headers, (path, retried.headers)


async def test_a_failed_statement_never_logs_its_parameters(client, log_file):
    """The database refuses a statement: 500 problem, and the log shows neither values nor a parameters list."""
    response = await client.get("/api/v1/failing-statement")
    assert response.status_code == 500 and SQL_SECRET not in response.text
    logged = log_file.read_text()
    assert "unhandled_error" in logged and "INSERT INTO payments" in logged
    assert SQL_SECRET not in logged and "[parameters:" not in logged
