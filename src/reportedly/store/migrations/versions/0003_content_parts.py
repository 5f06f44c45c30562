"""Attributions: the pieces of a content with its own frame inside (``Attribution.content_parts``)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        # Null for rows stored before: their contents are read as one piece.
        batch_op.add_column(sa.Column('content_parts', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.drop_column('content_parts')
