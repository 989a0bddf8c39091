"""Shared fixtures. Every test that touches the database runs on SQLite; it runs again on PostgreSQL (when a
server is reachable, see tests/support/db_backends.py) when its behaviour can depend on the database: every
test under tests/services/ (where the SQL lives) and every test marked ``postgres`` (locks, claims, unique
constraints, case-insensitive lookups, sorting, migrations, concurrency). Page and API tests that only render
or route what a service returned run on SQLite alone: a second backend would prove nothing new and doubled
the suite's time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session

from app import db
from app.config import reset_settings
from app.db import reset_engine
from app.services.accounts import reset_login_limits
from app.services.applications import reset_apply_limits
from app.services.interview.integrity import reset_event_limits
from tests.support.db_backends import PostgresDatabase, SqliteTemplate, postgres_unavailable_reason
from tests.support.engine_setup import Rig
from tests.support.runtime import scripted_runtime


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp('sqlite-template'))


@pytest.fixture(scope='session')
def postgres_database() -> Iterator[PostgresDatabase]:
    reason = postgres_unavailable_reason()
    if reason:
        pytest.skip(reason)
    database = PostgresDatabase()
    yield database
    reset_engine()
    database.drop()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / 'var'
    path.mkdir()
    return path


BACKENDS = ('sqlite', 'postgresql')
POSTGRES_DIRS = ('services',)  # tests/<dir>/...: every test there also runs on PostgreSQL


def runs_on_postgres(metafunc: pytest.Metafunc) -> bool:
    parts = metafunc.definition.path.relative_to(Path(__file__).parent).parts
    return metafunc.definition.get_closest_marker('postgres') is not None or (
        len(parts) > 1 and parts[0] in POSTGRES_DIRS)


def _parametrizes(metafunc: pytest.Metafunc, name: str) -> bool:
    for mark in metafunc.definition.iter_markers('parametrize'):
        names = mark.args[0]
        if name in ([n.strip() for n in names.split(',')] if isinstance(names, str) else list(names)):
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `database` (also when only a fixture or `usefixtures` asks for it): SQLite always, PostgreSQL
    too where runs_on_postgres says so. A test that parametrizes `database` itself keeps its own choice."""
    if 'database' not in metafunc.fixturenames:
        return
    if _parametrizes(metafunc, 'database'):
        return
    backends = BACKENDS if runs_on_postgres(metafunc) else BACKENDS[:1]
    metafunc.parametrize('database', backends, indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app's settings at a fresh, migrated database; yields the backend name."""
    backend = getattr(request, 'param', 'sqlite')
    if backend == 'sqlite':
        url = request.getfixturevalue('sqlite_template').fresh_url(data_dir)
    else:
        pg: PostgresDatabase = request.getfixturevalue('postgres_database')
        pg.truncate()
        url = pg.url
    monkeypatch.setenv('DATABASE_URL', url)
    monkeypatch.setenv('DATA_DIR', str(data_dir))
    monkeypatch.delenv('SECRET_KEY', raising=False)
    _reset_process_state()
    yield backend
    _reset_process_state()


@pytest.fixture
async def rig(database: str) -> AsyncIterator[Rig]:
    """The interview pipeline on scripted providers, started and installed as the process's runtime.

    Drive it with rig.engine (start, room, submit_answer), hand answers over with
    rig.pipeline.answer_queue.enqueue, and `await rig.wait_idle()` before looking at results.
    """
    async with scripted_runtime() as running:
        yield running


@pytest.fixture
def write_priorities(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The `urgent` flag of every write session run_in_session opens from now on (False: background)."""
    seen: list[bool] = []
    real_scope = db.session_scope

    @contextmanager
    def recording_scope(*, read_only: bool = False, urgent: bool = True, timeout: float | None = None,
                        ) -> Iterator[Session]:
        if not read_only:
            seen.append(urgent)
        with real_scope(read_only=read_only, urgent=urgent, timeout=timeout) as session:
            yield session

    monkeypatch.setattr(db, 'session_scope', recording_scope)
    return seen


def _reset_process_state() -> None:
    reset_engine()
    reset_settings()
    reset_login_limits()
    reset_apply_limits()
    reset_event_limits()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests run last: Playwright's sync API keeps an event loop running on the main thread
    # for the rest of the session, which async tests collected after it could not start under.
    # The cluster test signs in with a browser too.
    items.sort(key=lambda item: any(item.get_closest_marker(name) is not None for name in ('browser', 'cluster')))
