"""A reentrant lock where urgent waiters go before non-urgent ones, owned by a token, with a timeout."""

from __future__ import annotations

import threading
import time


class Hold:
    """Proof of ownership returned by PriorityLock.acquire; release with the same object.

    Ownership lives in this token, not in the thread that acquired: code that acquires on one thread
    and releases on another (e.g. a framework running the enter and exit of a context manager on
    different pool threads) still releases the lock instead of leaving it owned forever.
    """

    __slots__ = ('depth', 'thread')

    def __init__(self, thread: int) -> None:
        self.thread = thread  # nested acquires on this thread reuse the hold (reentrancy)
        self.depth = 1


class PriorityLock:
    """Like threading.RLock, but a non-urgent acquirer waits while any urgent one is waiting, a
    waiter gives up after `timeout` seconds, and the owner is the returned Hold.

    Used to order SQLite write transactions: a candidate's request should not queue behind a batch
    of background writes. Urgent waiters are short, so background work only waits, it never starves
    while the urgent queue drains.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._hold: Hold | None = None
        self._urgent_waiting = 0

    def acquire(self, urgent: bool = True, timeout: float | None = None) -> Hold | None:
        """The hold, or None when the lock was not free within `timeout` seconds (None = wait forever)."""
        me = threading.get_ident()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            if self._hold is not None and self._hold.thread == me:
                self._hold.depth += 1
                return self._hold
            if urgent:
                self._urgent_waiting += 1
            try:
                while self._hold is not None or (not urgent and self._urgent_waiting):
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        return None
                    self._cond.wait(remaining)
            finally:
                if urgent:
                    self._urgent_waiting -= 1
                    self._cond.notify_all()  # a background waiter may go now that this one left
            self._hold = Hold(me)
            return self._hold

    def release(self, hold: Hold) -> None:
        with self._cond:
            if hold is not self._hold:
                raise RuntimeError('release of a PriorityLock with a hold that does not own it')
            hold.depth -= 1
            if hold.depth == 0:
                self._hold = None
                self._cond.notify_all()
