"""Imported datasets and grids shared by every server process on one PostgreSQL database:
the folders (one version each, a content hash) and their files as content-addressed blobs.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "shared_folder",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.Float, nullable=False),
    )
    op.create_table(
        "shared_file",
        sa.Column("folder_key", sa.String(300), sa.ForeignKey("shared_folder.key", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("shared_blob.sha256"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("shared_file")
    op.drop_table("shared_folder")
    op.drop_table("shared_blob")
