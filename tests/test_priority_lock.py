"""The write-ordering lock: reentrant, exclusive, and urgent waiters go first."""

from __future__ import annotations

import threading
import time

import pytest

from app.priority_lock import PriorityLock


def test_reentrant_and_exclusive() -> None:
    lock = PriorityLock()
    lock.acquire()
    lock.acquire()  # the same thread may nest
    entered = threading.Event()

    def enter() -> None:
        lock.acquire()
        entered.set()
        lock.release()

    other = threading.Thread(target=enter)
    other.start()
    lock.release()
    assert not entered.wait(0.1)  # still held once
    lock.release()
    assert entered.wait(2)
    other.join()
    with pytest.raises(RuntimeError):
        lock.release()


def test_urgent_waiters_go_before_background_ones() -> None:
    lock = PriorityLock()
    order: list[str] = []
    lock.acquire()

    def take(name: str, urgent: bool) -> None:
        lock.acquire(urgent=urgent)
        order.append(name)
        lock.release()

    background = threading.Thread(target=take, args=('background', False))
    background.start()
    time.sleep(0.05)  # the background writer is waiting first...
    urgent = threading.Thread(target=take, args=('urgent', True))
    urgent.start()
    time.sleep(0.05)
    lock.release()  # ...but the urgent one goes first
    background.join(2)
    urgent.join(2)
    assert order == ['urgent', 'background']
