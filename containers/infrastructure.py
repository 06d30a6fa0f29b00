"""Streaming, cache and rate limiting: `adapters.<port>` in the profile picks the adapter."""

from __future__ import annotations

import os
import socket
import uuid

from dependency_injector import containers, providers

from adapters.events.delivery import HandlerDelivery
from adapters.events.kafka import KafkaEventBus
from adapters.events.memory import InMemoryEventBus
from adapters.memory.cache import InMemoryCache
from adapters.memory.ratelimit import InMemoryRateLimiter
from adapters.redis.cache import RedisCache
from adapters.redis.client import RedisHealth, create_redis_client, redis_lifecycle
from adapters.redis.ratelimit import RedisRateLimiter


def new_instance_id() -> str:
    return os.environ.get("INSTANCE_ID") or f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


class Infrastructure(containers.DeclarativeContainer):
    """This instance's id, Redis, the event bus, the cache and the rate limiter."""

    adapters = providers.Configuration()
    redis = providers.Configuration()
    events = providers.Configuration()
    kafka = providers.Configuration()
    persistence = providers.DependenciesContainer()
    monitoring = providers.DependenciesContainer()

    instance_id = providers.Singleton(new_instance_id)
    redis_client = providers.Singleton(create_redis_client, redis.url, redis.socket_timeout_seconds, redis.cluster)
    redis_connection = providers.Resource(redis_lifecycle, redis_client)
    redis_health = providers.Singleton(RedisHealth, redis_client)
    # Either bus hands events to handlers the same way: retried, then dead-lettered in SQL.
    handler_delivery = providers.Singleton(
        HandlerDelivery,
        persistence.dead_letters,
        retry_base_seconds=events.retry_base_seconds,
        retry_max_seconds=events.retry_max_seconds,
        retry_for_seconds=events.retry_for_seconds,
        metrics=monitoring.metrics,
    )
    event_bus = providers.Selector(
        adapters.event_bus,
        memory=providers.Singleton(InMemoryEventBus, handler_delivery),
        kafka=providers.Singleton(
            KafkaEventBus,
            kafka.bootstrap_servers,
            kafka.topic,
            client_id=kafka.client_id,
            partitions=kafka.partitions,
            request_timeout_ms=kafka.request_timeout_ms,
            session_timeout_ms=kafka.session_timeout_ms,
            heartbeat_interval_ms=kafka.heartbeat_interval_ms,
            enable_idempotence=kafka.enable_idempotence,
            start_margin_seconds=events.start_margin_seconds,
            delivery=handler_delivery,
        ),
    )
    cache = providers.Selector(
        adapters.cache,
        memory=providers.Singleton(InMemoryCache),
        redis=providers.Singleton(RedisCache, redis_client, redis.key_prefix),
    )
    rate_limiter = providers.Selector(
        adapters.rate_limiter,
        memory=providers.Singleton(InMemoryRateLimiter),
        redis=providers.Singleton(RedisRateLimiter, redis_client, redis.key_prefix),
    )
