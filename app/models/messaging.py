"""What goes out of the system, committed before it is sent: emails (the outbox) and webhook
deliveries to the endpoints an organization registered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.columns import created_at_field as _created_at
from app.models.columns import json_dict_field as _json_dict
from app.models.columns import json_list_field as _json_list
from app.models.columns import text_field as _text
from app.models.columns import timestamp_field as _timestamp
from app.models.enums import DeliveryStatus, OutboxStatus


class OutboxMessage(SQLModel, table=True):
    """One email, committed before it is sent. A sender claims a row (pending → sending) in its own
    transaction before talking to the SMTP server, so a row is never sent twice."""

    __tablename__ = 'outbox'
    __table_args__ = (Index('ix_outbox_status_next', 'status', 'next_attempt_at'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    candidate_id: int | None = Field(default=None, index=True)  # no FK: the log outlives a deleted candidate
    kind: str = Field(max_length=32)  # invitation | reminder | resend | link_again
    to_email: str = Field(max_length=254)
    to_name: str = Field(default='', max_length=200)
    subject: str = Field(max_length=300)
    body_text: str = _text()
    body_html: str = _text()
    ics: str | None = _text(nullable=True)  # the deadline as a calendar attachment
    link: str | None = Field(default=None, max_length=500)  # what HR copies by hand when email is off
    status: str = Field(default=OutboxStatus.pending, max_length=16, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = _timestamp()
    claimed_at: datetime | None = _timestamp()
    last_error: str | None = _text(nullable=True)
    sent_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()


class WebhookEndpoint(SQLModel, table=True):
    """Where an organization's ATS hears about candidates: a URL, the events it wants, and the signing
    secret (Standard Webhooks, `whsec_…`)."""

    __tablename__ = 'webhook_endpoints'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    url: str = Field(max_length=2000)
    events: list[str] = _json_list()
    secret: str = Field(max_length=200)
    description: str = Field(default='', max_length=200)
    is_active: bool = Field(default=True)
    created_at: datetime = _created_at()


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, committed with the change it reports, then POSTed (with retries)."""

    __tablename__ = 'webhook_deliveries'
    __table_args__ = (Index('ix_webhook_deliveries_status_next', 'status', 'next_attempt_at'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    endpoint_id: int = Field(foreign_key='webhook_endpoints.id', index=True)
    message_id: str = Field(max_length=64, index=True)  # the webhook-id header: the receiver's idempotency key
    event: str = Field(max_length=64)
    payload: dict[str, Any] = _json_dict()
    status: str = Field(default=DeliveryStatus.pending, max_length=16, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = _timestamp()
    last_status_code: int | None = Field(default=None)
    last_error: str | None = _text(nullable=True)
    delivered_at: datetime | None = _timestamp()
    created_at: datetime = _created_at()
