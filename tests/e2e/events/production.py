"""A fresh production-profile instance for the no-gap and dead-letter tests: MariaDB and
MongoDB databases of its own, a unique topic and groups on the test broker, an SMTP server
that keeps what it receives, and a Redis given by the test; served by uvicorn (WebSockets)."""

from __future__ import annotations

import asyncio
import email
import itertools
import re
import socket
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import uvicorn

from containers import Container, build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import load_settings
from tests.e2e.databases.stores import mongo_database, server_database
from tests.integration.kafka.conftest import BOOTSTRAP
from tests.integration.smtp.conftest import EphemeralController, Mailbox

KEY = "events-key"
HEADERS = {"X-API-Key": KEY}
FAST_KAFKA = {"request_timeout_ms": 3000, "session_timeout_ms": 3000, "heartbeat_interval_ms": 500}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(port: int = 0) -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server keeping what it receives, on `port` (0: a free one)."""
    mailbox = Mailbox()
    controller = EphemeralController(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


def receipts_by_payment(mailbox: Mailbox) -> Counter[str]:
    """How many receipt mails name each payment id."""
    found: Counter[str] = Counter()
    for envelope in mailbox.envelopes:
        body = email.message_from_bytes(envelope.original_content).get_payload(decode=True) or b""
        found.update(re.findall(r"Payment: (\S+)", body.decode(errors="replace")))
    return found


class RedisServer:
    """A redis-server of one test on its own port, stopped and started again at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            stdout=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(10):
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                        return
                except OSError:
                    await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            async with asyncio.timeout(10):
                await self._process.wait()
            self._process = None


@asynccontextmanager
async def redis_server() -> AsyncIterator[RedisServer]:
    server = RedisServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def production_instance(redis_url: str, smtp_port: int, **overrides) -> AsyncIterator[tuple[Container, str]]:
    """Yields the container and host:port as soon as the server listens, before it is ready."""
    run = uuid.uuid4().hex[:8]
    async with server_database("mysql") as url, mongo_database() as (mongo_url, mongo_db):
        env = {
            "DATABASE_URL": url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DATABASE": mongo_db,
            "REDIS_URL": redis_url,
            "KAFKA_BOOTSTRAP_SERVERS": BOOTSTRAP,
            "KAFKA_TOPIC": f"events-{run}",
            "API_KEYS": KEY,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "false",
        }
        settings = load_settings(
            "production",
            env=env,
            overrides={
                "server": {"log_file": None},
                "redis": {"key_prefix": f"events-{run}:"},
                "kafka": {
                    "analytics_group": f"analytics-{run}",
                    "cache_group": f"cache-{run}",
                    "enable_idempotence": False,  # the Tansu test broker lacks it
                    **FAST_KAFKA,
                },
                "receipts": {"group": f"receipts-{run}"},
                "payment_gateways": {"stripe": {"mode": "sandbox"}},
                "security": {"rate_limit": {"enabled": False}},
                **overrides,
            },
        )
        await asyncio.to_thread(migrate_database, settings)
        container = build_container(settings=settings)
        async with serve(container) as host:
            yield container, host


@asynccontextmanager
async def serve(container: Container) -> AsyncIterator[str]:
    """The app under uvicorn; yields host:port as soon as it listens, before it is ready."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(container), host="127.0.0.1", port=port, lifespan="on", ws="websockets-sansio", log_config=None
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(30):
            while not server.started:
                if serving.done():
                    serving.result()
                await asyncio.sleep(0.01)
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def wait_ready(api: httpx.AsyncClient, seconds: float = 30.0) -> None:
    """Poll /health/ready until it answers 200."""
    async with asyncio.timeout(seconds):
        for _ in itertools.count():
            if (await api.get("/health/ready")).status_code == 200:
                return
            await asyncio.sleep(0.02)
