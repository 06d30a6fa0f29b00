"""Operations: health and readiness, system information, housekeeping, and the factory
members created once at start-up."""

from __future__ import annotations

import os
import time
from importlib.metadata import PackageNotFoundError, version

from dependency_injector import containers, providers

from application.system.factory_members import create_factory_members
from application.system.health import CheckHealth, CheckReadiness
from application.system.housekeeping import PurgeOldRecords
from application.system.system_info import DescribeSystem
from containers.shards import sharded_health
from entrypoints.settings import Settings

_IMPORTED = time.monotonic()


def process_started() -> float:
    """When this process started, on time.monotonic's clock: from /proc on Linux (start time in
    clock ticks since boot, against the seconds since boot), else when this module was imported."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            since_boot = float(uptime.read().split()[0])
        age = since_boot - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return min(time.monotonic() - max(age, 0.0), _IMPORTED)


def package_version() -> str:
    try:
        return version("factory-service")
    except PackageNotFoundError:
        return "0.0.0+local"


class System(containers.DeclarativeContainer):
    """What operators and load balancers ask of the instance."""

    housekeeping = providers.Configuration()
    events = providers.Configuration()
    adapters = providers.Configuration()
    profile = providers.Configuration()
    settings = providers.Dependency(instance_of=Settings)
    persistence = providers.DependenciesContainer()
    databases = providers.DependenciesContainer()
    infrastructure = providers.DependenciesContainer()
    monitoring = providers.DependenciesContainer()
    factories = providers.DependenciesContainer()
    payments = providers.DependenciesContainer()

    check_health = providers.Singleton(
        CheckHealth,
        providers.Callable(
            sharded_health,
            settings,
            databases,
            persistence.health,
            infrastructure.event_bus.provider,
            infrastructure.redis_health.provider,
            persistence.shards,
        ),
    )
    check_readiness = providers.Singleton(
        CheckReadiness, check_health, infrastructure.event_bus, events.readiness_cache_seconds
    )
    describe_system = providers.Singleton(
        DescribeSystem,
        version=providers.Callable(package_version),
        profile=profile,
        instance_id=infrastructure.instance_id,
        adapters=adapters,
        started=providers.Callable(process_started),
    )
    purge_old_records = providers.Singleton(
        PurgeOldRecords,
        persistence.maintenance,
        persistence.dead_letters,
        batch_size=housekeeping.batch_size,
        sent_outbox_retention_seconds=housekeeping.sent_outbox_retention_seconds,
        processed_webhook_retention_seconds=housekeeping.processed_webhook_retention_seconds,
        metrics=monitoring.metrics,
    )
    # User-based sharding (issue 19): housekeeping of each shard after the first (dead letters
    # live on the first shard only).
    shard_purge = providers.Factory(
        PurgeOldRecords,
        dead_letters=persistence.dead_letters,
        batch_size=housekeeping.batch_size,
        sent_outbox_retention_seconds=housekeeping.sent_outbox_retention_seconds,
        processed_webhook_retention_seconds=housekeeping.processed_webhook_retention_seconds,
        metrics=monitoring.metrics,
    )
    # Created at start-up, one `Factory created ...` log line per member.
    factory_members = providers.Resource(
        create_factory_members,
        payments.payment_systems,
        factories.gateway_factory,
        factories.channel_factory,
        factories.database_factory,
    )
