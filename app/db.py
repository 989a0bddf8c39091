"""Database engine, session scopes and schema migrations.

SQLite (default) runs in WAL mode with a busy timeout; write transactions start with
BEGIN IMMEDIATE so two writers queue on the lock instead of failing mid-transaction when one
upgrades a read snapshot. PostgreSQL is used as is (psycopg 3).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from app import client_address
from app.config import Settings, get_settings
from app.errors import Busy
from app.priority_lock import PriorityLock

MIGRATIONS_DIR = Path(__file__).resolve().parent / 'migrations'
SQLITE_BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = 'panelist_write'

_engine: Engine | None = None
_engine_lock = threading.Lock()
# SQLite has one writer at a time, and a writer that finds the lock taken sleeps in growing steps
# (up to 100 ms) before trying again: under load a 2 ms insert waited 150-370 ms. Writers in this
# process queue on this lock instead and take over the moment the previous one commits; background
# work (answer processing, question pre-generation) lets a waiting candidate request go first.
_sqlite_writer = PriorityLock()
_background: ContextVar[bool] = ContextVar('db_background_priority', default=False)
# DB work leaves the event loop on its own pools, reads apart from writes: SQLite runs one writer at a
# time, and reads (WAL) must not queue behind threads that wait for the write lock.
_read_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix='db-read')
_write_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix='db-write')
# Background writes have nobody waiting on them and give way to every urgent writer, so they may wait
# longer than a request would; still bounded, so no thread waits forever (shutdown joins them).
BACKGROUND_WAIT_FACTOR = 3

P = ParamSpec('P')
T = TypeVar('T')


def make_engine(url: str) -> Engine:
    if url.startswith('sqlite'):
        path = url.split(':///', 1)[-1]
        if path and path != ':memory:':
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            # The driver's own transaction handling is off; BEGIN is emitted below.
            connect_args={
                'check_same_thread': False, 'isolation_level': None, 'timeout': SQLITE_BUSY_TIMEOUT_MS / 1000,
            },
            pool_size=10,
            max_overflow=20,
        )
        event.listen(engine, 'connect', _sqlite_on_connect)
        event.listen(engine, 'begin', _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute(f'PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.execute('PRAGMA synchronous=NORMAL')  # safe with WAL; durable at checkpoint
    cursor.execute('PRAGMA secure_delete=ON')  # a deleted candidate's text is zeroed, not left in free pages
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql('BEGIN IMMEDIATE' if immediate else 'BEGIN')


def get_engine() -> Engine:
    global _engine  # one engine per process, created lazily from settings
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = make_engine(get_settings().sqlalchemy_url)
    return _engine


def reset_engine() -> None:
    """Dispose the engine (tests switch databases; shutdown closes connections)."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None


@contextmanager
def background_priority() -> Iterator[None]:
    """Database writes in this context yield to interactive ones (used by background tasks)."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


@contextmanager
def session_scope(*, read_only: bool = False, urgent: bool = True, timeout: float | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    Sessions default to write mode (SQLite: BEGIN IMMEDIATE). Pass read_only=True for pure reads
    such as listings, so they don't queue behind writers. A write that cannot start within `timeout`
    seconds (default: WRITE_TIMEOUT_SECONDS, longer for background work) raises Busy (503).
    Enter and leave the scope on one thread, inside one function call: never across a yield
    dependency or an await, where the enter and the exit may run on different threads.
    """
    engine = get_engine()
    hold = None
    if not read_only and engine.dialect.name == 'sqlite':
        hold = _sqlite_writer.acquire(urgent=urgent, timeout=_write_wait(urgent) if timeout is None else timeout)
        if hold is None:
            raise Busy(get_settings().busy_retry_after_seconds)
    session = Session(engine, expire_on_commit=False)
    try:
        if not read_only:
            _begin_write(session)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        if hold is not None:
            _sqlite_writer.release(hold)


def _write_wait(urgent: bool) -> float:
    timeout = get_settings().write_timeout_seconds
    return timeout if urgent else timeout * BACKGROUND_WAIT_FACTOR


