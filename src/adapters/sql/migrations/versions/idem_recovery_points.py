"""Idempotency keys with recovery points and a lock; identifiers compare byte for byte on MySQL.

The key record says how far its request got (started, recorded, finished), which resource it
made and when its holder last held it, so a retry after a crash resumes instead of waiting.
MySQL/MariaDB compare text case- and trailing-space-insensitively by default; every table
moves to a binary NO PAD collation so `CaseKey-1` and `casekey-1` are two keys, as on
PostgreSQL and SQLite.

Revision ID: idem
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

TIMESTAMP = sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")
# Binary and NO PAD ('a ' <> 'a'): MariaDB's name, then MySQL 8's; utf8mb4_bin pads on both.
BINARY_COLLATIONS = ("utf8mb4_nopad_bin", "utf8mb4_0900_bin", "utf8mb4_bin")
FOREIGN_KEY = "fk_refunds_payment_id_payments"
TABLES = (
    "payments",
    "refunds",
    "notifications",
    "outbox",
    "idempotency_keys",
    "relay_leases",
    "processed_webhooks",
    "analytics_events",
)

revision = "idem"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as table:
        table.alter_column("state", new_column_name="recovery_point", existing_type=sa.String(16), nullable=False)
        table.add_column(sa.Column("resource_id", sa.String(length=40), nullable=True))
        table.add_column(sa.Column("holder", sa.String(length=32), nullable=True))
        table.add_column(sa.Column("locked_at", TIMESTAMP, nullable=True))
    # An old in-flight claim has no lock: the next retry takes it over and starts afresh.
    op.execute("UPDATE idempotency_keys SET recovery_point = 'started' WHERE recovery_point = 'in_flight'")
    op.execute("UPDATE idempotency_keys SET recovery_point = 'finished' WHERE recovery_point = 'done'")
    if op.get_bind().dialect.name == "mysql":
        _binary_collation(_collation(*BINARY_COLLATIONS))


def downgrade() -> None:
    if op.get_bind().dialect.name == "mysql":
        _binary_collation("utf8mb4_general_ci")
    op.execute("UPDATE idempotency_keys SET recovery_point = 'in_flight' WHERE recovery_point <> 'finished'")
    op.execute("UPDATE idempotency_keys SET recovery_point = 'done' WHERE recovery_point = 'finished'")
    with op.batch_alter_table("idempotency_keys") as table:
        table.drop_column("locked_at")
        table.drop_column("holder")
        table.drop_column("resource_id")
        table.alter_column("recovery_point", new_column_name="state", existing_type=sa.String(16), nullable=False)


def _collation(*preferred: str) -> str:
    available = {row[0] for row in op.get_bind().execute(sa.text("SHOW COLLATION LIKE 'utf8mb4%'"))}
    return next(name for name in preferred if name in available)


def _binary_collation(collation: str) -> None:
    """Tables and the database default (for tables later revisions create). The one foreign key
    (refunds.payment_id -> payments.id) is dropped meanwhile: both sides must agree."""
    op.execute(f"ALTER DATABASE CHARACTER SET utf8mb4 COLLATE {collation}")
    op.drop_constraint(FOREIGN_KEY, "refunds", type_="foreignkey")
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} CONVERT TO CHARACTER SET utf8mb4 COLLATE {collation}")
    op.create_foreign_key(FOREIGN_KEY, "refunds", "payments", ["payment_id"], ["id"])
