"""The token key in the database: generated once by the officer instance, read by every replica.

Only used when several server processes share a PostgreSQL database (``storage.tokens``); on the
SQLite default the key stays in the data folder. ``ANKUNFTSATLAS_SECRET`` overrides both.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_key",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("server_key")
