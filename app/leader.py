"""Which process runs the once-per-cluster housekeeping (idle sweep, recording retention, invitation
reminders, finishing interviews whose last answer was scored without a result).

On PostgreSQL the leader is whoever holds a session-level advisory lock on its own connection. The
lock lives exactly as long as that connection: a killed leader's connection drops, the lock is
free, and the next process that asks takes it over — no lease table, no clock. On SQLite there is
one process, so it always leads.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from app.pg_signal import psycopg_url

log = logging.getLogger(__name__)
# Any constant shared by every instance (the migrations lock in app.db uses another).
LEADER_LOCK_KEY = 815_246_019


class ClusterLeader:
    def __init__(self, sqlalchemy_url: str) -> None:
        self.url = psycopg_url(sqlalchemy_url) if sqlalchemy_url.startswith('postgresql') else None
        self._conn: psycopg.AsyncConnection[tuple[Any, ...]] | None = None
        self._held = False

    async def holds(self) -> bool:
        """True while this process leads; tries to become leader when nobody holds the lock."""
        if self.url is None:
            return True
        try:
            if self._conn is None or self._conn.closed:
                self._held = False
                self._conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
            if self._held:
                await self._conn.execute('SELECT 1')  # the lock is only as alive as this connection
                return True
            cursor = await self._conn.execute('SELECT pg_try_advisory_lock(%s)', (LEADER_LOCK_KEY,))
            row = await cursor.fetchone()
            self._held = bool(row and row[0])
            if self._held:
                log.info('this process now runs the cluster housekeeping')
            return self._held
        except psycopg.Error as exc:
            log.warning('leader check failed: %s', exc)
            await self.close()
            return False

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
        self._conn = None
        self._held = False
