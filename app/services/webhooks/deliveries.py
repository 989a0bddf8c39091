"""The webhook delivery outbox: claim before sending (so a row is never posted twice at once), settle
after, give up after WEBHOOK_RETRY_HOURS, and redeliver by hand from the UI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import NotFound
from app.models import DeliveryStatus, User, WebhookDelivery, WebhookEndpoint
from app.services import audit

INTERRUPTED = 'The app stopped during this delivery; it is tried again (receivers deduplicate by webhook-id).'


def due_ids(session: Session, now: datetime | None = None, limit: int = 50) -> list[int]:
    now = now or utcnow()
    query = (select(WebhookDelivery.id).where(WebhookDelivery.status == DeliveryStatus.pending,
                                              col(WebhookDelivery.next_attempt_at) <= now)
             .order_by(col(WebhookDelivery.id)).limit(limit))
    return [int(i) for i in session.exec(query).all() if i is not None]


def next_due_at(session: Session) -> datetime | None:
    return session.exec(select(WebhookDelivery.next_attempt_at).where(WebhookDelivery.status == DeliveryStatus.pending)
                        .order_by(col(WebhookDelivery.next_attempt_at)).limit(1)).first()


def claim(session: Session, delivery_id: int) -> tuple[WebhookDelivery, WebhookEndpoint] | None:
    result = session.exec(
        update(WebhookDelivery)
        .where(col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.status) == DeliveryStatus.pending)
        .values(status=DeliveryStatus.sending, attempts=WebhookDelivery.attempts + 1))
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        session.rollback()
        return None
    session.commit()
    delivery = session.get(WebhookDelivery, delivery_id)
    assert delivery is not None
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    assert endpoint is not None
    session.expunge(delivery)
    session.expunge(endpoint)
    return delivery, endpoint


def settle(session: Session, delivery_id: int, *, ok: bool, status_code: int | None, error: str | None,
           retry_in: float | None) -> None:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return  # the endpoint was removed meanwhile
    delivery.last_status_code = status_code
    delivery.last_error = error[:2000] if error else None
    if ok:
        delivery.status = DeliveryStatus.delivered
        delivery.delivered_at = utcnow()
        delivery.next_attempt_at = None
    elif retry_in is not None:
        delivery.status = DeliveryStatus.pending
        delivery.next_attempt_at = utcnow() + timedelta(seconds=retry_in)
    else:
        delivery.status = DeliveryStatus.failed
        delivery.next_attempt_at = None
    session.add(delivery)
    session.commit()


def recover_interrupted(session: Session) -> int:
    """At startup: a delivery cut off mid-request goes out again (at-least-once; the webhook-id is stable)."""
    result = session.exec(
        update(WebhookDelivery).where(col(WebhookDelivery.status) == DeliveryStatus.sending)
        .values(status=DeliveryStatus.pending, last_error=INTERRUPTED, next_attempt_at=utcnow()))
    session.commit()
    return int(result.rowcount or 0)


def redeliver(session: Session, user: User, delivery_id: int) -> WebhookDelivery:
    """Send again now (same webhook-id and payload): for a failed delivery, or to replay a delivered one."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.organization_id != user.organization_id:
        raise NotFound('No such delivery.')
    if delivery.status != DeliveryStatus.sending:
        delivery.status = DeliveryStatus.pending
        delivery.next_attempt_at = utcnow()
        delivery.attempts = 0
        session.add(delivery)
        audit.record(session, organization_id=user.organization_id, actor=user, action='webhook.redeliver',
                     subject_type='webhook_delivery', subject_id=delivery.id, detail={'event': delivery.event})
        session.commit()
    return delivery


def log(session: Session, organization_id: int, endpoint_id: int | None = None,
        limit: int = 100) -> Sequence[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.organization_id == organization_id)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    return session.exec(query.order_by(col(WebhookDelivery.id).desc()).limit(max(1, min(limit, 1000)))).all()
