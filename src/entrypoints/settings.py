"""Settings: configs/config.yaml overlaid by configs/<profile>.yaml, with ${ENV:default} values."""

from __future__ import annotations

import importlib.resources
import os
import re
from pathlib import Path
from typing import Any

import msgspec
import yaml

from entrypoints.shard_settings import shard_problem


def _config_dir() -> Path:
    """APP_CONFIG_DIR when set; otherwise the `configs` package's files (the source tree's
    configs/ in a checkout, site-packages/configs/ in an installed wheel)."""
    override = os.environ.get("APP_CONFIG_DIR")
    return Path(override) if override else Path(str(importlib.resources.files("configs")))


CONFIG_DIR = _config_dir()
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


class SettingsError(Exception):
    """One line naming the key and the file, printed by the CLI before it exits."""


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


class RateLimit(msgspec.Struct, forbid_unknown_fields=True):
    """Fixed window per API key (or client address when no key is presented)."""

    enabled: bool = True
    requests: int = 600
    window_seconds: int = 60


class Security(msgspec.Struct, forbid_unknown_fields=True):
    """API keys (comma-separated, from the environment), rate limits and public paths."""

    require_api_key: bool = False
    api_keys: str = ""
    api_key_hashes: str = ""
    public_paths: list[str] = msgspec.field(
        default_factory=lambda: ["/health", "/metrics", "/schema", "/static", "/favicon.ico"]
    )
    json_exempt_paths: list[str] = []
    # Need a server key whenever any key is configured, even where keys are not required: they
    # mint client tokens and webhook secrets.
    key_required_paths: list[str] = msgspec.field(
        default_factory=lambda: ["/api/v1/client-tokens", "/api/v1/webhook-endpoints"]
    )
    rate_limit: RateLimit = msgspec.field(default_factory=RateLimit)
    # HMAC secrets of browser client tokens, comma-separated, the first signs (shared by instances).
    client_token_secrets: str = ""
    client_token_max_ttl_seconds: int = 3600

    def key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    def client_token_secret_list(self) -> list[str]:
        return [s.strip() for s in self.client_token_secrets.split(",") if s.strip()]

    def hash_list(self) -> list[str]:
        return [h.strip().lower() for h in self.api_key_hashes.split(",") if h.strip()]


class Provider(msgspec.Struct, forbid_unknown_fields=True):
    """One payment gateway or notification channel; `mode` picks sandbox/file or live."""

    enabled: bool = True
    mode: str = "sandbox"
    description: str = ""
    base_url: str = ""
    timeout_seconds: float = 10.0
    max_retries: int = 2
    credentials: dict[str, Any] = {}
    options: dict[str, Any] = {}


class Sandbox(msgspec.Struct, forbid_unknown_fields=True):
    """The sandbox gateways: a directory makes their memory of charges outlive the process."""

    ledger_dir: str = ""
    latency_seconds: float = 0.0


class Notifications(msgspec.Struct, forbid_unknown_fields=True):
    """Delivery settings shared by every channel; each channel's `max_retries` caps its retries."""

    outbox_dir: str = "var/outbox"
    retry_base_seconds: float = 0.2
    retry_max_seconds: float = 5.0
    recipient_hourly_cap: int = 0  # per recipient and channel, shared through the RateLimiter; 0: off
    dedupe_window_seconds: int = 3600  # a second send with the same dedupe_key in it is suppressed
    max_schedule_days: int = 30
    scheduler_interval_seconds: float = 1.0  # how often each instance looks for due sends
    scheduler_batch_size: int = 100


class Receipts(msgspec.Struct, forbid_unknown_fields=True):
    """Receipts to the payment's customer on payment_processed / payment_failed / refund_processed.

    `channels` maps a channel to the customer field that is its recipient (email or phone). A
    payment made through a payment system gets its family's channel; any other payment gets every
    channel listed here whose customer field it carries.
    """

    enabled: bool = False
    channels: dict[str, str] = msgspec.field(default_factory=lambda: {"email": "email", "sms": "phone"})
    group: str = "receipts"  # the EventBus consumer group (one receipt per event across instances)


