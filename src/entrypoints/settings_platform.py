"""Settings sections of the platform: server, databases and shards, Redis, Kafka, events,
housekeeping, realtime, MongoDB and the adapter choices."""

from __future__ import annotations

import msgspec


class Server(msgspec.Struct, forbid_unknown_fields=True):
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    cors_origins: list[str] = []
    log_file: str | None = "logs/app.log"
    log_level: str = "info"
    max_body_bytes: int = 1_048_576
    shutdown_timeout_seconds: float = 20.0


class Shard(msgspec.Struct, forbid_unknown_fields=True):
    """One database of a sharded transactional store (docs/sharding.md)."""

    name: str
    url: str


class Database(msgspec.Struct, forbid_unknown_fields=True):
    """The transactional store: `kind` names one of the database factory's entries. `shards`
    (two or more, one engine) shard it by user; `url` is then the first shard's."""

    kind: str = "sqlite"
    url: str = "sqlite+aiosqlite:///var/factory.db"
    pool_size: int = 10
    max_overflow: int = 10
    pool_timeout: float = 10.0
    pool_recycle: int = 1800
    echo: bool = False
    shards: list[Shard] = []
    buckets: dict[str, str] = {}  # bucket range ("0-511") -> shard name; empty = equal ranges


class DatabaseType(msgspec.Struct, forbid_unknown_fields=True):
    """A database factory member. Its SQL engine is separate from the transactional store's and
    serves catalog queries only, so its pool is small; `query_timeout` bounds one query."""

    enabled: bool = False
    url: str = ""
    description: str = ""
    pool_size: int = 5
    max_overflow: int = 5
    pool_timeout: float = 10.0
    pool_recycle: int = 1800
    connect_timeout: float = 5.0
    query_timeout: float = 10.0


class Redis(msgspec.Struct, forbid_unknown_fields=True):
    enabled: bool = False
    url: str = "redis://127.0.0.1:6379/0"
    cache_ttl_seconds: int = 60
    key_prefix: str = "factory:"
    socket_timeout_seconds: float = 1.0
    cluster: bool = False  # Redis Cluster (also implied by a redis+cluster:// url)


class Kafka(msgspec.Struct, forbid_unknown_fields=True):
    enabled: bool = False
    bootstrap_servers: str = "127.0.0.1:9092"
    topic: str = "factory-events"
    client_id: str = "factory-service"
    partitions: int = 3  # used when the topic is created at start
    request_timeout_ms: int = 30_000  # bounds one publish while the broker is unreachable
    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 3_000
    enable_idempotence: bool = True  # Apache Kafka serves it; the Tansu test broker does not
    analytics_group: str = "analytics"  # one group shared by every instance: each event once
    cache_group: str = "cache-invalidation"  # shared too, when the cache is (Redis)


class Events(msgspec.Struct, forbid_unknown_fields=True):
    """Consumers on either bus: how long a failing handler is retried before its event goes to
    dead letters, and how far before its start an instance positions a new consumer group."""

    retry_base_seconds: float = 0.5
    retry_max_seconds: float = 10.0
    retry_for_seconds: float = 60.0  # rides out a short Redis or SMTP outage, then dead-letters
    start_margin_seconds: float = 5.0  # clock skew between instances; replays are de-duplicated
    readiness_cache_seconds: float = 1.0


class Housekeeping(msgspec.Struct, forbid_unknown_fields=True):
    """Purging what is no longer needed, a small batch per transaction."""

    interval_seconds: float = 300.0
    batch_size: int = 500
    sent_outbox_retention_seconds: float = 7 * 86_400
    processed_webhook_retention_seconds: float = 30 * 86_400


class Realtime(msgspec.Struct, forbid_unknown_fields=True):
    """WebSocket fan-out: keep-alive pings and the per-connection buffer."""

    ping_interval_seconds: float = 20.0
    queue_size: int = 256  # events buffered for one connection before it is dropped as too slow


class MongoDB(msgspec.Struct, forbid_unknown_fields=True):
    enabled: bool = False
    url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    database: str = "factory_analytics"


class Adapters(msgspec.Struct, forbid_unknown_fields=True):
    """Which adapter serves each port in this profile."""

    event_bus: str = "memory"
    cache: str = "memory"
    rate_limiter: str = "memory"
    analytics: str = "sql"
    metrics: str = "prometheus"
    auth_rates: str = "memory"  # gateway authorization windows for routing: memory or redis
