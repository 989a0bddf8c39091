"""Project-level promises: README documents every setting; migrations match the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401 - registers the tables
from app.config import Settings
from app.db import get_engine

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / 'README.md').read_text(encoding='utf-8')


def test_readme_lists_every_setting() -> None:
    documented = set(re.findall(r'^\| `([A-Z0-9_]+)` \|', README, flags=re.MULTILINE))
    expected = {name.upper() for name in Settings.model_fields}
    assert expected - documented == set(), 'settings missing from the README table'
    assert documented - expected == set(), 'README documents settings that do not exist'


def test_readme_quick_start_is_two_commands() -> None:
    section = README.split('## Quick start', 1)[1]
    block = section.split('```', 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert 'main.py' in commands[0] and 'pytest' in commands[1]


@pytest.mark.postgres  # each backend has its own migrated DDL
@pytest.mark.usefixtures('database')
def test_migrations_produce_exactly_the_model_schema() -> None:
    with get_engine().connect() as conn:
        context = MigrationContext.configure(conn, opts={'compare_type': True, 'render_as_batch': True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f'models changed without a migration: {diff}'
