"""A covering index for the summaries' grouped queries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 00:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["start_date", "deleted", "status", "area_id", "kind_id", "attendance", "consultations"]


def upgrade() -> None:
    op.create_index("ix_event_summary", "event", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_summary", table_name="event")
