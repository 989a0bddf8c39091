"""Append-only audit trail of HR actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from app.models import AuditEvent, User


def record(
    session: Session,
    *,
    organization_id: int,
    action: str,
    actor: User | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Add an audit row to the caller's transaction (it commits with the action it describes)."""
    event = AuditEvent(
        organization_id=organization_id,
        actor_user_id=actor.id if actor else None,
        actor_label=actor.email if actor else 'system',
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail or {},
        ip=ip,
    )
    session.add(event)
    return event


def list_events(
    session: Session,
    organization_id: int,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Sequence[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.organization_id == organization_id)
    if subject_type is not None:
        query = query.where(AuditEvent.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    query = query.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
    return session.exec(query.offset(offset).limit(min(limit, 1000))).all()
