"""The document worker pool: a stuck, greedy or crashing task never takes the caller down with it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from app.documents.worker import WorkerError, WorkerPool

TASKS = 'tests.support.worker_tasks'


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    pool = WorkerPool(size=1, timeout=1.0, memory_limit=256 * 1024 * 1024, queue_timeout=0.5)
    yield pool
    pool.shutdown()


def test_a_worker_is_reused_between_tasks(pool: WorkerPool) -> None:
    first = pool.run(f'{TASKS}:echo', b'abc')
    second = pool.run(f'{TASKS}:echo', b'x' * 3_000_000)  # bigger than a pipe buffer both ways
    assert first['size'] == 3 and second['size'] == 3_000_000
    assert first['pid'] == second['pid']


def test_a_stuck_task_is_killed_at_its_deadline_and_the_worker_replaced(pool: WorkerPool) -> None:
    pid = pool.run(f'{TASKS}:echo', b'')['pid']
    started = time.monotonic()
    with pytest.raises(WorkerError) as caught:
        pool.run(f'{TASKS}:spin', b'', {'seconds': 30}, timeout=0.5)
    assert caught.value.reason == 'timeout'
    assert time.monotonic() - started < 3
    after = pool.run(f'{TASKS}:echo', b'')
    assert after['pid'] != pid


def test_runaway_memory_is_stopped_by_the_limit(pool: WorkerPool) -> None:
    with pytest.raises(WorkerError) as caught:
        pool.run(f'{TASKS}:hog_memory', b'', timeout=10)
    assert caught.value.reason in ('memory', 'crashed')
    assert pool.run(f'{TASKS}:echo', b'ok')['size'] == 2


def test_a_crashing_worker_is_replaced(pool: WorkerPool) -> None:
    with pytest.raises(WorkerError) as caught:
        pool.run(f'{TASKS}:die', b'')
    assert caught.value.reason == 'crashed'
    assert pool.run(f'{TASKS}:echo', b'ok')['size'] == 2


def test_callers_beyond_the_pool_size_wait_then_give_up(pool: WorkerPool) -> None:
    pool.run(f'{TASKS}:echo', b'')  # warm, so the busy task starts at once
    busy = threading.Thread(target=lambda: pool.run(f'{TASKS}:spin', b'', {'seconds': 0.8}))
    busy.start()
    time.sleep(0.1)
    with pytest.raises(WorkerError) as caught:
        pool.run(f'{TASKS}:echo', b'')
    busy.join()
    assert caught.value.reason == 'busy'


def test_no_worker_survives_shutdown() -> None:
    pool = WorkerPool(size=2)
    pool.run(f'{TASKS}:echo', b'')
    workers = list(pool._idle)
    pool.shutdown()
    assert workers and all(worker.process.poll() is not None for worker in workers)
    with pytest.raises(WorkerError):
        pool.run(f'{TASKS}:echo', b'')


def test_workers_do_not_inherit_the_servers_secrets(pool: WorkerPool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('SECRET_KEY', 'server-secret')
    monkeypatch.setenv('GEMINI_API_KEY', 'key-123')
    env = pool.run(f'{TASKS}:environment', b'')
    assert 'SECRET_KEY' not in env and 'GEMINI_API_KEY' not in env and 'DATABASE_URL' not in env
