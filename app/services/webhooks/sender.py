"""POST due webhook deliveries, signed per Standard Webhooks (webhook-id, webhook-timestamp,
webhook-signature). A 2xx answer is delivered; a timeout, connection error or any other status is
retried with backoff until WEBHOOK_RETRY_HOURS after the event, then marked failed."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime

import httpx
from standardwebhooks import Webhook

from app.backoff import backoff_delay
from app.config import Settings
from app.db import background_priority, run_in_session, run_read
from app.db_types import utcnow
from app.errors import Invalid
from app.models import WebhookDelivery, WebhookEndpoint
from app.services.polling_sender import PollingSender
from app.services.webhooks import deliveries
from app.services.webhooks.ssrf import check_url

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 15.0


def signed_request(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[str, dict[str, str]]:
    body = json.dumps(delivery.payload, separators=(',', ':'), ensure_ascii=False)
    now = utcnow()
    headers = {
        'content-type': 'application/json', 'user-agent': 'Panelist-Webhooks/1',
        'webhook-id': delivery.message_id, 'webhook-timestamp': str(int(now.timestamp())),
        'webhook-signature': Webhook(endpoint.secret).sign(delivery.message_id, now, body),
    }
    return body, headers


class WebhookSender(PollingSender):
    name = 'webhook-sender'

    def __init__(self, settings: Settings, *, poll_seconds: float = IDLE_POLL_SECONDS) -> None:
        super().__init__(poll_seconds)
        self.settings = settings
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        with background_priority():
            await run_in_session(deliveries.recover_interrupted)
        self.start_loop()

    async def stop(self) -> None:
        await super().stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def run_once(self) -> int:
        delivered = 0
        for delivery_id in await run_read(deliveries.due_ids):
            if await self._deliver(delivery_id):
                delivered += 1
        return delivered

    async def _deliver(self, delivery_id: int) -> bool:
        with background_priority():
            claimed = await run_in_session(deliveries.claim, delivery_id)
        if claimed is None:
            return False
        delivery, endpoint = claimed
        status_code: int | None = None
        error: str | None = None
        try:
            # Again at send time: the name may resolve somewhere else now than when it was saved.
            await asyncio.to_thread(check_url, endpoint.url, allow_private=self.settings.webhook_allow_private)
            body, headers = signed_request(endpoint, delivery)
            response = await self._http().post(endpoint.url, content=body.encode(), headers=headers)
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = f'The receiver answered HTTP {status_code}.'
        except Invalid as exc:
            error = exc.message
        except httpx.TimeoutException:
            error = f'The receiver did not answer within {self.settings.webhook_timeout_seconds:g} s.'
        except httpx.HTTPError as exc:
            error = f'Could not reach the receiver: {exc!r}'
        ok = error is None
        retry_in = None
        if not ok:
            age = (utcnow() - delivery.created_at).total_seconds()
            delay = backoff_delay(delivery.attempts - 1, self.settings.webhook_retry_base_seconds,
                                  self.settings.webhook_retry_max_seconds)
            if age + delay <= self.settings.webhook_retry_hours * 3600:
                retry_in = delay
        with background_priority():
            await run_in_session(deliveries.settle, delivery_id, ok=ok, status_code=status_code, error=error,
                                 retry_in=retry_in)
        if not ok:
            log.warning('webhook delivery %s (%s) failed: %s', delivery_id, delivery.event, error)
        return ok

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            # No redirects: a public URL must not bounce the request to an internal address.
            self._client = httpx.AsyncClient(timeout=self.settings.webhook_timeout_seconds, follow_redirects=False)
        return self._client

    async def next_due_at(self) -> datetime | None:
        return await run_read(deliveries.next_due_at)
