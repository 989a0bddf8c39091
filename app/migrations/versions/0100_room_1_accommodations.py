"""accommodations: job defaults, per-candidate overrides, typed answers

Revision ID: room_1
Revises: live_2
Create Date: 2026-11-30 19:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'room_1'
down_revision: str | None = 'invitations_4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults fill the rows that exist already (the application always writes the values).
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_answers', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='fallback'))
        batch_op.add_column(sa.Column('time_multiplier', sa.Float(), nullable=False, server_default='1.0'))
        batch_op.add_column(sa.Column('rerecord_limit', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('accommodation_contact', sqlmodel.sql.sqltypes.AutoString(length=254),
                                      nullable=False, server_default=''))
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accommodations', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('typed')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('accommodations')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('accommodation_contact')
        batch_op.drop_column('rerecord_limit')
        batch_op.drop_column('time_multiplier')
        batch_op.drop_column('typed_answers')
