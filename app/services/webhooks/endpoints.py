"""Webhook endpoints of an organization: add (URL checked, secret generated), list, switch off, remove."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, delete, select

from app.config import get_settings
from app.errors import Conflict, NotFound
from app.models import User, WebhookDelivery, WebhookEndpoint
from app.services import audit
from app.services.webhooks.ssrf import check_url
from app.validation import parse_input

EVENTS = ('candidate.applied', 'interview.started', 'interview.completed', 'candidate.decided', 'candidate.deleted')
MAX_ENDPOINTS = 20


class EndpointIn(BaseModel):
    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=lambda: list(EVENTS))
    description: str = Field(default='', max_length=200)

    @field_validator('events')
    @classmethod
    def _events(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(EVENTS))
        if unknown:
            raise ValueError(f'unknown events: {", ".join(unknown)}; choose from {", ".join(EVENTS)}')
        if not value:
            raise ValueError('choose at least one event')
        return [e for e in EVENTS if e in value]


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes."""
    return 'whsec_' + base64.b64encode(secrets.token_bytes(32)).decode()


def create(session: Session, user: User, data: EndpointIn | dict[str, object]) -> WebhookEndpoint:
    values = parse_input(EndpointIn, data)
    url = check_url(values.url, allow_private=get_settings().webhook_allow_private)
    count = len(list_endpoints(session, user.organization_id))
    if count >= MAX_ENDPOINTS:
        raise Conflict(f'An organization can have at most {MAX_ENDPOINTS} webhook endpoints.')
    endpoint = WebhookEndpoint(organization_id=user.organization_id, url=url, events=values.events,
                               secret=new_secret(), description=values.description.strip())
    session.add(endpoint)
    session.flush()
    audit.record(session, organization_id=user.organization_id, actor=user, action='webhook.created',
                 subject_type='webhook', subject_id=endpoint.id, detail={'url': url, 'events': values.events})
    session.commit()
    return endpoint


def list_endpoints(session: Session, organization_id: int) -> Sequence[WebhookEndpoint]:
    return session.exec(select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id)
                        .order_by(col(WebhookEndpoint.id))).all()


def get(session: Session, organization_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organization_id != organization_id:
        raise NotFound('No such webhook endpoint.')
    return endpoint


def remove(session: Session, user: User, endpoint_id: int) -> None:
    endpoint = get(session, user.organization_id, endpoint_id)
    session.exec(delete(WebhookDelivery).where(col(WebhookDelivery.endpoint_id) == endpoint.id))
    session.delete(endpoint)
    audit.record(session, organization_id=user.organization_id, actor=user, action='webhook.deleted',
                 subject_type='webhook', subject_id=endpoint_id, detail={'url': endpoint.url})
    session.commit()
