"""Sign-off of each plan version, the signed documents, check-in idempotency keys,
acknowledgement notes kept, and staff names.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("name", sa.String(200), nullable=True))
    with op.batch_alter_table("episodes") as batch:
        batch.add_column(sa.Column("signed_off_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("signed_off_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key("fk_episodes_signed_off_by", "users", ["signed_off_by"], ["id"])
    with op.batch_alter_table("plan_versions") as batch:
        batch.add_column(sa.Column("signed_off_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("signed_off_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_plan_versions_signed_off_by", "users", ["signed_off_by"], ["id"]
        )
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200), nullable=True))
        batch.create_unique_constraint(
            "uq_checkins_episode_idempotency_key", ["episode_id", "idempotency_key"]
        )
    op.create_table(
        "signed_documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("episode_id", sa.Integer(), sa.ForeignKey("episodes.id"), nullable=False),
        sa.Column("plan_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(80), nullable=False),
        sa.Column("content_version", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint(
            "episode_id", "plan_number", "kind", name="uq_signed_documents_episode_plan_kind"
        ),
    )
    op.create_index("ix_signed_documents_episode_id", "signed_documents", ["episode_id"])
    # A review recorded before sign-off existed names nobody: every active plan waits for a
    # clinician's sign-off again.
    episodes = sa.table("episodes", sa.column("state"), sa.column("awaiting_review", sa.Boolean()))
    active = ("referred", "assessed", "consented", "scheduled", "postponed")
    op.get_bind().execute(
        episodes.update().where(episodes.c.state.in_(active)).values(awaiting_review=True)
    )


def downgrade() -> None:
    op.drop_index("ix_signed_documents_episode_id", table_name="signed_documents")
    op.drop_table("signed_documents")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_constraint("uq_checkins_episode_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
    with op.batch_alter_table("plan_versions") as batch:
        batch.drop_constraint("fk_plan_versions_signed_off_by", type_="foreignkey")
        batch.drop_column("signed_off_at")
        batch.drop_column("signed_off_by")
    with op.batch_alter_table("episodes") as batch:
        batch.drop_constraint("fk_episodes_signed_off_by", type_="foreignkey")
        batch.drop_column("signed_off_at")
        batch.drop_column("signed_off_by")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("name")
