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

from app.providers import http_pool

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


def new_client(*, timeout_seconds: float, max_connections: int = 64, base_url: str = '',
               headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """The AsyncClient every remote provider uses."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=min(16, max_connections))
    return httpx.AsyncClient(
        base_url=base_url, timeout=http_timeout(timeout_seconds), headers=headers or {},
        # A bound keeps a misbehaving provider from eating sockets; the pool gives back the slots of
        # cancelled calls (app/providers/http_pool.py).
        transport=http_pool.transport(limits),
    )


class PerLoopHttpClient(PerLoop[httpx.AsyncClient]):
    def __init__(self, *, timeout_seconds: float, base_url: str = '', headers: dict[str, str] | None = None,
                 max_connections: int = 64) -> None:
        super().__init__(lambda: new_client(timeout_seconds=timeout_seconds, max_connections=max_connections,
                                            base_url=base_url, headers=headers))

    async def aclose(self) -> None:
        client = self.pop_current()
        if client is not None:
            await client.aclose()
