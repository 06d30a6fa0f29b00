"""Settings: configs/config.yaml overlaid by configs/<profile>.yaml, with ${ENV:default} values."""

from __future__ import annotations

import importlib.resources
import os
import re
from pathlib import Path
from typing import Any

import msgspec
import yaml

from entrypoints.settings_business import (
    Family,
    MerchantWebhooks,
    Notifications,
    Payments,
    PaymentSystems,
    Provider,
    RateLimit,
    Receipts,
    Routing,
    Sandbox,
    Security,
)
from entrypoints.settings_platform import (
    Adapters,
    Database,
    DatabaseType,
    Events,
    Housekeeping,
    Kafka,
    MongoDB,
    Realtime,
    Redis,
    Server,
    Shard,
)
from entrypoints.shard_settings import shard_problem


def _config_dir() -> Path:
    """APP_CONFIG_DIR when set; otherwise the `configs` package's files (the source tree's
    configs/ in a checkout, site-packages/configs/ in an installed wheel)."""
    override = os.environ.get("APP_CONFIG_DIR")
    return Path(override) if override else Path(str(importlib.resources.files("configs")))


CONFIG_DIR = _config_dir()
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


__all__ = [
    "Adapters",
    "CONFIG_DIR",
    "Database",
    "DatabaseType",
    "Events",
    "Family",
    "Housekeeping",
    "Kafka",
    "MerchantWebhooks",
    "MongoDB",
    "Notifications",
    "PaymentSystems",
    "Payments",
    "Provider",
    "RateLimit",
    "Realtime",
    "Receipts",
    "Redis",
    "Routing",
    "Sandbox",
    "Security",
    "Server",
    "Settings",
    "SettingsError",
    "Shard",
    "load_settings",
    "raw_config",
]


class SettingsError(Exception):
    """One line naming the key and the file, printed by the CLI before it exits."""


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
