"""Everything the running app delivers to the outside: the email outbox sender, the periodic reminder
pass and the webhook sender.

Started and stopped with the app (main.py). Services that queue email or emit events call
app.services.email.wake.notify_outbox() after their commit; that wakes both senders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from app.config import Settings
from app.db import background_priority, run_in_session
from app.services.email import wake
from app.services.email.sender import OutboxSender
from app.services.invitations import reminders
from app.services.webhooks.sender import WebhookSender

log = logging.getLogger(__name__)
REMINDER_INTERVAL_SECONDS = 300.0  # reminders go out at most 5 minutes after their threshold


class DeliveryRuntime:
    def __init__(self, settings: Settings, *, reminder_interval: float = REMINDER_INTERVAL_SECONDS,
                 poll_seconds: float | None = None, leads: Callable[[], Awaitable[bool]] | None = None) -> None:
        """`leads`: whether this process runs the once-per-cluster reminder pass now (Runtime.leads);
        without it, always. The senders claim each row, so every instance may run them."""
        self.settings = settings
        self._leads = leads
        self.sender = OutboxSender(settings) if poll_seconds is None else OutboxSender(settings,
                                                                                       poll_seconds=poll_seconds)
        self.webhooks = WebhookSender(settings)
        self.reminder_interval = reminder_interval
        self._reminders: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.sender.start()
        await self.webhooks.start()
        wake.install(asyncio.get_running_loop(), self._notify)
        self._reminders = asyncio.create_task(self._reminders_forever(), name='invitation-reminders')

    async def stop(self) -> None:
        wake.install(None, None)
        if self._reminders is not None:
            self._reminders.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reminders
            self._reminders = None
        await self.sender.stop()
        await self.webhooks.stop()

    def _notify(self) -> None:
        self.sender.notify()
        self.webhooks.notify()

    async def queue_reminders(self) -> int:
        with background_priority():
            queued = await run_in_session(reminders.queue_due, self.settings.reminder_hours)
        if queued:
            log.info('queued %d invitation reminders', queued)
            self.sender.notify()
        return queued

    async def reminder_pass(self) -> int | None:
        """Queue due reminders if this process leads the cluster (None: another process does it)."""
        if self._leads is not None and not await self._leads():
            return None
        return await self.queue_reminders()

    async def _reminders_forever(self) -> None:
        while True:
            try:
                await self.reminder_pass()
            except Exception:
                log.exception('reminder pass failed')
            await asyncio.sleep(self.reminder_interval)
