"""Relay lease: one instance at a time publishes the outbox, so scale-out sends each event once.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

TIMESTAMP = sa.DateTime(timezone=True).with_variant(mysql.DATETIME(fsp=6), "mysql")

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    leases = op.create_table(
        "relay_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=True),
        sa.Column("expires_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_relay_leases")),
    )
    op.bulk_insert(leases, [{"name": "outbox", "holder": None, "expires_at": None}])


def downgrade() -> None:
    op.drop_table("relay_leases")
