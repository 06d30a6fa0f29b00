"""GET /ws over the app (test profile: in-process bus): per-user push, narrowing, pings, errors."""

import queue

import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient

from containers import build_container
from domain.events import EventType
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.fakes.streaming import make_event

WAIT = 5.0  # seconds a message may take; generous, this is not a latency test


def publish(client: AsyncTestClient, container, *events) -> None:
    """Publish on the app's own event loop, as the outbox relay would."""
    client.blocking_portal.call(container.infrastructure.event_bus().publish, list(events))


async def test_user_receives_own_events_as_envelope_json_and_others_nothing(client, container):
    """A's client gets A's event as the envelope; B's client gets nothing."""
    ws_a = await client.websocket_connect("/ws?user_id=user_a&client_id=c1")
    ws_b = await client.websocket_connect("/ws?user_id=user_b&client_id=c2")
    with ws_a, ws_b:
        hello = ws_a.receive_json(timeout=WAIT)
        assert hello["type"] == "connected" and hello["user_id"] == "user_a"
        assert hello["client_id"] == "c1"
        assert ws_b.receive_json(timeout=WAIT)["type"] == "connected"
        event = make_event(user_id="user_a", aggregate_id="pay_9", amount="100.50")
        publish(client, container, event)
        message = ws_a.receive_json(timeout=WAIT)
        assert message == {
            "event_id": event.event_id,
            "type": "payment_created",
            "occurred_at": message["occurred_at"],
            "user_id": "user_a",
            "aggregate_id": "pay_9",
            "data": {"amount": "100.50"},
        }
        assert message["occurred_at"].startswith(event.occurred_at.isoformat()[:19])
        with pytest.raises(queue.Empty):
            ws_b.receive_json(timeout=0.5)


async def test_subscribe_narrows_to_the_requested_types(client, container):
    """After subscribing to payment_processed, payment_created is not pushed."""
    ws = await client.websocket_connect("/ws?user_id=user_a&client_id=c1")
    with ws:
        ws.receive_json(timeout=WAIT)
        ws.send_json({"action": "subscribe", "types": ["payment_processed"]})
        assert ws.receive_json(timeout=WAIT) == {"type": "subscribed", "types": ["payment_processed"]}
        created = make_event(user_id="user_a", type=EventType.PAYMENT_CREATED)
        processed = make_event(user_id="user_a", type=EventType.PAYMENT_PROCESSED)
        publish(client, container, created, processed)
        assert ws.receive_json(timeout=WAIT)["event_id"] == processed.event_id
        ws.send_json({"action": "unsubscribe", "types": ["payment_processed"]})
        assert ws.receive_json(timeout=WAIT) == {"type": "subscribed", "types": []}
        publish(client, container, make_event(user_id="user_a", type=EventType.PAYMENT_PROCESSED))
        ws.send_json({"action": "ping"})
        assert ws.receive_json(timeout=WAIT) == {"type": "pong"}  # and no event before it


async def test_bad_client_messages_get_an_error_and_keep_the_connection(client):
    """Unknown event types and malformed messages are answered with an error message."""
    ws = await client.websocket_connect("/ws?user_id=user_a")
    with ws:
        assert ws.receive_json(timeout=WAIT)["client_id"].startswith("client_")
        ws.send_json({"action": "subscribe", "types": ["payment_teleported"]})
        error = ws.receive_json(timeout=WAIT)
        assert error["code"] == "unknown_event_type" and error["field"] == "types"
        ws.send_text("{not json")
        assert ws.receive_json(timeout=WAIT)["code"] == "invalid_message"
        ws.send_json({"action": "dance"})
        assert ws.receive_json(timeout=WAIT)["code"] == "unknown_action"
        ws.send_json({"action": "ping"})
        assert ws.receive_json(timeout=WAIT) == {"type": "pong"}


async def test_missing_user_id_closes_with_4400_and_a_reason(client):
    """Without user_id the server closes the socket with code 4400 naming the parameter."""
    ws = await client.websocket_connect("/ws?client_id=c1")
    with ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json(timeout=WAIT)
    assert closed.value.code == 4400
    assert "user_id" in closed.value.detail


async def test_server_pings_an_idle_connection(tmp_path):
    """With nothing to push, the server sends {"type": "ping"} every ping interval."""
    settings = load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.db"},
        overrides={"realtime": {"ping_interval_seconds": 0.2}},
    )
    async with AsyncTestClient(app=create_app(build_container(settings=settings))) as client:
        ws = await client.websocket_connect("/ws?user_id=user_a")
        with ws:
            assert ws.receive_json(timeout=WAIT)["ping_interval_seconds"] == 0.2
            assert ws.receive_json(timeout=WAIT) == {"type": "ping"}
            assert ws.receive_json(timeout=WAIT) == {"type": "ping"}
