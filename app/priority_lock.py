"""A reentrant lock where urgent waiters go before non-urgent ones."""

from __future__ import annotations

import threading


class PriorityLock:
    """Like threading.RLock, but a non-urgent acquirer waits while any urgent one is waiting.

    Used to order SQLite write transactions: a candidate's request should not queue behind a batch
    of background writes. Urgent waiters are short, so background work only waits, it never starves
    while the urgent queue drains.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._urgent_waiting = 0

    def acquire(self, urgent: bool = True) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return
            if urgent:
                self._urgent_waiting += 1
            try:
                while self._owner is not None or (not urgent and self._urgent_waiting):
                    self._cond.wait()
            finally:
                if urgent:
                    self._urgent_waiting -= 1
            self._owner = me
            self._depth = 1

    def release(self) -> None:
        with self._cond:
            if self._owner != threading.get_ident():
                raise RuntimeError('release of a PriorityLock not held by this thread')
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()
