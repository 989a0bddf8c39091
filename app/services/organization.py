"""Organization settings: how long interview recordings are kept."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session

from app.errors import Forbidden, NotFound
from app.models import Organization, Role, User
from app.services import audit
from app.validation import parse_input

MAX_RETENTION_DAYS = 3650


class OrganizationSettings(BaseModel):
    # None keeps recordings until the candidate is deleted.
    recording_retention_days: int | None = Field(default=None, ge=1, le=MAX_RETENTION_DAYS)


def get_organization(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound('Organization not found.')
    return organization


def update_settings(session: Session, user: User, data: OrganizationSettings | dict[str, Any]) -> Organization:
    if user.role != Role.admin:
        raise Forbidden('Only an organization admin can change these settings.')
    values = parse_input(OrganizationSettings, data)
    organization = get_organization(session, user.organization_id)
    before = organization.recording_retention_days
    if before == values.recording_retention_days:
        return organization
    organization.recording_retention_days = values.recording_retention_days
    session.add(organization)
    audit.record(session, organization_id=user.organization_id, actor=user, action='organization.retention',
                 subject_type='organization', subject_id=organization.id,
                 detail={'from': before, 'to': values.recording_retention_days})
    session.commit()
    return organization
