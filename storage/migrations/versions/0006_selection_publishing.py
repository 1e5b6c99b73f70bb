"""Publishing saved selection versions, and what their documents show.

A version is published (``published_at``) by an editor (``published_by``, kept for the audit) under
the office's line (``publisher``, e.g. "Stadt …, Integrationsbüro"), with the rationale
fields marked public (``public_fields``, JSON). ``quarter_rationales`` holds the rationales of the
self-drawn quarters (JSON, by quarter id); ``document`` what every document of the version shows
beyond the areas' own figures (the quarters' figures and outlines, the classes with their method;
JSON by language), so that the same version gives the same document in any session.
Existing versions are unpublished and hold no document (they are read as before).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = ("published_at", "published_by", "publisher", "public_fields", "quarter_rationales", "document")


def upgrade() -> None:
    with op.batch_alter_table("selection_version") as batch:
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("publisher", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("public_fields", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("quarter_rationales", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("document", sa.Text, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("selection_version") as batch:
        for column in reversed(_COLUMNS):
            batch.drop_column(column)