class MerchantWebhooks(msgspec.Struct, forbid_unknown_fields=True):
    """Webhooks to the merchant: the bus group that stores deliveries, and the delivery worker."""

    enabled: bool = True
    group: str = "merchant-webhooks"  # shared by every instance: each event stored once
    poll_interval_seconds: float = 1.0
    batch_size: int = 50
    timeout_seconds: float = 10.0
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 21_600.0
    give_up_after_seconds: float = 259_200.0  # 3 days
    disable_after_seconds: float = 259_200.0  # an endpoint with no success for 3 days


class Family(msgspec.Struct, forbid_unknown_fields=True):
    """A payment-system family: gateways in failover order, the receipt channel, the database."""

    gateways: list[str]
    channel: str
    description: str = ""


class Routing(msgspec.Struct, forbid_unknown_fields=True):
    """Adaptive order inside a family: each gateway's last `window_size` authorization outcomes
    (in Redis with `adapters.auth_rates: redis`), trusted from `min_samples` on; `exploration` is
    the share of payments that try a random other gateway first."""

    adaptive: bool = True
    window_size: int = 200
    min_samples: int = 20
    exploration: float = 0.1


class PaymentSystems(msgspec.Struct, forbid_unknown_fields=True):
    default: str
    families: dict[str, Family]
    routing: Routing = msgspec.field(default_factory=Routing)


class Payments(msgspec.Struct, forbid_unknown_fields=True):
    """The payment write path's background work and operator access."""

    relay_interval_seconds: float = 1.0  # the fallback poll: commits wake the relay
    relay_batch_size: int = 500
    relay_lease_seconds: float = 10.0  # one instance relays at a time; a dead one's lease expires
    reconcile_interval_seconds: float = 30.0
    reconcile_after_seconds: float = 60.0
    reconcile_batch_size: int = 100
    idempotency_ttl_seconds: int = 86_400
    # A key whose holder's lock is older than this was held by a request that died: the next
    # retry takes it over and resumes. Longer than any gateway call can take (checked at load).
    idempotency_lock_seconds: float = 120.0
    operator_token: str = ""  # X-Operator-Token for the bank-transfer confirm; empty: disabled
    # A manual payment not captured within this is canceled by the reconciler (Stripe's holds last 7 days).
    authorization_ttl_hours: float = 168.0


class Settings(msgspec.Struct, forbid_unknown_fields=True):
    profile: str = "local"
    server: Server = msgspec.field(default_factory=Server)
    database: Database = msgspec.field(default_factory=Database)
    databases: dict[str, DatabaseType] = {}
    redis: Redis = msgspec.field(default_factory=Redis)
    kafka: Kafka = msgspec.field(default_factory=Kafka)
    mongodb: MongoDB = msgspec.field(default_factory=MongoDB)
    realtime: Realtime = msgspec.field(default_factory=Realtime)
    events: Events = msgspec.field(default_factory=Events)
    housekeeping: Housekeeping = msgspec.field(default_factory=Housekeeping)
    adapters: Adapters = msgspec.field(default_factory=Adapters)
    security: Security = msgspec.field(default_factory=Security)
    payment_gateways: dict[str, Provider] = {}
    sandbox: Sandbox = msgspec.field(default_factory=Sandbox)
    notification_channels: dict[str, Provider] = {}
    notifications: Notifications = msgspec.field(default_factory=Notifications)
    payment_systems: PaymentSystems | None = None
    payments: Payments = msgspec.field(default_factory=Payments)
    receipts: Receipts = msgspec.field(default_factory=Receipts)
    merchant_webhooks: MerchantWebhooks = msgspec.field(default_factory=MerchantWebhooks)


_PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def _typed(raw: str) -> Any:
    """YAML's reading of an environment value, except that a number must be written plainly:
    YAML would turn a phone number `+15005550006` or an id `0123` into an int and lose text."""
    value = yaml.safe_load(raw)
    if isinstance(value, int | float) and not isinstance(value, bool) and not _PLAIN_NUMBER.fullmatch(raw.strip()):
        return raw
    return value


def _interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, env) for v in value]
    if isinstance(value, str):
        whole = _ENV.fullmatch(value)
        if whole:  # a whole-value reference keeps YAML typing of its default ("8080" -> 8080)
            raw = env.get(whole.group(1), whole.group(2) or "")
            return _typed(raw) if raw.strip() else raw
        return _ENV.sub(lambda m: env.get(m.group(1), m.group(2) or ""), value)
    return value


