"""The write-ordering lock: reentrant, exclusive, urgent waiters go first, owned by a token, bounded waits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.priority_lock import PriorityLock


def is_free_within(lock: PriorityLock, timeout: float) -> bool:
    hold = lock.acquire(timeout=timeout)
    if hold is None:
        return False
    lock.release(hold)
    return True


def test_reentrant_and_exclusive() -> None:
    lock = PriorityLock()
    hold = lock.acquire()
    assert hold is not None
    assert lock.acquire() is hold  # the same thread may nest
    entered = threading.Event()

    def enter() -> None:
        other_hold = lock.acquire()
        entered.set()
        lock.release(other_hold)

    other = threading.Thread(target=enter)
    other.start()
    lock.release(hold)
    assert not entered.wait(0.1)  # still held once
    lock.release(hold)
    assert entered.wait(2)
    other.join()
    with pytest.raises(RuntimeError):
        lock.release(hold)


def test_urgent_waiters_go_before_background_ones() -> None:
    lock = PriorityLock()
    order: list[str] = []
    hold = lock.acquire()

    def take(name: str, urgent: bool) -> None:
        mine = lock.acquire(urgent=urgent)
        order.append(name)
        lock.release(mine)

    background = threading.Thread(target=take, args=('background', False))
    background.start()
    time.sleep(0.05)  # the background writer is waiting first...
    urgent = threading.Thread(target=take, args=('urgent', True))
    urgent.start()
    time.sleep(0.05)
    lock.release(hold)  # ...but the urgent one goes first
    background.join(2)
    urgent.join(2)
    assert order == ['urgent', 'background']


def test_released_on_another_thread_the_lock_is_free_again() -> None:
    """What FastAPI does with a sync yield dependency: enter on one pool thread, exit on another."""
    lock = PriorityLock()
    with ThreadPoolExecutor(max_workers=2) as pool:
        hold = pool.submit(lock.acquire).result()
        pool.submit(lambda: time.sleep(0.05))  # keep the first thread busy so the exit lands elsewhere
        pool.submit(lock.release, hold).result()
    assert is_free_within(lock, 0.5)


def test_a_waiter_gives_up_after_its_timeout() -> None:
    lock = PriorityLock()
    hold = lock.acquire()
    outcome: list[object] = []
    started = time.monotonic()
    waiter = threading.Thread(target=lambda: outcome.append(lock.acquire(timeout=0.2)))
    waiter.start()
    waiter.join(2)
    assert outcome == [None] and 0.15 < time.monotonic() - started < 1.5
    with ThreadPoolExecutor(max_workers=1) as pool:  # another thread: the owner thread may always nest
        assert not pool.submit(is_free_within, lock, 0.05).result()
        lock.release(hold)
        assert pool.submit(is_free_within, lock, 0.05).result()


def test_background_waiter_proceeds_when_the_urgent_one_gives_up() -> None:
    lock = PriorityLock()
    hold = lock.acquire()
    got: list[bool] = []
    urgent = threading.Thread(target=lambda: lock.acquire(urgent=True, timeout=0.1))
    urgent.start()
    time.sleep(0.02)

    def background() -> None:
        mine = lock.acquire(urgent=False, timeout=2)
        got.append(mine is not None)
        if mine is not None:
            lock.release(mine)

    waiter = threading.Thread(target=background)
    waiter.start()
    urgent.join(2)
    lock.release(hold)
    waiter.join(3)
    assert got == [True]
