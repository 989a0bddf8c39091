"""The loop both background senders (email outbox, webhook deliveries) share: one pass over what is due,
then sleep until the next row is due, a poll interval passes, or notify() says something was queued."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from datetime import datetime

from app.db_types import utcnow

log = logging.getLogger(__name__)


class PollingSender(ABC):
    name = 'sender'

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @abstractmethod
    async def run_once(self) -> int:
        """Send what is due now; the number of rows handled."""

    @abstractmethod
    async def next_due_at(self) -> datetime | None:
        """When the next queued row is due, or None when nothing waits."""

    def start_loop(self) -> None:
        self._task = asyncio.create_task(self._run_forever(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def notify(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    async def _run_forever(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.run_once()
                next_at = await self.next_due_at()
            except Exception:
                log.exception('%s pass failed', self.name)
                next_at = None
            wait = self.poll_seconds
            if next_at is not None:
                wait = min(wait, max(0.05, (next_at - utcnow()).total_seconds()))
            with contextlib.suppress(TimeoutError):  # asyncio.timeout: 3.11's wait_for can lose a cancellation
                async with asyncio.timeout(wait):
                    await self._wake.wait()