def _merge(base: dict, overlay: dict, origin: dict[str, str], file: str, prefix: str = "") -> dict:
    for key, value in overlay.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, file, f"{path}.")
        else:
            base[key] = value
            origin[path] = file
    return base


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except FileNotFoundError:
        raise SettingsError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path}: not valid YAML: {exc}".replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: top level must be a mapping")
    return data


def raw_config(profile: str, config_dir: Path | None = None) -> dict:
    """config.yaml overlaid by the profile's file, before ${ENV} interpolation: which variable
    sets which key (the config check names them)."""
    config_dir = config_dir or CONFIG_DIR
    data = _merge({}, _read(config_dir / "config.yaml"), {}, "")
    return _merge(data, _read(config_dir / f"{profile}.yaml"), {}, "")


def load_settings(
    profile: str | None = None,
    *,
    config_dir: Path | None = None,
    env: dict[str, str] | None = None,
    overrides: dict | None = None,
) -> Settings:
    """Load and validate; a bad or missing value raises SettingsError naming key and file."""
    env = dict(os.environ if env is None else env)
    profile = profile or env.get("APP_PROFILE") or "local"
    config_dir = config_dir or CONFIG_DIR
    base_file, profile_file = config_dir / "config.yaml", config_dir / f"{profile}.yaml"
    origin: dict[str, str] = {}
    data = _merge({}, _read(base_file), origin, str(base_file))
    _merge(data, _read(profile_file), origin, str(profile_file))
    if overrides:
        _merge(data, overrides, origin, "overrides")
    data["profile"] = profile
    try:
        settings = msgspec.convert(_interpolate(data, env), type=Settings)
    except msgspec.ValidationError as exc:
        message = str(exc)
        match = re.search(r"at `\$\.?([^`]*)`", message)
        key = (match.group(1) if match else "").replace("[", ".").replace("]", "").strip(".")
        if "unknown field" in message:
            unknown = re.search(r"unknown field `([^`]+)`", message)
            key = f"{key}.{unknown.group(1)}".strip(".") if unknown else key
        file = next(
            (
                f
                for k, f in sorted(origin.items(), key=lambda kv: -len(kv[0]))
                if key == k or key.startswith(f"{k}.") or k.startswith(f"{key}.")
            ),
            profile_file,
        )
        raise SettingsError(f"{file}: {key or '(root)'}: {message.split(' - at ')[0]}") from None
    _check(settings, profile_file)
    return settings


def _check(settings: Settings, file: Path) -> None:
    receipts = settings.receipts.channels if settings.receipts.enabled else {}
    for channel, contact in receipts.items():
        if channel not in settings.notification_channels:
            raise SettingsError(f"{file}: receipts.channels: unknown channel '{channel}'")
        if contact not in ("email", "phone"):
            raise SettingsError(
                f"{file}: receipts.channels.{channel}: '{contact}' is not a customer field (email or phone)"
            )
    _check_lock(settings, file)
    shards = shard_problem(settings.database, settings.profile)
    if shards is not None:
        raise SettingsError(f"{file}: {shards}")
    systems = settings.payment_systems
    if systems is None:
        return
    if systems.default not in systems.families:
        raise SettingsError(f"{file}: payment_systems.default: no family named '{systems.default}'")
    for name, family in systems.families.items():
        for gateway in family.gateways:
            if gateway not in settings.payment_gateways:
                raise SettingsError(f"{file}: payment_systems.families.{name}.gateways: unknown gateway '{gateway}'")
        if family.channel not in settings.notification_channels:
            raise SettingsError(f"{file}: payment_systems.families.{name}.channel: unknown channel '{family.channel}'")


def _check_lock(settings: Settings, file: Path) -> None:
    """An Idempotency-Key's lock must outlast the slowest charge a live request can make (every
    try of every gateway of a failover family), or a retry would take over a request still alive."""
    worst = {
        name: gateway.timeout_seconds * (gateway.max_retries + 1)
        for name, gateway in settings.payment_gateways.items()
        if gateway.mode == "live"
    }
    families = settings.payment_systems.families.values() if settings.payment_systems else ()
    slowest = max([*worst.values(), *(sum(worst.get(g, 0) for g in f.gateways) for f in families)], default=0)
    if settings.payments.idempotency_lock_seconds <= slowest:
        raise SettingsError(
            f"{file}: payments.idempotency_lock_seconds: must exceed the slowest gateway call ({slowest:g} s)"
        )
