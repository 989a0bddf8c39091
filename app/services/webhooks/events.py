"""Emit an event: one delivery row per active endpoint that subscribed to it, added to the caller's
transaction — so an event exists exactly when the change it reports was committed."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import Session, select

from app.db_types import utcnow
from app.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


def emit(session: Session, organization_id: int, event: str, data: dict[str, Any]) -> int:
    """Queue `event` for the organization's subscribers; returns how many deliveries were queued."""
    endpoints = session.exec(select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id,
                                                           WebhookEndpoint.is_active == True)).all()  # noqa: E712
    now = utcnow()
    queued = 0
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        assert endpoint.id is not None
        message_id = f'msg_{secrets.token_urlsafe(18)}'
        payload = {'type': event, 'timestamp': now.isoformat(), 'data': data}
        session.add(WebhookDelivery(organization_id=organization_id, endpoint_id=endpoint.id, message_id=message_id,
                                    event=event, payload=payload, status=DeliveryStatus.pending, next_attempt_at=now))
        queued += 1
    return queued
