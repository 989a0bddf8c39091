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
from typing import Any, Generic, TypeVar

import httpx

from app.providers import http_pool
from app.providers.call_gate import CallGate

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


class GatedAsyncClient(httpx.AsyncClient):
    """An AsyncClient that lets at most `max_connections` whole requests into its pool at once.

    httpcore's pool matches every queued request against every connection each time one starts or
    ends: with hundreds of provider calls queued (300 concurrent interviews), that scan took a third
    of the event loop. Extra callers wait here instead, in an O(1) queue. A streamed response holds
    its connection beyond send(), so streaming requests pass ungated (the pool still bounds them).
    Answer processing's calls wait behind the candidates' (call_gate.py).
    """

    def __init__(self, *, max_connections: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._gate = CallGate(max_connections)

    async def send(self, request: httpx.Request, *, stream: bool = False, **kwargs: Any) -> httpx.Response:
        if stream:
            return await super().send(request, stream=True, **kwargs)
        async with self._gate:  # the response is read and its connection back in the pool on return
            return await super().send(request, stream=False, **kwargs)


def new_client(*, timeout_seconds: float, max_connections: int = 64, base_url: str = '',
               headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """The AsyncClient every remote provider uses."""
    # Every connection may stay open: closing all but 16 after each call made the busy ones reconnect.
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    return GatedAsyncClient(
        max_connections=max_connections,
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
