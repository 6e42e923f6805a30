"""The names an area's report uses (unit, Party committee, study group, meeting); the counts said roughly

The report says a total as its counts were said (300余); two small partial indexes find the few events
and material lines with a 余/约/近 count without reading every row of the period.

Revision ID: 0011_area_report_names
Revises: 0008
Create Date: 2026-11-30 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.columns

revision: str = "0011_area_report_names"
down_revision: str | None = "0010_update_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    name = sqlmodel.sql.sqltypes.AutoString(length=60)
    op.create_table(
        "areareportnames",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("unit", name, nullable=True),
        sa.Column("committee", name, nullable=True),
        sa.Column("study_group", name, nullable=True),
        sa.Column("meeting", name, nullable=True),
        sa.Column("updated_at", models.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["member.id"]),
        sa.PrimaryKeyConstraint("area_id"),
    )

    roughly = sa.text("(attendance_qualifier != 'exact' OR consultations_qualifier != 'exact')")
    op.create_index(
        "ix_event_said_roughly", "event", ["start_date"], sqlite_where=roughly, postgresql_where=roughly
    )
    line = sa.text("qualifier != 'exact'")
    op.create_index(
        "ix_eventmaterial_said_roughly",
        "eventmaterial",
        ["event_id"],
        sqlite_where=line,
        postgresql_where=line,
    )


def downgrade() -> None:
    op.drop_index("ix_eventmaterial_said_roughly", table_name="eventmaterial")
    op.drop_index("ix_event_said_roughly", table_name="event")
    op.drop_table("areareportnames")
