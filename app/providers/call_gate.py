"""Who goes first when every connection to a remote provider is busy: the candidate's next question.

Answer processing (transcribing and scoring past answers) marks its provider calls with
`background_calls()`; everything else (planning, writing and speaking questions) waits in a queue
that is always served first. At 300 concurrent interviews scoring calls filled the LLM pool while
candidates waited for their next question behind them.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_background: ContextVar[bool] = ContextVar('provider_background_calls', default=False)


@contextmanager
def background_calls() -> Iterator[None]:
    """Provider calls made in this context give way to the others when the pool is full."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


class CallGate:
    """A semaphore of `slots` with two FIFO queues; a freed slot goes to the urgent queue first.

    Use on one event loop (each HTTP client belongs to one loop).
    """

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._background: deque[asyncio.Future[None]] = deque()

    async def __aenter__(self) -> None:
        background = _background.get()
        if self._free > 0 and not self._urgent and not (background and self._background):
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._background if background else self._urgent
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release()  # the slot was handed over just as the caller gave up: pass it on
            elif waiter in queue:
                queue.remove(waiter)
            raise

    async def __aexit__(self, *_exc: object) -> None:
        self._release()

    def _release(self) -> None:
        for queue in (self._urgent, self._background):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the slot goes straight to the waiter
                    return
        self._free += 1
