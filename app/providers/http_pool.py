"""httpcore's connection pool, made safe against cancelled requests.

Found after the 1000-interview run (issue 15): with the app idle again every remote provider call
timed out until a restart. Cause, reproduced in tests/providers/test_client_recovery.py: when a
request is cancelled (or hits its pool timeout) after the pool has already opened a connection for
it — between `_assign_requests_to_connections` creating the connection and the request using it —
httpcore 1.0 drops the request but keeps the connection. That connection is never used, never idle
and never closed ("CONNECTING", or "NEW, Request Count: 0"), yet it counts against
`max_connections`. Under overload many callers give up (asyncio.wait_for in app/providers/retry.py,
cancelled pre-generation, shutdown), the stranded connections pile up, and once they fill the
pool no request ever gets a slot again.

StrandedSafePool removes such connections whenever a request fails, so the slot comes back at once.
"""

from __future__ import annotations

import contextlib

import httpcore
import httpx


class StrandedSafePool(httpcore.AsyncConnectionPool):
    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        try:
            return await super().handle_async_request(request)
        except BaseException:
            await self._drop_stranded()
            raise

    def stranded(self) -> list[httpcore.AsyncConnectionInterface]:
        """Connections no live request owns that are neither idle nor closed: nobody will use them again.

        Safe to call at any time: a connection is busy only while the request it was assigned to is
        still in the pool's request list (the pool removes a request only after its response closed,
        which leaves the connection idle or closed).
        """
        owned = {id(r.connection) for r in self._requests if r.connection is not None}
        return [c for c in self._connections if id(c) not in owned and not c.is_idle() and not c.is_closed()]

    async def _drop_stranded(self) -> None:
        with self._optional_thread_lock:
            stranded = self.stranded()
            for connection in stranded:
                self._connections.remove(connection)
            # The freed slots go to requests waiting for one.
            closing = [*stranded, *self._assign_requests_to_connections()] if stranded else []
        if closing:
            with contextlib.suppress(Exception):
                await self._close_connections(closing)


def transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's default transport with StrandedSafePool as its pool (same settings otherwise)."""
    result = httpx.AsyncHTTPTransport(limits=limits)
    if type(result._pool) is httpcore.AsyncConnectionPool:
        # Same class layout, one method more: swapping the class keeps every setting httpx chose.
        result._pool.__class__ = StrandedSafePool
    return result
