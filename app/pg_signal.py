"""Wake-ups between processes through PostgreSQL LISTEN/NOTIFY.

A notification carries no work: the database rows are the work, a notification only says "look now"
so a worker does not wait for its next poll (an earlier queue that only polled put 0.4–1.2 s on the
turn gap). A lost notification (a restart, a dropped connection) costs at most one poll interval.

Both directions use their own autocommit connection: LISTEN blocks in `notifies()`, and NOTIFY must
not wait behind it. Connections are re-opened after a failure with a short backoff; every reconnect
of the listener wakes the caller once, since notifications sent while it was away are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import psycopg

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 2.0


def psycopg_url(sqlalchemy_url: str) -> str:
    """psycopg wants postgresql://, SQLAlchemy's URL says postgresql+psycopg://."""
    return sqlalchemy_url.replace('postgresql+psycopg://', 'postgresql://', 1)


class PgSignal:
    def __init__(self, url: str, channel: str) -> None:
        self.url = psycopg_url(url)
        self.channel = channel
        self._listener: asyncio.Task[None] | None = None
        self._sender: asyncio.Task[None] | None = None
        self._send = asyncio.Event()

    def start(self, on_signal: Callable[[], None] | None) -> None:
        """Start sending; with `on_signal`, also listen and call it (on the loop) for every wake-up."""
        self._sender = asyncio.create_task(self._send_forever(), name=f'notify-{self.channel}')
        if on_signal is not None:
            self._listener = asyncio.create_task(self._listen_forever(on_signal), name=f'listen-{self.channel}')

    async def stop(self) -> None:
        for task in (self._listener, self._sender):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._listener = self._sender = None

    def notify(self) -> None:
        """Ask every listener to look now. Call on the event loop; returns at once. Bursts coalesce
        into one NOTIFY per round trip."""
        self._send.set()

    async def _send_forever(self) -> None:
        conn: psycopg.AsyncConnection[tuple[Any, ...]] | None = None
        while True:
            await self._send.wait()
            self._send.clear()
            try:
                if conn is None or conn.closed:
                    conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
                await conn.execute('SELECT pg_notify(%s, %s)', (self.channel, ''))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a lost wake-up costs one poll interval, never work
                log.warning('NOTIFY %s failed: %s', self.channel, exc)
                if conn is not None:
                    await conn.close()
                conn = None
                await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen_forever(self, on_signal: Callable[[], None]) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    await conn.execute(f'LISTEN {self.channel}')
                    on_signal()  # anything sent while this connection was not listening
                    async for _ in conn.notifies():
                        on_signal()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep listening; the poll covers the gap
                log.warning('LISTEN %s lost: %s; reconnecting', self.channel, exc)
            await asyncio.sleep(RECONNECT_SECONDS)
