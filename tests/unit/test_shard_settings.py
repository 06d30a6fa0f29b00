"""`database.shards`/`buckets` are checked at start-up with the problem named; ids of a sharded
store carry the user's bucket (a refund its payment's); merged pages and combined totals."""

from __future__ import annotations

import pytest

from adapters.sql.sharded_repositories import merge_newest_first
from application.queries.shards import combine
from domain.ids import new_id
from domain.money import Money
from domain.payment import Payment, PaymentStatus
from domain.sharding import BucketMap, UserIds, bucket_of_id, bucket_of_user, in_bucket_of, with_bucket
from entrypoints.settings import Database, SettingsError, Shard, load_settings
from entrypoints.shard_settings import shard_problem

A = "sqlite+aiosqlite:///var/shard-a.db"
B = "sqlite+aiosqlite:///var/shard-b.db"


def _shards(*urls: str) -> list[dict]:
    return [{"name": f"s{n}", "url": url} for n, url in enumerate(urls)]


def test_the_transactional_url_becomes_the_first_shards():
    settings = load_settings("test", overrides={"database": {"kind": "sqlite", "shards": _shards(A, B)}})
    assert settings.database.url == A and [s.name for s in settings.database.shards] == ["s0", "s1"]


def test_no_shards_and_one_shard_keep_todays_store():
    plain = load_settings("test")
    assert plain.database.shards == [] and plain.database.url.startswith("sqlite")
    one = load_settings("test", overrides={"database": {"kind": "sqlite", "shards": _shards(A)}})
    assert one.database.url == A


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ({"kind": "mysql", "shards": _shards("mysql+aiomysql://h/a", "postgresql+asyncpg://h/b")}, "one engine"),
        ({"kind": "mysql", "shards": _shards(A, B)}, "database.kind is 'mysql'"),
        ({"kind": "sqlite", "shards": [{"name": "x", "url": A}, {"name": "x", "url": B}]}, "distinct"),
        ({"kind": "sqlite", "shards": [{"name": "", "url": A}]}, "needs a name and a url"),
        ({"kind": "sqlite", "shards": _shards(A, B), "buckets": {"0-511": "s0"}}, "database.buckets: 512 buckets"),
        ({"kind": "sqlite", "shards": _shards(A, B), "buckets": {"0-1023": "s9"}}, "unknown shard 's9'"),
        ({"kind": "sqlite", "buckets": {"0-1023": "s0"}}, "without database.shards"),
        ({"kind": "sqlite", "shards": _shards("oracle://h/a", "oracle://h/b")}, "not MySQL/MariaDB"),
    ],
)
def test_bad_shard_settings_stop_the_start_with_the_problem_named(database: dict, message: str):
    with pytest.raises(SettingsError, match="database") as caught:
        load_settings("test", overrides={"database": database})
    assert message in str(caught.value)


def test_sqlite_shards_are_refused_in_production():
    database = Database(kind="sqlite", shards=[Shard("a", A), Shard("b", B)])
    assert "not for production" in (shard_problem(database, "production") or "")
    assert shard_problem(database, "local") is None


def test_mariadb_urls_count_as_mysql():
    database = Database(kind="mysql", shards=[Shard("a", "mariadb+aiomysql://h/a"), Shard("b", "mysql+aiomysql://h/b")])
    assert shard_problem(database, "production") is None


def test_ids_of_a_sharded_store_carry_the_users_bucket_and_others_do_not():
    assert bucket_of_id(UserIds(True).new("pay", "ada")) == bucket_of_user("ada")
    assert bucket_of_id(UserIds(False).new("pay", "ada")) is None
    assert bucket_of_id(UserIds(True).new("ntf", None)) is None  # no user: the first shard


def test_a_refund_takes_its_payments_bucket():
    payment = Payment(
        id=with_bucket(new_id("pay"), 77),
        user_id="u",
        amount=Money(1000, "USD"),
        gateway="stripe",
        status=PaymentStatus.SUCCEEDED,
    )
    assert bucket_of_id(payment.request_refund(Money(100, "USD")).id) == 77
    plain = new_id("re")
    assert in_bucket_of(plain, new_id("pay")) == plain


def _payment(payment_id: str) -> Payment:
    return Payment(id=payment_id, user_id="u", amount=Money(1, "USD"), gateway="stripe")


def test_merged_pages_are_newest_first_across_shards_and_cut_at_the_limit():
    ids = sorted((with_bucket(new_id("pay"), n * 100) for n in range(9)), reverse=True)
    pages = [[_payment(i) for i in ids[0::3]], [_payment(i) for i in ids[1::3]], [_payment(i) for i in ids[2::3]]]
    assert [p.id for p in merge_newest_first(pages, 5)] == ids[:5]
    assert [p.id for p in merge_newest_first(pages, 50)] == ids


def test_combined_totals_add_up_numbers_per_group():
    rows = [
        {"gateway": "stripe", "currency": "USD", "payments": 2, "captured_minor": 300},
        {"gateway": "paypal", "currency": "USD", "payments": 1, "captured_minor": 50},
        {"gateway": "stripe", "currency": "USD", "payments": 1, "captured_minor": 100},
    ]
    assert sorted(combine(rows), key=lambda r: r["gateway"]) == [
        {"gateway": "paypal", "currency": "USD", "payments": 1, "captured_minor": 50},
        {"gateway": "stripe", "currency": "USD", "payments": 3, "captured_minor": 400},
    ]


def test_the_default_bucket_map_of_two_shards_uses_both():
    bucket_map = BucketMap.build(["a", "b"])
    assert {bucket_map.shard_of_user(f"user-{n}") for n in range(50)} == {"a", "b"}
