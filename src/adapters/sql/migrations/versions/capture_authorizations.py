"""Authorize now, capture later: a payment's capture method and the amount it captured.

Revision ID: capture
Revises: merchant
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "capture"
down_revision = "merchant"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.add_column(sa.Column("capture_method", sa.String(length=16), nullable=False, server_default="automatic"))
        # NULL: the whole amount once captured (every payment before this revision)
        table.add_column(sa.Column("amount_captured_minor", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.drop_column("amount_captured_minor")
        table.drop_column("capture_method")
