"""Create invitations: one candidate (optionally with a resume) or many from a CSV, each with a deadline
and an invitation email queued in the same transaction (the email exists only if the invitation does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from app import media
from app.db_types import utcnow
from app.errors import Conflict, Invalid
from app.models import Candidate, Job, User
from app.services import audit
from app.services.applications import ApplicantDetails, CheckedResume, new_interview, resume_columns
from app.services.email.templates import Rendered
from app.services.invitations import messages
from app.services.invitations.csv_rows import CsvRow
from app.services.jobs import get_job

MAX_DEADLINE_DAYS = 90


@dataclass(frozen=True)
class Invited:
    candidate_id: int
    name: str
    email: str
    token: str
    deadline_at: datetime
    outbox_id: int


@dataclass
class BulkResult:
    invited: list[Invited] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {'line', 'email', 'reason'}


def resolve_deadline(job: Job, deadline: datetime | None, now: datetime | None = None) -> datetime:
    now = now or utcnow()
    if deadline is None:
        return now + timedelta(days=job.invite_deadline_days)
    if deadline.tzinfo is None:
        raise Invalid('deadline: give a time zone (e.g. 2026-12-31T17:00:00Z).',
                      {'deadline': 'Give a time zone, e.g. 2026-12-31T17:00:00Z.'})
    if deadline <= now:
        raise Invalid('deadline: the deadline must be in the future.', {'deadline': 'Must be in the future.'})
    if deadline > now + timedelta(days=MAX_DEADLINE_DAYS):
        message = f'The deadline can be at most {MAX_DEADLINE_DAYS} days away.'
        raise Invalid(f'deadline: {message}', {'deadline': message})
    return deadline


def check_person(name: str, email: str) -> ApplicantDetails:
    try:
        return ApplicantDetails(name=name, email=email)
    except ValidationError as exc:
        raise Invalid.from_validation(exc) from None


def invite_one(session: Session, user: User, job_id: int, name: str, email: str, *,
               deadline: datetime | None = None, request_base_url: str | None = None,
               resume: CheckedResume | None = None, resume_file: str | None = None) -> Invited:
    """Invite one candidate; Conflict when this email already applied or was invited to the job.
    `resume_file` is where the caller already stored `resume` (media name); None: no resume."""
    job = get_job(session, user.organization_id, job_id)
    person = check_person(name, email)
    due = resolve_deadline(job, deadline)
    if _taken(session, job, person.email):
        raise Conflict(f'{person.email} already has an application or invitation for this job.')
    invited = _create(session, user, job, person, due, request_base_url, resume, resume_file)
    session.commit()
    return invited


def invite_many(session: Session, user: User, job_id: int, rows: list[CsvRow], *,
                deadline: datetime | None = None, request_base_url: str | None = None) -> BulkResult:
    """Invite every valid row; bad or duplicate rows are reported in `skipped`, nothing else is lost."""
    job = get_job(session, user.organization_id, job_id)
    due = resolve_deadline(job, deadline)
    result = BulkResult()
    seen: set[str] = set()
    for row in rows:
        try:
            person = check_person(row.name, row.email)
        except Invalid as exc:
            result.skipped.append({'line': row.line, 'email': row.email, 'reason': exc.message})
            continue
        if person.email in seen or _taken(session, job, person.email):
            result.skipped.append({'line': row.line, 'email': person.email,
                                   'reason': 'already has an application or invitation for this job'})
            continue
        seen.add(person.email)
        result.invited.append(_create(session, user, job, person, due, request_base_url, None, None))
    if result.invited:
        audit.record(session, organization_id=job.organization_id, actor=user, action='candidate.invited_bulk',
                     subject_type='job', subject_id=job.id,
                     detail={'invited': len(result.invited), 'skipped': len(result.skipped)})
    session.commit()
    return result


def preview(session: Session, user: User, job_id: int, name: str, email: str, *,
            deadline: datetime | None = None) -> Rendered:
    """What the invitation email will say (with a placeholder link: the real one is made on sending)."""
    job = get_job(session, user.organization_id, job_id)
    sample = Candidate(organization_id=job.organization_id, job_id=job.id or 0, name=name.strip() or 'Candidate',
                       email=email.strip() or 'candidate@example.com', deadline_at=resolve_deadline(job, deadline))
    link = '(the candidate’s personal interview link)'
    return messages.compose(session, 'invitation', job, sample, link, messages.contact_for(session, job, user)).rendered


def _taken(session: Session, job: Job, email: str) -> bool:
    return session.exec(select(Candidate.id).where(Candidate.job_id == job.id, Candidate.email == email)).first() \
        is not None


def _create(session: Session, user: User, job: Job, person: ApplicantDetails, deadline: datetime,
            request_base_url: str | None, resume: CheckedResume | None, resume_file: str | None) -> Invited:
    assert job.id is not None
    now = utcnow()
    columns = resume_columns(job, resume, resume_file) if resume is not None and resume_file is not None else {}
    candidate = Candidate(organization_id=job.organization_id, job_id=job.id, name=person.name, email=person.email,
                          invited_at=now, deadline_at=deadline, **columns)
    session.add(candidate)
    session.flush()
    assert candidate.id is not None
    interview = new_interview(session, candidate)
    message = messages.queue(session, 'invitation', job, candidate, interview, request_base_url, user)
    session.flush()
    assert message.id is not None
    audit.record(session, organization_id=job.organization_id, actor=user, action='candidate.invited',
                 subject_type='candidate', subject_id=candidate.id,
                 detail={'job_id': job.id, 'deadline': deadline.isoformat()})
    return Invited(candidate.id, candidate.name, candidate.email, interview.token, deadline, message.id)


def store_resume(resume: CheckedResume) -> str:
    """Write an invitee's resume under a generated name (call before invite_one; delete it if that fails)."""
    name = media.new_name('resumes', resume.analysis.kind)
    media.write(name, resume.data)
    return name
