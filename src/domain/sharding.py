"""User-based sharding's routing rules: user -> bucket -> shard, and ids that carry their bucket.

A stable hash of `user_id` picks one of BUCKETS logical buckets; a bucket map assigns buckets to
shards, so a bucket can move to another shard without rehashing anyone (docs/sharding.md). A
sharded id is an ordinary id with two more Crockford base32 characters (32 * 32 = BUCKETS) at
its end, so it keeps its time order and routes without a global lookup; an id without them (26
characters after the prefix, as every id of an unsharded deployment) belongs to the first shard.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.ids import new_id

BUCKETS = 1024
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DIGITS = {char: value for value, char in enumerate(_ALPHABET)}
_BODY = 26  # characters of an id after `prefix_` (domain.ids.new_id)
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def bucket_of_user(user_id: str) -> int:
    """BLAKE2b of the UTF-8 bytes: the same bucket in every process, version and platform
    (Python's own hash() is salted per process)."""
    digest = hashlib.blake2b(user_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def with_bucket(entity_id: str, bucket: int) -> str:
    """`pay_<26 chars>` -> `pay_<26 chars><2 chars naming the bucket>`."""
    if not 0 <= bucket < BUCKETS:
        raise ValueError(f"bucket {bucket} is outside 0..{BUCKETS - 1}")
    high, low = divmod(bucket, 32)
    return f"{entity_id}{_ALPHABET[high]}{_ALPHABET[low]}"


def bucket_of_id(entity_id: str) -> int | None:
    """The bucket an id carries, or None for an id without one (or not of this layout)."""
    _, sep, body = entity_id.rpartition("_")
    if not sep or len(body) != _BODY + 2:
        return None
    high, low = _DIGITS.get(body[-2]), _DIGITS.get(body[-1])
    if high is None or low is None:
        return None
    return high * 32 + low


def in_bucket_of(entity_id: str, owner_id: str) -> str:
    """`entity_id` with `owner_id`'s bucket (a refund takes its payment's), unchanged when the
    owner carries none (an unsharded deployment, or an id from before sharding)."""
    bucket = bucket_of_id(owner_id)
    return entity_id if bucket is None else with_bucket(entity_id, bucket)


@dataclass(frozen=True, slots=True)
class UserIds:
    """Mints the ids of a user's records: with the user's bucket when the store is sharded, so
    the id alone routes to the user's shard; plain ids otherwise (and for records of no user)."""

    sharded: bool = False

    def new(self, prefix: str, user_id: str | None) -> str:
        entity_id = new_id(prefix)
        if not self.sharded or user_id is None:
            return entity_id
        return with_bucket(entity_id, bucket_of_user(user_id))


@dataclass(frozen=True, slots=True)
class BucketMap:
    """Which shard holds each bucket: `owners[bucket]` is a shard name."""

    shards: tuple[str, ...]
    owners: tuple[str, ...]

    @classmethod
    def build(cls, shards: Sequence[str], assignments: Mapping[str, str] | None = None) -> BucketMap:
        """`assignments` maps bucket ranges ("0-511", "512") to shard names and must cover every
        bucket exactly once; without it the buckets are split into equal contiguous ranges in
        the shards' order. Raises ValueError naming the first problem."""
        if not shards or len(set(shards)) != len(shards):
            raise ValueError("shards must be a non-empty list of distinct names")
        if not assignments:
            return cls(tuple(shards), tuple(shards[b * len(shards) // BUCKETS] for b in range(BUCKETS)))
        owners: list[str | None] = [None] * BUCKETS
        for span, shard in assignments.items():
            if shard not in shards:
                raise ValueError(f"buckets {span}: unknown shard {shard!r} (known: {', '.join(shards)})")
            for bucket in _span(span):
                if owners[bucket] is not None:
                    raise ValueError(f"bucket {bucket} is assigned twice ({owners[bucket]} and {shard})")
                owners[bucket] = shard
        missing = [b for b, owner in enumerate(owners) if owner is None]
        if missing:
            raise ValueError(f"{len(missing)} buckets have no shard, the first is {missing[0]}")
        return cls(tuple(shards), tuple(owner for owner in owners if owner is not None))

    def shard_of_bucket(self, bucket: int) -> str:
        return self.owners[bucket]

    def shard_of_user(self, user_id: str) -> str:
        return self.owners[bucket_of_user(user_id)]

    def shard_of_id(self, entity_id: str) -> str:
        """An id without a bucket predates sharding, so it lives on the first shard."""
        bucket = bucket_of_id(entity_id)
        return self.shards[0] if bucket is None else self.owners[bucket]


def _span(text: str) -> range:
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"bucket range {text!r} is not N or N-M")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    if not 0 <= first <= last < BUCKETS:
        raise ValueError(f"bucket range {text!r} is outside 0-{BUCKETS - 1} or reversed")
    return range(first, last + 1)
