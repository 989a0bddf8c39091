"""/api/v1 audit trail (read-only: nothing edits or deletes it) and organization settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.api.deps import Auditing, Id, IdQuery, ReadSession, SettingsAdmin, SignedIn
from app.db import run_in_session
from app.models import AuditEvent
from app.services import audit, organization
from app.services.candidates import get_candidate
from app.services.organization import OrganizationSettings
from app.validation import MAX_ID

router = APIRouter(tags=['audit & settings'])
ACTION_HELP = "an action (e.g. candidate.override), or a prefix ending in '.' (e.g. candidate.)"


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor: str  # the user's email, or 'system' for scheduled jobs
    actor_user_id: int | None
    action: str
    subject_type: str | None
    subject_id: int | None
    subject_label: str | None  # the subject as named when the event was written ("Jane Doe (candidate #1)")
    detail: dict[str, Any]
    ip: str | None  # the client address of a person's action (API or UI); None for scheduled jobs


class AuditPageOut(BaseModel):
    total: int
    events: list[AuditEventOut]


class OrganizationOut(BaseModel):
    id: int
    name: str
    recording_retention_days: int | None


@router.get('/audit', response_model=AuditPageOut)
def list_audit(user: Auditing, session: ReadSession,
               action: Annotated[str | None, Query(max_length=64, description=ACTION_HELP)] = None,
               subject_type: Annotated[str | None, Query(max_length=32)] = None,
               subject_id: IdQuery = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0) -> AuditPageOut:
    """The organization's audit trail, newest first."""
    events, total = audit.page(session, user.organization_id, limit=limit, offset=offset, action=action,
                               subject_type=subject_type, subject_id=subject_id)
    return AuditPageOut(total=total, events=[event_out(e) for e in events])


@router.get('/candidates/{candidate_id}/audit', response_model=list[AuditEventOut])
def candidate_audit(candidate_id: Id, user: Auditing, session: ReadSession) -> list[AuditEventOut]:
    """Every recorded action on this candidate, newest first."""
    get_candidate(session, user.organization_id, candidate_id)
    return [event_out(e) for e in audit.list_events(session, user.organization_id, subject_type='candidate',
                                                    subject_id=candidate_id, limit=1000)]


@router.get('/organization', response_model=OrganizationOut)
def get_organization(user: SignedIn, session: ReadSession) -> OrganizationOut:
    org = organization.get_organization(session, user.organization_id)
    return OrganizationOut.model_validate(org, from_attributes=True)


@router.patch('/organization', response_model=OrganizationOut)
async def update_organization(body: OrganizationSettings, user: SettingsAdmin) -> OrganizationOut:
    """Admins only. recording_retention_days: 1–3650, or null to keep recordings until deletion."""
    org = await run_in_session(organization.update_settings, user, body)
    return OrganizationOut.model_validate(org, from_attributes=True)


def event_out(event: AuditEvent) -> AuditEventOut:
    assert event.id is not None
    return AuditEventOut(id=event.id, at=event.created_at, actor=event.actor_label, actor_user_id=event.actor_user_id,
                         action=event.action, subject_type=event.subject_type, subject_id=event.subject_id,
                         subject_label=event.subject_label, detail=dict(event.detail), ip=event.ip)
