"""roles: admin | recruiter | reviewer (was admin | hr) and the job_reviewers assignments

Existing 'hr' teammates become recruiters: 'hr' could do everything but team/settings management, which is
what a recruiter may do, so nobody gains or loses access. An organization whose users are all 'hr' (no
admin at all — possible only for rows made outside the app) gets its first user promoted to admin, so every
organization keeps someone who can manage its team.

Revision ID: roles_1
Revises: stt_1
Create Date: 2026-11-30 22:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db_types

revision: str = 'roles_1'
down_revision: str | None = 'stt_1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'job_reviewers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('assigned_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', app.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_job_reviewers_organization_id_organizations')),
        sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_reviewers_job_id_jobs')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_job_reviewers_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_reviewers')),
        sa.UniqueConstraint('job_id', 'user_id', name='uq_job_reviewer'),
    )
    for column in ('organization_id', 'job_id', 'user_id'):
        op.create_index(op.f(f'ix_job_reviewers_{column}'), 'job_reviewers', [column], unique=False)
    # Organizations without any admin: their first user becomes one (before 'hr' is renamed).
    op.execute(sa.text(
        "UPDATE users SET role = 'admin' WHERE id IN ("
        " SELECT MIN(u.id) FROM users u WHERE NOT EXISTS ("
        "  SELECT 1 FROM users a WHERE a.organization_id = u.organization_id AND a.role = 'admin')"
        " GROUP BY u.organization_id)"))
    op.execute(sa.text("UPDATE users SET role = 'recruiter' WHERE role = 'hr'"))
    op.execute(sa.text("UPDATE team_invites SET role = 'recruiter' WHERE role = 'hr'"))


def downgrade() -> None:
    op.execute(sa.text("UPDATE users SET role = 'hr' WHERE role IN ('recruiter', 'reviewer')"))
    op.execute(sa.text("UPDATE team_invites SET role = 'hr' WHERE role IN ('recruiter', 'reviewer')"))
    for column in ('organization_id', 'job_id', 'user_id'):
        op.drop_index(op.f(f'ix_job_reviewers_{column}'), table_name='job_reviewers')
    op.drop_table('job_reviewers')
