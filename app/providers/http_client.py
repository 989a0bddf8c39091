"""One httpx.AsyncClient per event loop, so remote providers can be built once per process.

An AsyncClient's pooled connections belong to the loop that opened them. The app runs one loop, but
tests and scripts run several in turn; keying the client by loop keeps both cases correct while the
app still reuses connections (TLS handshakes are not free when every answer is scored remotely).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

C = TypeVar('C')


class PerLoop(Generic[C]):
    """Lazily creates one object per running event loop with `factory`."""

    def __init__(self, factory: Callable[[], C]) -> None:
        self._factory = factory
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, C] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self) -> C:
        loop = asyncio.get_running_loop()
        with self._lock:
            value = self._by_loop.get(loop)
            if value is None:
                value = self._factory()
                self._by_loop[loop] = value
            return value

    def pop_current(self) -> C | None:
        loop = asyncio.get_running_loop()
        with self._lock:
            return self._by_loop.pop(loop, None)


def http_timeout(total_seconds: float) -> httpx.Timeout:
    # Connecting should be quick; reading waits for the model, so it gets the whole budget.
    return httpx.Timeout(total_seconds, connect=min(10.0, total_seconds))


class PerLoopHttpClient(PerLoop[httpx.AsyncClient]):
    def __init__(self, *, timeout_seconds: float, base_url: str = '', headers: dict[str, str] | None = None) -> None:
        super().__init__(lambda: httpx.AsyncClient(
            base_url=base_url, timeout=http_timeout(timeout_seconds), headers=headers or {},
            # Plenty for an interview server; a bound keeps a misbehaving provider from eating sockets.
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        ))

    async def aclose(self) -> None:
        client = self.pop_current()
        if client is not None:
            await client.aclose()
