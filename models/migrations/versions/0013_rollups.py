"""Rollups: the events' figures pre-added per area, day / month / year, form, theme, material and status

Revision ID: 0013_rollups
Revises: 0012_event_campaign
Create Date: 2026-11-30 06:30:00

The three tables are filled from the events already saved, by the same recount that
`pufa-bot rollups rebuild` runs (models/reporting/rollup_check.py works on table stubs, not on the
models, so it reads this schema as it is).
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.reporting.rollup_check import KEYS, VALUES, rebuild_rollups_sync

revision: str = "0013_rollups"
down_revision: str | None = "0012_event_campaign"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "kind_id": sa.Integer(),
    "theme_id": sa.Integer(),
    "material_id": sa.Integer(),
    "unit": sa.String(length=8),
    "category": sa.String(length=16),
    "status": sa.String(length=16),
}


def upgrade() -> None:
    for name, keys in KEYS.items():
        op.create_table(
            name,
            sa.Column("area_id", sa.Integer(), nullable=False),
            sa.Column("grain", sa.String(length=1), nullable=False),
            sa.Column("bucket", sa.Date(), nullable=False),
            *(sa.Column(key, KEY_TYPES[key], nullable=False) for key in keys),
            *(sa.Column(value, sa.BigInteger(), nullable=False) for value in VALUES[name]),
            sa.PrimaryKeyConstraint("area_id", "grain", "bucket", *keys),
        )
    rebuild_rollups_sync(op.get_bind())


def downgrade() -> None:
    for name in KEYS:
        op.drop_table(name)
