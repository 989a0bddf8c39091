"""Two instances starting at once on an empty PostgreSQL database: migrations run once, both start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from alembic.script import ScriptDirectory

from app.db import alembic_config
from tests.support.db_backends import PG_ADMIN_URL, postgres_unavailable_reason

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(postgres_unavailable_reason() is not None,
                                reason=postgres_unavailable_reason() or '')


def test_two_instances_migrate_an_empty_database_at_the_same_time() -> None:
    name = f'panelist_migrate_{uuid.uuid4().hex[:8]}'
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {name}')
    url = f'{PG_ADMIN_URL.rsplit("/", 1)[0]}/{name}'
    try:
        env = {**os.environ, 'DATABASE_URL': url}
        # Every process imports first, then all migrate at the same moment (as a deploy starting
        # two instances does); without the lock one of them failed with UniqueViolation.
        at = time.time() + 8
        code = ('import time, alembic.command; from app.db import upgrade_schema; '
                f'time.sleep(max(0.0, {at} - time.time())); upgrade_schema(); print("migrated")')
        starts = [subprocess.Popen([sys.executable, '-c', code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for _ in range(3)]
        results = [(p.wait(timeout=120), *p.communicate()) for p in starts]
        for status, out, err in results:
            assert status == 0 and 'migrated' in out, err[-2000:]
        with psycopg.connect(url) as conn:
            versions = conn.execute('SELECT version_num FROM alembic_version').fetchall()
        heads = ScriptDirectory.from_config(alembic_config()).get_heads()
        assert [v for (v,) in versions] == heads  # one row, at the newest migration
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
