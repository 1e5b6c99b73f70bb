"""Named selections with versions and per-area rationale.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "selection",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "selection_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("selection_id", sa.Integer, sa.ForeignKey("selection.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("restored_from", sa.Integer, nullable=True),
        sa.UniqueConstraint("selection_id", "version"),
    )
    op.create_table(
        "selection_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "version_id", sa.Integer, sa.ForeignKey("selection_version.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("area_id", sa.String(200), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("selection_item")
    op.drop_table("selection_version")
    op.drop_table("selection")
