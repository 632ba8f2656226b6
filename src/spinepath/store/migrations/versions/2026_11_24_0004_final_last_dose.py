"""The latest last-dose date of each episode's plan, so no hold in a window is missed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.add_column(sa.Column("final_last_dose", sa.Date(), nullable=True))
    connection = op.get_bind()
    episodes = sa.table(
        "episodes", sa.column("id"), sa.column("plan"), sa.column("final_last_dose", sa.Date())
    )
    for row in connection.execute(sa.select(episodes.c.id, episodes.c.plan)):
        plan = row.plan if isinstance(row.plan, dict) else json.loads(row.plan or "{}")
        holds = plan.get("medication_holds", [])
        dates = [h["last_dose_date"] for h in holds if h.get("last_dose_date")]
        if dates:
            connection.execute(
                episodes.update()
                .where(episodes.c.id == row.id)
                .values(final_last_dose=dt.date.fromisoformat(max(dates)))
            )


def downgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.drop_column("final_last_dose")
