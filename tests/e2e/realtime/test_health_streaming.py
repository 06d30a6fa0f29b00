"""/health reports Kafka and Redis when the profile uses them: down makes the service degraded."""

import shutil
import socket
import uuid

from litestar.testing import AsyncTestClient

from containers import build_container
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.integration.kafka.conftest import BOOTSTRAP, FAST
from tests.integration.redis.conftest import REDIS_URL


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(tmp_path, template, kafka: str, redis: str):
    shutil.copyfile(template, tmp_path / "h.db")
    return load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/h.db"},
        overrides={
            "adapters": {"event_bus": "kafka", "cache": "redis", "rate_limiter": "redis"},
            "kafka": {
                "bootstrap_servers": kafka,
                "topic": "health-check",
                "analytics_group": f"analytics-{uuid.uuid4().hex[:8]}",
                "cache_group": f"cache-{uuid.uuid4().hex[:8]}",
                **FAST,
            },
            "redis": {"url": redis, "key_prefix": "test:health:"},
            "merchant_webhooks": {"group": f"merchant-webhooks-{uuid.uuid4().hex[:8]}"},
        },
    )


async def _health(settings) -> dict:
    async with AsyncTestClient(app=create_app(build_container(settings=settings))) as client:
        response = await client.get("/health")
        assert response.status_code == 200
        return response.json()


async def test_health_is_ok_with_kafka_and_redis_up(tmp_path, migrated_template):
    """Both servers answer: each is listed as up and the status is ok."""
    body = await _health(_settings(tmp_path, migrated_template, BOOTSTRAP, REDIS_URL))
    status = {d["name"]: d["status"] for d in body["dependencies"]}
    assert status["events:kafka"] == "up" and status["cache:redis"] == "up"
    assert body["status"] == "ok"


async def test_health_is_degraded_not_down_when_kafka_and_redis_are_unreachable(tmp_path, migrated_template):
    """Unreachable broker and Redis are optional: 200, degraded, both listed down."""
    port = _closed_port()
    body = await _health(_settings(tmp_path, migrated_template, f"127.0.0.1:{port}", f"redis://127.0.0.1:{port}/0"))
    status = {d["name"]: d["status"] for d in body["dependencies"]}
    assert status == {"database:sqlite": "up", "events:kafka": "down", "cache:redis": "down"}
    assert body["status"] == "degraded"
