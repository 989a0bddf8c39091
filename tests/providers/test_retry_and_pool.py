"""The shared retry policy and the bounded pool for local models."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from app.providers.local_pool import LazyModel, Priority, configure_pool, pool_size, run_local, run_local_at
from app.providers.retry import RetryPolicy, parse_retry_after


def test_retry_after_is_honoured_but_capped() -> None:
    policy = RetryPolicy(retry_after_max_seconds=5)
    assert policy.delay(0, 2.0) == 2.0
    assert policy.delay(0, 3600.0) == 5.0


def test_backoff_grows_with_jitter_and_stays_capped() -> None:
    policy = RetryPolicy(backoff_base_seconds=1, backoff_max_seconds=4)
    for number, ceiling in ((0, 1), (1, 2), (2, 4), (6, 4)):
        delays = {policy.delay(number, None) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jittered, not lock-step


def test_retry_after_header_forms() -> None:
    assert parse_retry_after({'retry-after': '7'}) == 7
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (parse_retry_after({'Retry-After': when}) or 0) <= 30
    assert parse_retry_after({}) is None
    assert parse_retry_after({'retry-after': 'soon'}) is None


async def test_pool_never_runs_more_jobs_than_workers() -> None:
    configure_pool(2)
    assert pool_size() == 2
    running = 0
    peak = 0
    lock = threading.Lock()

    def job() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    await asyncio.gather(*(run_local(job) for _ in range(12)))
    assert peak == 2


async def test_event_loop_keeps_running_while_the_pool_works() -> None:
    configure_pool(1)
    ticks = 0
    release = threading.Event()
    ticked_while_blocked = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not release.is_set():
            ticks += 1
            if ticks >= 5:
                ticked_while_blocked.set()
            await asyncio.sleep(0.005)

    def blocking() -> str:
        release.wait(2)
        return 'done'

    tick_task = asyncio.create_task(ticker())
    job = asyncio.create_task(run_local(blocking))
    await ticked_while_blocked.wait()  # the loop keeps ticking while the pool thread is blocked
    release.set()
    assert await job == 'done'
    await tick_task
    configure_pool(2)


def test_lazy_model_loads_once_under_concurrency() -> None:
    calls = 0

    def load() -> object:
        nonlocal calls
        calls += 1
        time.sleep(0.05)
        return object()

    model: LazyModel[object] = LazyModel(load)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(model.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == 1 and len({id(r) for r in results}) == 1


async def test_a_question_is_voiced_at_once_while_every_thread_transcribes() -> None:
    configure_pool(1)
    try:
        started = threading.Event()
        release = threading.Event()
        order: list[str] = []

        def blocker() -> None:
            started.set()
            release.wait(5)
            order.append('running answer')

        def job(name: str) -> None:
            order.append(name)

        first = asyncio.create_task(run_local_at(Priority.BACKGROUND, blocker))
        await asyncio.to_thread(started.wait, 5)
        backlog = [asyncio.create_task(run_local_at(Priority.BACKGROUND, job, f'answer {n}')) for n in range(5)]
        await asyncio.sleep(0.01)  # the backlog is queued before the question arrives
        # The only general thread is busy with a long answer: the speech thread voices the question now.
        await asyncio.wait_for(run_local_at(Priority.SPEAK, job, 'question'), 2)
        assert order == ['question']
        release.set()
        await asyncio.gather(first, *backlog)
        # The running job is never interrupted; the backlog then runs in arrival order.
        assert order == ['question', 'running answer', *(f'answer {n}' for n in range(5))]
    finally:
        configure_pool(2)


async def test_the_speech_thread_never_takes_background_work() -> None:
    configure_pool(1)
    try:
        release = threading.Event()
        busy = asyncio.create_task(run_local_at(Priority.BACKGROUND, release.wait, 5))
        await asyncio.sleep(0.01)
        waiting = asyncio.create_task(run_local_at(Priority.BACKGROUND, lambda: 'answer'))
        await asyncio.sleep(0.1)
        assert not waiting.done()  # the speech thread was idle, yet the answer waits for the general one
        release.set()
        await busy
        assert await waiting == 'answer'
    finally:
        configure_pool(2)


async def test_a_cancelled_waiting_job_never_runs() -> None:
    configure_pool(1)
    try:
        release = threading.Event()
        ran: list[str] = []
        first = asyncio.create_task(run_local_at(Priority.BACKGROUND, release.wait, 5))
        waiting = asyncio.create_task(run_local_at(Priority.BACKGROUND, ran.append, 'cancelled'))
        await asyncio.sleep(0.01)
        waiting.cancel()
        await asyncio.sleep(0.01)  # the cancellation reaches the pool's future on the loop's next turn
        release.set()
        await first
        assert await run_local(lambda: 'next') == 'next'
        assert ran == []
    finally:
        configure_pool(2)
