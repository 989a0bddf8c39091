"""candidate feedback on the interview

Revision ID: room_2
Revises: room_1
Create Date: 2026-11-30 19:25:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db_types

revision: str = 'room_2'
down_revision: str | None = 'room_1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_rating', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('feedback_comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('feedback_at', app.db_types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('feedback_at')
        batch_op.drop_column('feedback_comment')
        batch_op.drop_column('feedback_rating')
