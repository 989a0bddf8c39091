"""The background sender: drains the outbox while the app runs.

Each due row is claimed (committed) before the SMTP conversation; a failure puts it back as pending
with a backoff delay (app/backoff.py), or marks it failed after EMAIL_MAX_ATTEMPTS or on a permanent
(5xx) refusal. With no SMTP_HOST the sender does nothing and messages wait in the outbox for HR.
"""

from __future__ import annotations

import logging
from datetime import datetime

from app.backoff import backoff_delay
from app.config import Settings
from app.db import background_priority, run_in_session, run_read
from app.services.email import outbox, smtp
from app.services.polling_sender import PollingSender

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 30.0  # a message queued by another process is picked up within this long


class OutboxSender(PollingSender):
    name = 'email-outbox-sender'

    def __init__(self, settings: Settings, *, poll_seconds: float = IDLE_POLL_SECONDS) -> None:
        super().__init__(poll_seconds)
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return self.settings.smtp_configured

    async def start(self) -> None:
        with background_priority():
            recovered = await run_in_session(outbox.recover_interrupted)
        if recovered:
            log.warning('%d emails were interrupted mid-send by the last shutdown; marked failed', recovered)
        if self.enabled:
            self.start_loop()
        else:
            log.info('SMTP_HOST is not set: emails stay in the outbox for HR to copy links by hand')

    async def run_once(self) -> int:
        """Try every due message once; returns how many were sent."""
        if not self.enabled:
            return 0
        sent = 0
        ids = await run_read(outbox.due_ids)
        for message_id in ids:
            if await self._deliver(message_id):
                sent += 1
        return sent

    async def _deliver(self, message_id: int) -> bool:
        with background_priority():
            row = await run_in_session(outbox.claim, message_id)
        if row is None:
            return False  # another sender took it
        try:
            try:
                await smtp.send(self.settings, row)
            except smtp.SendError:
                raise
            except Exception as unexpected:  # a bug must not leave the row claimed (and unsendable) forever
                raise smtp.SendError(f'Sending failed: {unexpected!r}', permanent=False) from unexpected
        except smtp.SendError as exc:
            retry_in = None
            if not exc.permanent and row.attempts < self.settings.email_max_attempts:
                retry_in = backoff_delay(row.attempts - 1, self.settings.email_retry_base_seconds,
                                         self.settings.email_retry_max_seconds)
            with background_priority():
                await run_in_session(outbox.mark_failed, message_id, str(exc), retry_in=retry_in)
            log.warning('email %s attempt %d failed (%s): %s', message_id, row.attempts,
                        'retrying' if retry_in is not None else 'giving up', exc)
            return False
        with background_priority():
            await run_in_session(outbox.mark_sent, message_id)
        log.info('email %s (%s) sent', message_id, row.kind)
        return True

    async def next_due_at(self) -> datetime | None:
        return await run_read(outbox.next_due_at)
