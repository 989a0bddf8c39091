"""audit subject label: the subject as named when the event was written (readable after deletion)

Existing rows are named from the subjects that still exist; rows about deleted ones stay unnamed.

Revision ID: capacity_1
Revises: jobqueue_1
Create Date: 2026-11-30 22:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'capacity_1'
down_revision: str | None = 'jobqueue_1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = {
    'candidate': "SELECT c.name || ' (candidate #' || CAST(c.id AS TEXT) || ')' FROM candidates c",
    'job': 'SELECT j.title FROM jobs j',
    'user': 'SELECT u.email FROM users u',
}


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_label', sa.String(length=300), nullable=True))
    for subject_type, select in _BACKFILL.items():
        alias = select.rsplit(' ', 1)[-1]
        op.execute(sa.text(
            f'UPDATE audit_events SET subject_label = ({select} WHERE {alias}.id = audit_events.subject_id '
            f'AND {alias}.organization_id = audit_events.organization_id) '
            'WHERE subject_type = :subject_type AND subject_label IS NULL').bindparams(subject_type=subject_type))


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('subject_label')
