"""Test databases: a migrated SQLite template copied per test, and (when reachable) one PostgreSQL
database per test run, migrated once and truncated between tests."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import text

from app.config import Settings
from app.db import make_engine, upgrade_schema

PG_ADMIN_URL = os.environ.get('PANELIST_TEST_PG', 'postgresql://root@127.0.0.1:5432/test')
TABLES = ['site_settings', 'job_reviewers', 'team_invites', 'api_keys', 'webhook_deliveries', 'webhook_endpoints',
          'outbox', 'self_identifications', 'score_overrides', 'code_submissions', 'interview_notes', 'answers',
          'questions', 'interviews', 'candidates', 'job_questions', 'jobs', 'audit_events', 'users', 'organizations']


@contextmanager
def empty_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty (unmigrated) PostgreSQL database for the block; yields its URL, drops it afterwards."""
    name = f'{prefix}_{uuid.uuid4().hex[:8]}'
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {name}')
    try:
        yield f'{PG_ADMIN_URL.rsplit("/", 1)[0]}/{name}'
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


def postgres_unavailable_reason() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "skip the PostgreSQL run"
        return f'PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}'


class SqliteTemplate:
    def __init__(self, root: Path) -> None:
        self.template = root / 'template.db'
        upgrade_schema(Settings(database_url=f'sqlite:///{self.template}', data_dir=root))

    def fresh_url(self, data_dir: Path) -> str:
        target = data_dir / 'panelist.db'
        shutil.copyfile(self.template, target)
        return f'sqlite:///{target}'


class PostgresDatabase:
    def __init__(self) -> None:
        self.name = f'panelist_test_{os.getpid()}_{uuid.uuid4().hex[:6]}'
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE {self.name}')
        base = PG_ADMIN_URL.rsplit('/', 1)[0]
        self.url = f'{base}/{self.name}'
        upgrade_schema(Settings(database_url=self.url))

    def truncate(self) -> None:
        engine = make_engine(Settings(database_url=self.url).sqlalchemy_url)
        with engine.begin() as conn:
            conn.execute(text(f'TRUNCATE {", ".join(TABLES)} RESTART IDENTITY CASCADE'))
        engine.dispose()

    def drop(self) -> None:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {self.name} WITH (FORCE)')
