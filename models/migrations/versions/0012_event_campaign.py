"""An event may stand for a campaign's total over several events

Revision ID: 0012_event_campaign
Revises: 0011_area_report_names
Create Date: 2026-11-30 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_event_campaign"
down_revision: str | None = "0011_area_report_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would trip the foreign keys that point at it.
    op.add_column("event", sa.Column("campaign", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("event", "campaign")
