"""HR's side of candidates: list a job's applicants, open one, change status, download, delete.

Every query is scoped by organization: a candidate of another organization is NotFound, exactly
like a missing one. The public apply flow lives in app.services.applications.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, select

from app import media
from app.db_types import utcnow
from app.errors import Invalid, NotFound
from app.models import Candidate, CandidateStatus, Interview, Job, User
from app.services import audit, purge
from app.services.accommodations import Accommodations, CandidateAccommodations, effective
from app.services.jobs import get_job
from app.services.review_access import CANDIDATE_NOT_FOUND
from app.services.webhooks import payloads as webhook_payloads
from app.validation import parse_input

NOTE_MAX = 2000


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    interview_status: str | None


@dataclass(frozen=True)
class CandidateDetail:
    candidate: Candidate
    job: Job
    interview: Interview | None


@dataclass(frozen=True)
class ResumeFile:
    path: Path
    filename: str
    mime: str


class CandidateUpdate(BaseModel):
    status: CandidateStatus | None = None
    status_note: str | None = Field(default=None, max_length=NOTE_MAX)

    @field_validator('status_note')
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


def list_candidates(session: Session, organization_id: int, job_id: int) -> list[CandidateRow]:
    """A job's candidates, newest first (NotFound for a job of another organization)."""
    job = get_job(session, organization_id, job_id)
    rows = session.exec(
        select(Candidate, Interview.status)
        .outerjoin(Interview, col(Interview.candidate_id) == col(Candidate.id))
        .where(Candidate.job_id == job.id, Candidate.organization_id == organization_id)
        .order_by(col(Candidate.created_at).desc(), col(Candidate.id).desc())
    ).all()
    return [CandidateRow(candidate, status) for candidate, status in rows]


def get_candidate(session: Session, organization_id: int, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.organization_id != organization_id:
        raise NotFound(CANDIDATE_NOT_FOUND)
    return candidate


def candidate_detail(session: Session, organization_id: int, candidate_id: int) -> CandidateDetail:
    candidate = get_candidate(session, organization_id, candidate_id)
    job = get_job(session, organization_id, candidate.job_id)
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate.id)).first()
    return CandidateDetail(candidate, job, interview)


def update_candidate(session: Session, user: User, candidate_id: int,
                     data: CandidateUpdate | dict[str, Any]) -> Candidate:
    """Change status and/or its note. A new status replaces the old note: a note explains a status."""
    values = parse_input(CandidateUpdate, data)
    if values.status is None and 'status_note' not in values.model_fields_set:
        raise Invalid('Nothing to change: send a status and/or a status_note.', {'status': 'Choose a status'})
    candidate = get_candidate(session, user.organization_id, candidate_id)
    before = (candidate.status, candidate.status_note)
    if values.status is not None and values.status != candidate.status:
        candidate.status = values.status
        candidate.status_note = values.status_note
    elif 'status_note' in values.model_fields_set:
        candidate.status_note = values.status_note
    if (candidate.status, candidate.status_note) == before:
        return candidate
    candidate.updated_at = candidate.decided_at = utcnow()
    candidate.decided_by = user.email
    session.add(candidate)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.status',
                 subject_type='candidate', subject_id=candidate.id,
                 detail={'from': before[0], 'to': candidate.status, 'note': candidate.status_note})
    webhook_payloads.candidate_decided(session, candidate, before[0], user.email)
    session.commit()
    return candidate


def resume_file(session: Session, user: User, candidate_id: int) -> ResumeFile:
    """Where the original resume is, for a download; the download is recorded in the audit trail."""
    candidate = get_candidate(session, user.organization_id, candidate_id)
    if not candidate.resume_file or not media.exists(candidate.resume_file):
        raise NotFound('This candidate has no resume file.')
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.resume_download',
                 subject_type='candidate', subject_id=candidate.id)
    session.commit()
    return ResumeFile(media.path_of(candidate.resume_file), candidate.resume_filename or 'resume',
                      candidate.resume_mime or 'application/octet-stream')


def delete_candidate(session: Session, user: User, candidate_id: int) -> int:
    """Delete a candidate with the interview, questions, answers and every file; returns the job id."""
    candidate = get_candidate(session, user.organization_id, candidate_id)
    job_id = candidate.job_id
    job = session.get(Job, job_id)
    session.expunge(candidate)  # the bulk delete below removes the row
    purged = purge.delete_candidate_rows(session, col(Candidate.id) == candidate_id)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.delete',
                 subject_type='candidate', subject_id=candidate_id, detail={'job_id': job_id},
                 subject_label=audit.erased_candidate_label(candidate_id, job.title if job else ''))
    session.commit()
    purged.remove_files()  # after the commit: a rollback must never leave rows pointing at deleted files
    return job_id


def set_accommodations(session: Session, user: User, candidate_id: int,
                       data: CandidateAccommodations | dict[str, Any], *, ip: str | None = None) -> Accommodations:
    """Replace HR's override for one candidate (None fields go back to the job's default)."""
    values = parse_input(CandidateAccommodations, data)
    candidate = get_candidate(session, user.organization_id, candidate_id)
    job = session.get(Job, candidate.job_id)
    assert job is not None
    before = dict(candidate.accommodations or {})
    candidate.accommodations = values.model_dump(exclude_none=True)
    candidate.updated_at = utcnow()
    session.add(candidate)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.accommodations',
                 subject_type='candidate', subject_id=candidate.id, ip=ip,
                 detail={'candidate': candidate.name, 'before': before, 'after': candidate.accommodations})
    session.commit()
    return effective(job, candidate)


def accommodations_of(session: Session, organization_id: int, candidate_id: int) -> Accommodations:
    candidate = get_candidate(session, organization_id, candidate_id)
    job = session.get(Job, candidate.job_id)
    assert job is not None
    return effective(job, candidate)
