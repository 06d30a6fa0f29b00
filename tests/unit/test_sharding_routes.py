"""Sharding's routing rules: a user's bucket is stable, ids carry it, the bucket map covers every
bucket once and sends a user and all of that user's ids to one shard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ids import new_id
from domain.sharding import BUCKETS, BucketMap, bucket_of_id, bucket_of_user, with_bucket

users = st.text(min_size=1, max_size=64)
buckets = st.integers(min_value=0, max_value=BUCKETS - 1)


def test_a_users_bucket_is_fixed_across_processes_and_versions():
    """Pinned values: a changed hash would silently move every user to another shard."""
    assert [bucket_of_user(u) for u in ("user_123", "u-1", "ada@example.com")] == [963, 617, 999]


@given(prefix=st.sampled_from(["pay", "re", "ntf"]), bucket=buckets)
def test_an_id_carries_its_bucket_and_keeps_its_prefix(prefix: str, bucket: int):
    entity_id = with_bucket(new_id(prefix), bucket)
    assert entity_id.startswith(f"{prefix}_") and len(entity_id) == len(prefix) + 1 + 28
    assert bucket_of_id(entity_id) == bucket


def test_ids_without_a_bucket_or_of_another_layout_carry_none():
    assert bucket_of_id(new_id("pay")) is None
    assert bucket_of_id("pay_123") is None and bucket_of_id("nonsense") is None
    assert bucket_of_id(new_id("pay") + "I!") is None  # not Crockford digits


@given(users, st.integers(min_value=1, max_value=5))
def test_a_user_and_every_id_made_for_that_user_route_to_one_shard(user_id: str, count: int):
    shards = [f"s{n}" for n in range(count)]
    bucket_map = BucketMap.build(shards)
    shard = bucket_map.shard_of_user(user_id)
    assert shard in shards
    for prefix in ("pay", "re", "ntf"):
        assert bucket_map.shard_of_id(with_bucket(new_id(prefix), bucket_of_user(user_id))) == shard


def test_the_default_map_splits_buckets_evenly_in_shard_order():
    owners = BucketMap.build(["a", "b"]).owners
    assert owners[:512] == ("a",) * 512 and owners[512:] == ("b",) * 512
    assert BucketMap.build(["only"]).owners == ("only",) * BUCKETS


def test_many_users_use_every_shard():
    bucket_map = BucketMap.build(["a", "b"])
    assert {bucket_map.shard_of_user(f"user-{n}") for n in range(50)} == {"a", "b"}


def test_an_explicit_map_moves_one_bucket_and_nothing_else():
    """Bucket 7 moved from a to b: only its users and ids change shard."""
    before = BucketMap.build(["a", "b"], {"0-511": "a", "512-1023": "b"})
    after = BucketMap.build(["a", "b"], {"0-6": "a", "7": "b", "8-511": "a", "512-1023": "b"})
    changed = [b for b in range(BUCKETS) if before.shard_of_bucket(b) != after.shard_of_bucket(b)]
    assert changed == [7]
    assert after.shard_of_id(with_bucket(new_id("pay"), 7)) == "b"


def test_ids_from_before_sharding_live_on_the_first_shard():
    assert BucketMap.build(["a", "b"], {"0-1023": "b"}).shard_of_id(new_id("pay")) == "a"


@pytest.mark.parametrize(
    ("shards", "assignments", "message"),
    [
        ([], None, "non-empty"),
        (["a", "a"], None, "distinct"),
        (["a"], {"0-1023": "z"}, "unknown shard 'z'"),
        (["a"], {"0-1023": "a", "5": "a"}, "bucket 5 is assigned twice"),
        (["a"], {"0-1022": "a"}, "1 buckets have no shard, the first is 1023"),
        (["a"], {"0-1024": "a"}, "outside"),
        (["a"], {"9-3": "a"}, "reversed"),
        (["a"], {"x": "a"}, "not N or N-M"),
    ],
)
def test_a_bad_map_is_refused_with_the_problem_named(shards, assignments, message):
    with pytest.raises(ValueError, match=message):
        BucketMap.build(shards, assignments)
