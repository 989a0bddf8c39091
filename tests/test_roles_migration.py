"""Migration roles_1 on a database made before it: 'hr' teammates become recruiters, an organization with no
admin gets its first user promoted, and the downgrade gives 'hr' back."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from app.db import alembic_config


def _roles(engine: sa.Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text('SELECT email, role FROM users ORDER BY id')).all())


def test_hr_becomes_recruiter_and_every_organization_keeps_an_admin(tmp_path: Path) -> None:
    url = f'sqlite:///{tmp_path / "old.db"}'
    config = alembic_config(url)
    command.upgrade(config, 'stt_1')
    engine = sa.create_engine(url)
    now = "'2026-01-01 00:00:00.000000'"
    with engine.begin() as connection:
        for org_id, name in ((1, 'With admin'), (2, 'Only HR')):
            connection.execute(sa.text('INSERT INTO organizations (id, name, created_at) '
                                       f"VALUES ({org_id}, '{name}', {now})"))
        for user_id, org_id, email, role in ((1, 1, 'boss@a.io', 'admin'), (2, 1, 'hal@a.io', 'hr'),
                                             (3, 2, 'first@b.io', 'hr'), (4, 2, 'second@b.io', 'hr')):
            connection.execute(sa.text(
                'INSERT INTO users (id, organization_id, email, name, password_hash, role, token_version, is_active, '
                f"created_at) VALUES ({user_id}, {org_id}, '{email}', 'N', 'x', '{role}', 1, 1, {now})"))
    command.upgrade(config, 'roles_1')
    assert _roles(engine) == {'boss@a.io': 'admin', 'hal@a.io': 'recruiter', 'first@b.io': 'admin',
                              'second@b.io': 'recruiter'}
    with engine.connect() as connection:
        assert connection.execute(sa.text('SELECT COUNT(*) FROM job_reviewers')).scalar_one() == 0
    command.downgrade(config, 'stt_1')
    assert _roles(engine)['hal@a.io'] == 'hr' and _roles(engine)['first@b.io'] == 'admin'
    assert 'job_reviewers' not in sa.inspect(engine).get_table_names()
    engine.dispose()
