"""SIGTERM drains: no new connections, 1001 to WebSockets, in-flight requests finish, the outbox
relay flushes (no event left unpublished), exit 0."""

from __future__ import annotations

import json
import socket
import sqlite3
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

pytestmark = pytest.mark.integration

BODY = json.dumps({"user_id": "user123", "amount": "100.50", "currency": "USD", "payment_method": "stripe"}).encode()


def _start_request(port: int) -> socket.socket:
    """Headers and half the body: the request is in flight until the rest arrives."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(
        b"POST /api/v1/payments HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
        + BODY[:10]
    )
    return conn


def _read_response(conn: socket.socket) -> tuple[int, bytes]:
    data = b""
    while chunk := conn.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _refuses_connections(port: int, attempts: int = 50) -> bool:
    for _ in range(attempts):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.1)
    return False


def test_sigterm_finishes_the_request_in_flight_and_says_going_away_to_websockets(serve):
    served = serve(shutdown_timeout=10)
    with connect(f"ws://127.0.0.1:{served.port}/ws-echo", open_timeout=10) as ws:
        assert ws.recv(timeout=10) == "hello"
        conn = _start_request(served.port)
        time.sleep(0.5)  # let the server read the headers and start the handler
        served.terminate()
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
    assert _refuses_connections(served.port)
    conn.sendall(BODY[10:])
    status, body = _read_response(conn)
    assert status == 201
    payment = json.loads(body)
    assert payment["status"] == "succeeded" and payment["amount"] == "100.50"
    assert served.process.wait(timeout=30) == 0
    output = served.output()
    assert "Application shutdown complete" in output
    assert '"websockets_closed": 1' in output
    with sqlite3.connect(serve.database) as db:  # the relay's flush on stop published them all
        rows = db.execute("SELECT aggregate_id, sent_at FROM outbox").fetchall()
    assert {aggregate for aggregate, _ in rows} == {payment["id"]} and len(rows) == 2
    assert all(sent_at is not None for _, sent_at in rows)


def test_a_request_still_in_flight_at_the_deadline_is_cancelled_and_the_process_exits_0(serve):
    served = serve(shutdown_timeout=1)
    conn = _start_request(served.port)
    time.sleep(0.5)
    served.terminate()
    assert served.process.wait(timeout=30) == 0
    assert "timeout graceful shutdown exceeded" in served.output()
    conn.close()
