"""Which Redis client the settings give: one node, or the cluster client with its startup nodes."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from adapters.redis.client import CLUSTER_RETRIES, create_redis_client


def _nodes(client: RedisCluster) -> set[tuple[str, int]]:
    return {(node.host, node.port) for node in client.nodes_manager.startup_nodes.values()}


def test_a_plain_url_gives_the_single_node_client():
    client = create_redis_client("redis://127.0.0.1:6379/3")
    assert type(client) is Redis and client.connection_pool.connection_kwargs["db"] == 3


@pytest.mark.parametrize(
    ("url", "cluster"),
    [("redis+cluster://10.0.0.1:7100", False), ("redis://10.0.0.1:7100/0", True)],
    ids=["scheme", "setting"],
)
def test_the_cluster_scheme_or_setting_gives_the_cluster_client(url: str, cluster: bool):
    """Either way the client is redis-py's cluster client, bounded in retries, on database 0."""
    client = create_redis_client(url, socket_timeout_seconds=0.5, cluster=cluster)
    assert isinstance(client, RedisCluster)
    assert _nodes(client) == {("10.0.0.1", 7100)}
    assert client.retry.get_retries() == CLUSTER_RETRIES
    assert client.connection_kwargs["socket_timeout"] == 0.5


def test_every_listed_startup_node_is_kept_with_the_credentials():
    client = create_redis_client("redis+cluster://:s3cret@10.0.0.1:7100,10.0.0.2:7101,10.0.0.3")
    assert isinstance(client, RedisCluster)
    assert _nodes(client) == {("10.0.0.1", 7100), ("10.0.0.2", 7101), ("10.0.0.3", 6379)}
    assert client.connection_kwargs["password"] == "s3cret"


def test_the_gateway_windows_read_in_one_pipeline_share_one_cluster_slot():
    """The auth-rate store's keys carry the {authrate} hash tag, so a cluster serves the
    pipelined record-and-read from one node."""
    from redis.crc import key_slot

    from adapters.redis.auth_rates import RedisAuthRateStore

    store = RedisAuthRateStore(create_redis_client("redis+cluster://10.0.0.1:7100"), "factory:")
    slots = {key_slot((store._prefix + gateway).encode()) for gateway in ("stripe", "paypal", "razorpay", "bank")}
    assert len(slots) == 1


async def test_a_failed_cluster_is_skipped_for_the_cooldown_then_asked_again(monkeypatch):
    """After ClusterDownError the next command fails at once without reaching redis-py's
    cluster logic (its 0.25 s sleep and rediscovery); after the cooldown it is asked again."""
    from redis.exceptions import ClusterDownError
    from redis.exceptions import ConnectionError as RedisConnectionError

    calls: list[tuple] = []

    async def down(self, *args, **kwargs):
        calls.append(args)
        raise ClusterDownError("CLUSTERDOWN The cluster is down")

    monkeypatch.setattr(RedisCluster, "execute_command", down)
    client = create_redis_client("redis+cluster://10.0.0.1:7100")
    with pytest.raises(ClusterDownError):
        await client.get("k")
    with pytest.raises(RedisConnectionError, match="skipped"):
        await client.get("k")
    assert len(calls) == 1
    client._down_until = 0.0  # the cooldown has passed
    with pytest.raises(ClusterDownError):
        await client.ping()
    assert len(calls) == 2
