"""Worklist columns: the clinic and a review flag on each episode, with indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.add_column(sa.Column("clinic_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("awaiting_review", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE episodes SET clinic_id = "
        "(SELECT patients.clinic_id FROM patients WHERE patients.id = episodes.patient_id)"
    )
    op.execute(
        "UPDATE episodes SET awaiting_review = CASE WHEN plan_status <> 'ready' AND "
        "(reviewed_plan_number IS NULL OR reviewed_plan_number <> plan_number) AND state IN "
        "('referred', 'assessed', 'consented', 'scheduled', 'postponed') "
        "THEN TRUE ELSE FALSE END"
    )
    with op.batch_alter_table("episodes") as batch:
        batch.alter_column("clinic_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_episodes_clinic_id_clinics", "clinics", ["clinic_id"], ["id"])
        batch.create_index(
            "ix_episodes_clinic_state_date", ["clinic_id", "state", "procedure_date"]
        )
        batch.create_index(
            "ix_episodes_clinic_review_date", ["clinic_id", "awaiting_review", "procedure_date"]
        )
        batch.create_index("ix_episodes_clinic_last_dose", ["clinic_id", "first_last_dose"])


def downgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.drop_index("ix_episodes_clinic_last_dose")
        batch.drop_index("ix_episodes_clinic_review_date")
        batch.drop_index("ix_episodes_clinic_state_date")
        batch.drop_constraint("fk_episodes_clinic_id_clinics", type_="foreignkey")
        batch.drop_column("awaiting_review")
        batch.drop_column("clinic_id")
