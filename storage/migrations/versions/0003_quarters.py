"""Self-drawn study quarters with versioned outlines (GeoJSON text, no PostGIS),
and the ids of the quarters a saved selection version holds.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarter",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.UniqueConstraint("dataset", "name"),
    )
    op.create_table(
        "quarter_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("quarter_id", sa.Integer, sa.ForeignKey("quarter.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("geometry", sa.Text, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("quarter_id", "version"),
    )
    # JSON list of quarter ids; existing versions hold none.
    op.add_column("selection_version", sa.Column("quarters", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("selection_version") as batch:
        batch.drop_column("quarters")
    op.drop_table("quarter_version")
    op.drop_table("quarter")
