"""Which candidates a report covers: one job or all of an organization's jobs, and the UTC dates they
applied on (both ends inclusive). Shared by the bias audit and the hiring analytics."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, model_validator
from sqlalchemy import or_
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from app.models import Candidate
from app.services.jobs import get_job
from app.validation import DbId

INVITED = col(Candidate.invited_at).is_not(None)
# An application: through the public link, or an invitation the candidate accepted (consent given). An
# invitation not accepted yet is not an application, in the analytics' funnel and the bias audit's count.
APPLIED = or_(col(Candidate.invited_at).is_(None), col(Candidate.consent_at).is_not(None))


class ReportScope(BaseModel):
    job_id: DbId | None = None  # None: every job of the organization
    date_from: date | None = None
    date_to: date | None = None

    @model_validator(mode='after')
    def _ordered(self) -> ReportScope:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError('the start date must not be after the end date')
        return self

    def describe(self, job_title: str | None) -> str:
        start = self.date_from.isoformat() if self.date_from else 'the first application'
        end = self.date_to.isoformat() if self.date_to else 'today'
        return f'{job_title or "All jobs"}, candidates who applied from {start} to {end} (UTC, inclusive)'


def candidate_filters(session: Session, organization_id: int, scope: ReportScope,
                      job_ids: Collection[int] | None = None) -> list[ColumnElement[bool]]:
    """Organization, job (NotFound unless it is the organization's) and application dates; `job_ids`
    (a reviewer's assigned jobs) narrows to those jobs, None means every job."""
    where = [col(Candidate.organization_id) == organization_id]
    if job_ids is not None:
        where.append(col(Candidate.job_id).in_(list(job_ids)))
    if scope.date_from:
        where.append(col(Candidate.created_at) >= datetime.combine(scope.date_from, time.min, UTC))
    if scope.date_to:
        where.append(col(Candidate.created_at) < datetime.combine(scope.date_to + timedelta(days=1), time.min, UTC))
    if scope.job_id is not None:
        get_job(session, organization_id, scope.job_id)
        where.append(col(Candidate.job_id) == scope.job_id)
    return where


def job_title(session: Session, organization_id: int, scope: ReportScope) -> str | None:
    return get_job(session, organization_id, scope.job_id).title if scope.job_id is not None else None
