"""Realtime: the WebSocket fan-out hub, its settings, and the client tokens a browser holds."""

from __future__ import annotations

from operator import attrgetter

from dependency_injector import containers, providers

from adapters.realtime.memory import InMemoryRealtimeHub
from application.system.client_tokens import ClientTokenSigner, IssueClientToken
from containers.wiring import client_token_secrets
from entrypoints.settings import Settings


class Realtime(containers.DeclarativeContainer):
    """The hub delivers to this instance's sockets; every instance consumes every event."""

    config = providers.Configuration()  # the `realtime` section
    security = providers.Configuration()
    settings = providers.Dependency(instance_of=Settings)
    monitoring = providers.DependenciesContainer()

    realtime_hub = providers.Singleton(InMemoryRealtimeHub, config.queue_size, metrics=monitoring.metrics)
    realtime_settings = providers.Callable(attrgetter("realtime"), settings)
    client_token_signer = providers.Singleton(ClientTokenSigner, providers.Callable(client_token_secrets, settings))
    issue_client_token = providers.Singleton(
        IssueClientToken, client_token_signer, security.client_token_max_ttl_seconds
    )
