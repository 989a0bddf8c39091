"""job questions: HR's pinned, edited, excluded and own interview questions per job

Revision ID: questions_1
Revises: fairness_1
Create Date: 2026-11-30 19:25:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.db_types


revision: str = 'questions_1'
down_revision: str | None = 'fairness_1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('job_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('difficulty', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_questions_job_id_jobs')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_job_questions_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_questions'))
    )
    with op.batch_alter_table('job_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_questions_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_questions_organization_id'), ['organization_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('job_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_questions_organization_id'))
        batch_op.drop_index(batch_op.f('ix_job_questions_job_id'))

    op.drop_table('job_questions')
