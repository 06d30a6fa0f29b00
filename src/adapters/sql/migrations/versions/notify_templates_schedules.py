"""Notifications: templates, preferences, scheduled sends and delivery receipts.

Revision ID: notify
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

TIMESTAMP = sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")

revision = "notify"
down_revision = "idem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("template", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("locale", sa.String(length=35), nullable=True))
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=False, server_default="transactional"))
        batch.add_column(sa.Column("send_at", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("delivered_at", TIMESTAMP, nullable=True))
        batch.create_index("ix_notifications_status_send_at", ["status", "send_at"])
        batch.create_index("ix_notifications_channel_provider_message_id", ["channel", "provider_message_id"])
    op.create_table(
        "notification_templates",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_notification_templates")),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
    )


def downgrade() -> None:
    op.drop_table("notification_preferences")
    op.drop_table("notification_templates")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_channel_provider_message_id")
        batch.drop_index("ix_notifications_status_send_at")
        for column in ("delivered_at", "reason", "send_at", "category", "locale", "template"):
            batch.drop_column(column)
