"""Indexes for the report: study sessions by form and day, and the partnered events of a period

Revision ID: 0014_report_indexes
Revises: 0013_rollups
Create Date: 2026-11-30 09:00:00

ix_event_kind_day (kind_id, start_date) takes the place of ix_event_kind_id, whose every use it serves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_report_indexes"
down_revision: str | None = "0013_rollups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As models.events.records.HAS_PARTNERS has it: the index's predicate must read as the queries' does.
HAS_PARTNERS = sa.text("CAST(partners AS VARCHAR) != '[]' AND CAST(partners AS VARCHAR) != 'null'")
PARTNERED = ["start_date", "deleted", "status", "area_id", "kind_id", "attendance", "id"]


def upgrade() -> None:
    op.create_index("ix_event_kind_day", "event", ["kind_id", "start_date"], unique=False)
    op.drop_index("ix_event_kind_id", table_name="event")
    op.create_index(
        "ix_event_partnered", "event", PARTNERED, sqlite_where=HAS_PARTNERS, postgresql_where=HAS_PARTNERS
    )


def downgrade() -> None:
    op.drop_index("ix_event_partnered", table_name="event")
    op.create_index("ix_event_kind_id", "event", ["kind_id"], unique=False)
    op.drop_index("ix_event_kind_day", table_name="event")
