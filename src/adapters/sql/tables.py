"""The relational schema, in SQLAlchemy Core, shared by every SQL adapter and the migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = String(40)
Money = BigInteger


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend: SQLite and MySQL store naive UTC and return naive
    values, PostgreSQL stores timestamptz; reads always come back tz-aware in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "mysql":  # DATETIME(6): MySQL drops microseconds by default
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UtcDateTime()
# SQLite only autoincrements an INTEGER PRIMARY KEY.
Sequence = BigInteger().with_variant(Integer, "sqlite")
Blob = LargeBinary().with_variant(LargeBinary(length=2**24), "mysql")  # MEDIUMBLOB on MySQL

payments = Table(
    "payments",
    metadata,
    Column("id", Id, primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("status", String(32), nullable=False),
    Column("gateway", String(32), nullable=False),
    Column("payment_system", String(32)),
    Column("amount_minor", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("refunded_minor", Money, nullable=False, default=0),
    Column("description", Text),
    Column("metadata", JSON, nullable=False),
    Column("customer", JSON, nullable=False),
    Column("transaction_id", String(255)),
    Column("gateway_data", JSON, nullable=False),
    Column("failure_code", String(64)),
    Column("failure_reason", Text),
    Column("next_action_url", Text),
    Column("attempts", JSON, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("version", Integer, nullable=False, default=0),
    Index(None, "user_id", "id"),
    Index(None, "status", "updated_at"),
    Index(None, "gateway", "transaction_id"),
)

refunds = Table(
    "refunds",
    metadata,
    Column("id", Id, primary_key=True),
    Column("payment_id", Id, ForeignKey("payments.id"), nullable=False, index=True),
    Column("amount_minor", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", Text),
    Column("status", String(16), nullable=False),
    Column("gateway_refund_id", String(255)),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Id, primary_key=True),
    Column("channel", String(32), nullable=False),
    Column("recipient", String(512), nullable=False),
    Column("subject", Text),
    Column("message", Text, nullable=False),
    Column("html", Text),
    Column("user_id", String(128), index=True),
    Column("group_id", Id, index=True),
    Column("metadata", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("provider_message_id", String(255)),
    Column("error", Text),
    Column("attempts", JSON, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("template", String(128)),
    Column("locale", String(35)),
    Column("category", String(32), nullable=False, default="transactional"),
    Column("send_at", Timestamp),
    Column("reason", Text),
    Column("delivered_at", Timestamp),
    Index(None, "status", "send_at"),  # the scheduler's due scan
    Index(None, "channel", "provider_message_id"),  # delivery receipts
)

# Operators' notification templates: `body` holds channels and locales (see domain.templates).
notification_templates = Table(
    "notification_templates",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("category", String(32), nullable=False),
    Column("optional", Boolean, nullable=False),
    Column("body", JSON, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)

# Per-user opt-outs: channel / category -> enabled.
notification_preferences = Table(
    "notification_preferences",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("channels", JSON, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)

# Committed events waiting for the relay; `seq` orders them, `sent_at` marks them published.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Sequence, primary_key=True, autoincrement=True),
    Column("event_id", String(40), nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("aggregate_id", Id, nullable=False, index=True),
    Column("user_id", String(128)),
    Column("payload", Blob, nullable=False),
    Column("occurred_at", Timestamp, nullable=False),
    Column("sent_at", Timestamp),
    Index(None, "sent_at", "seq"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("recovery_point", String(16), nullable=False),  # started, recorded, finished
    Column("resource_id", Id),  # the payment, refund or notification, from `recorded` on
    Column("holder", String(32)),  # the live request's lock token
    Column("locked_at", Timestamp),  # older than the lock time: the holder died
    Column("response_status", Integer),
    Column("response_body", Blob),
    Column("created_at", Timestamp, nullable=False),
    Column("expires_at", Timestamp, nullable=False, index=True),
)

# Which instance's relay publishes the outbox: one holder at a time, for `expires_at`.
relay_leases = Table(
    "relay_leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128)),
    Column("expires_at", Timestamp),
)

# Provider webhook events already applied, so a replay changes nothing.
processed_webhooks = Table(
    "processed_webhooks",
    metadata,
    Column("provider", String(32), primary_key=True),
    Column("provider_event_id", String(255), primary_key=True),
    Column("received_at", Timestamp, nullable=False, index=True),  # housekeeping purges by age
)

# The local profile's analytics: one row per event, unique by event_id, rolled up by query.
analytics_events = Table(
    "analytics_events",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("aggregate_id", Id, nullable=False),
    Column("user_id", String(128)),
    Column("occurred_at", Timestamp, nullable=False),
    Column("day", String(10), nullable=False),
    Column("gateway", String(32)),
    Column("channel", String(32)),
    Column("currency", String(3)),
    Column("status", String(32)),
    Column("amount_minor", Money),
    Column("data", JSON, nullable=False),
    Index(None, "type", "day"),
)

# Events a consumer group gave up on after its retries, waiting for an operator's replay.
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Sequence, primary_key=True, autoincrement=True),
    Column("consumer_group", String(255), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("event_type", String(32)),
    Column("envelope", Blob, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("first_failed_at", Timestamp, nullable=False),
    Column("dead_lettered_at", Timestamp, nullable=False),
    Column("replayed_at", Timestamp),
    UniqueConstraint("consumer_group", "event_id"),
    Index(None, "status", "id"),
)