def _begin_write(session: Session) -> None:
    try:
        session.connection(execution_options={_WRITE_OPTION: True})
    except OperationalError as exc:
        # SQLite: another process held the file's write lock for the whole busy timeout.
        if 'locked' in str(exc.orig).lower():
            raise Busy(get_settings().busy_retry_after_seconds) from exc
        raise


async def run_in_session(
    fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs,
) -> T:
    """Run a service function with a fresh session on the DB thread pool (keeps the event loop free).

    The whole transaction (lock, work, commit, release) runs in one call on one thread. The write
    timeout counts from here, so time spent queued for a DB thread counts too: Busy (503), never a hang.
    """
    urgent = not _background.get()  # read here: executor threads don't see the caller's context
    address = client_address.capture()  # likewise: the audit trail records who acted from where
    deadline = time.monotonic() + _write_wait(urgent)

    def call() -> T:
        with client_address.using(address), \
                session_scope(urgent=urgent, timeout=max(0.0, deadline - time.monotonic())) as session:
            return fn(session, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_write_executor, call)


async def run_read(
    fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs,
) -> T:
    """Like run_in_session for read-only service calls (some record a download in the audit trail)."""
    address = client_address.capture()

    def call() -> T:
        with client_address.using(address), session_scope(read_only=True) as session:
            return fn(session, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_read_executor, call)


def alembic_config(url: str | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS_DIR))
    config.set_main_option('sqlalchemy.url', (url or get_settings().sqlalchemy_url).replace('%', '%%'))
    return config


# Any constant shared by every instance: the PostgreSQL advisory lock that serializes migrations.
MIGRATION_LOCK_KEY = 0x50414E454C  # 'PANEL'


def upgrade_schema(settings: Settings | None = None) -> None:
    """Bring the database to the newest schema (creates it on first start, upgrades in place later).

    On PostgreSQL several instances may start at once: the upgrade runs under a session advisory
    lock, so one migrates and the others wait, then find the schema at head and do nothing (without
    it, two instances on an empty database both created the tables and one crashed).
    """
    from alembic import command

    url = (settings or get_settings()).sqlalchemy_url
    config = alembic_config(url)
    if not url.startswith('postgresql'):
        command.upgrade(config, 'head')
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text('SELECT pg_advisory_lock(:key)'), {'key': MIGRATION_LOCK_KEY})
            connection.commit()
            try:
                config.attributes['connection'] = connection
                command.upgrade(config, 'head')
                connection.commit()
            finally:
                connection.execute(text('SELECT pg_advisory_unlock(:key)'), {'key': MIGRATION_LOCK_KEY})
                connection.commit()
    finally:
        engine.dispose()


def check_database(write_timeout: float) -> str | None:
    """None when the database answers and a write could start within `write_timeout` seconds, else a
    short reason (for /health: a server that cannot write is not healthy, even if it can read)."""
    engine = get_engine()
    try:
        if engine.dialect.name == 'sqlite':
            return _check_sqlite_writable(engine, write_timeout)
        with engine.connect() as conn:
            if conn.exec_driver_sql('SHOW transaction_read_only').scalar() == 'on':
                return 'the database is read-only'
    except Exception as exc:  # noqa: BLE001 - health reports any failure as text
        return type(exc).__name__
    return None


def _check_sqlite_writable(engine: Engine, timeout: float) -> str | None:
    hold = _sqlite_writer.acquire(urgent=True, timeout=timeout)
    if hold is None:
        return f'no write could start within {timeout:g} s (writer queue busy)'
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            # The file lock too (another process may hold it), with a short wait instead of the usual one.
            cursor.execute(f'PRAGMA busy_timeout={int(timeout * 1000)}')
            try:
                cursor.execute('BEGIN IMMEDIATE')
                cursor.execute('ROLLBACK')
            finally:
                cursor.execute(f'PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}')
                cursor.close()
        finally:
            raw.close()
    finally:
        _sqlite_writer.release(hold)
    return None
