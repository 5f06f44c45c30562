"""Attributions: the description an unnamed source stands for (``Source.refers_to``)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_refers_start', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_refers_end', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_refers_text', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.drop_column('source_refers_text')
        batch_op.drop_column('source_refers_end')
        batch_op.drop_column('source_refers_start')
