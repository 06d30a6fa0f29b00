"""Dead letters: events a consumer group gave up on, kept for replay; webhooks purged by age.

Revision ID: events
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

TIMESTAMP = sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")
SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BLOB = sa.LargeBinary().with_variant(sa.LargeBinary(length=2**24), "mysql")

revision = "events"
down_revision = "notify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dead_letters",
        sa.Column("id", SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("consumer_group", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=True),
        sa.Column("envelope", BLOB, nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("first_failed_at", TIMESTAMP, nullable=False),
        sa.Column("dead_lettered_at", TIMESTAMP, nullable=False),
        sa.Column("replayed_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
        sa.UniqueConstraint("consumer_group", "event_id", name=op.f("uq_dead_letters_consumer_group_event_id")),
    )
    op.create_index(op.f("ix_dead_letters_status_id"), "dead_letters", ["status", "id"])
    op.create_index(op.f("ix_processed_webhooks_received_at"), "processed_webhooks", ["received_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_processed_webhooks_received_at"), table_name="processed_webhooks")
    op.drop_index(op.f("ix_dead_letters_status_id"), table_name="dead_letters")
    op.drop_table("dead_letters")
