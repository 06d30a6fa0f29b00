"""Events: the outbox relay, the analytics projection, and dead letters for operators."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.analytics.mongo import MongoAnalyticsStore
from adapters.sql.analytics import SqlAnalyticsStore
from application.events.dead_letters import ListDeadLetters, ReplayDeadLetters
from application.events.outbox_relay import OutboxRelay
from application.events.outbox_status import DescribeOutbox
from application.events.project_analytics import ProjectEvent
from containers.shards import shard_outboxes
from containers.subscriptions import replay_handlers, subscribe_analytics
from entrypoints.settings import Settings


class Events(containers.DeclarativeContainer):
    """What moves events from the outbox to the bus, and from the bus to analytics."""

    adapters = providers.Configuration()
    kafka = providers.Configuration()
    mongodb = providers.Configuration()
    relay = providers.Configuration()  # the `payments` section: relay batch and lease
    settings = providers.Dependency(instance_of=Settings)
    persistence = providers.DependenciesContainer()
    infrastructure = providers.DependenciesContainer()
    monitoring = providers.DependenciesContainer()
    notifications = providers.DependenciesContainer()

    analytics_store = providers.Selector(
        adapters.analytics,
        sql=providers.Singleton(SqlAnalyticsStore, engine=persistence.engine, write_lock=persistence.write_lock),
        mongodb=providers.Singleton(MongoAnalyticsStore, mongodb.url, mongodb.database),
    )
    project_event = providers.Singleton(ProjectEvent, analytics_store)
    analytics_projection = providers.Resource(
        subscribe_analytics, infrastructure.event_bus, project_event, kafka.analytics_group, analytics_store
    )
    outbox_relay = providers.Singleton(
        OutboxRelay,
        persistence.primary_uow.provider,  # the first shard's outbox; the others: shard_outbox_relay
        infrastructure.event_bus,
        relay.relay_batch_size,
        metrics=monitoring.metrics,
        holder=infrastructure.instance_id,
        lease_seconds=relay.relay_lease_seconds,
        wake=persistence.events_committed,
    )

    list_dead_letters = providers.Singleton(ListDeadLetters, persistence.dead_letters)
    replay_dead_letters = providers.Singleton(
        ReplayDeadLetters,
        persistence.dead_letters,
        providers.Callable(
            replay_handlers,
            settings,
            project_event.provider,
            notifications.send_receipt.provider,
            infrastructure.cache.provider,
        ),
        metrics=monitoring.metrics,
    )
    describe_outbox = providers.Singleton(DescribeOutbox, persistence.maintenance)
    # User-based sharding (issue 19): each shard after the first has its own relay (and lease);
    # `outbox status` shows every shard's outbox. Unsharded: empty.
    describe_shard_outboxes = providers.Callable(shard_outboxes, persistence.shards)
    shard_outbox_relay = providers.Factory(
        OutboxRelay,
        bus=infrastructure.event_bus,
        batch_size=relay.relay_batch_size,
        metrics=monitoring.metrics,
        holder=infrastructure.instance_id,
        lease_seconds=relay.relay_lease_seconds,
    )
