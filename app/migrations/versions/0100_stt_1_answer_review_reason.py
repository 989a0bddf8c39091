"""answer review reason: why an answer was held for review instead of scored

Revision ID: stt_1
Revises: room_2
Create Date: 2026-11-30 19:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'stt_1'
down_revision: str | None = 'room_2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('review_reason')
