"""Job postings: create, edit, activate/deactivate, delete, list with counts, public lookup by code."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator, model_validator
from sqlmodel import Session, col, func, or_, select

from app.db_types import utcnow
from app.errors import Invalid, NotFound
from app.languages import LANGUAGES
from app.models import Candidate, Interview, InterviewStatus, Job, JobQuestion, JobReviewer, User
from app.permissions import visible_job_ids
from app.services import audit, matching, purge
from app.services.accommodations import MAX_RERECORDS, JobAccommodations, Multiplier, TypedAnswers
from app.skills import canonical_skill, taxonomy
from app.validation import parse_input

# No 0/O, 1/I/L: a code read aloud or copied from paper can't be mistyped into another one.
JOB_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
JOB_CODE_LENGTH = 6
MAX_DESCRIPTION = 50_000
MAX_SKILLS = 30
MAX_SKILL_LENGTH = 60

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _clean_skills(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in value.split(',')]
    if not isinstance(value, list):
        raise ValueError('must be a list of skill names')
    if len(value) > MAX_SKILLS:
        raise ValueError(f'at most {MAX_SKILLS} skills (got {len(value)})')
    cleaned: dict[str, str] = {}
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError('skill names cannot be empty')
        if len(item.strip()) > MAX_SKILL_LENGTH:
            raise ValueError(f'a skill name is at most {MAX_SKILL_LENGTH} characters')
        name = canonical_skill(item)
        cleaned.setdefault(name.casefold(), name)
    return list(cleaned.values())


MAX_CODING_QUESTIONS = 3


class JobFields(JobAccommodations):
    """Shared validation for create and update; every field optional here, required ones in JobCreate."""

    title: Title | None = None
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    must_have_skills: list[str] | None = None
    nice_to_have_skills: list[str] | None = None
    question_count: int | None = Field(default=None, ge=3, le=15)
    answer_time_limit_seconds: int | None = Field(default=None, ge=30, le=600)
    language: str | None = None
    follow_ups_enabled: bool | None = None
    coding_enabled: bool | None = None
    coding_question_count: int | None = Field(default=None, ge=1, le=MAX_CODING_QUESTIONS)
    is_active: bool | None = None
    invite_deadline_days: int | None = Field(default=None, ge=1, le=90)

    @field_validator('must_have_skills', 'nice_to_have_skills', mode='before')
    @classmethod
    def _skills(cls, value: Any) -> list[str] | None:
        return None if value is None else _clean_skills(value)

    @field_validator('language')
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(f'unsupported language; choose one of {", ".join(sorted(LANGUAGES))}')
        return value

    @field_validator('description')
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        return value.strip() if value is not None else None


class JobCreate(JobFields):
    title: Title
    description: str = Field(default='', max_length=MAX_DESCRIPTION)
    must_have_skills: list[str] = Field(default_factory=list)
    nice_to_have_skills: list[str] = Field(default_factory=list)
    question_count: int = Field(default=10, ge=3, le=15)
    answer_time_limit_seconds: int = Field(default=180, ge=30, le=600)
    invite_deadline_days: int = Field(default=7, ge=1, le=90)
    language: str = 'en'
    follow_ups_enabled: bool = False
    coding_enabled: bool = False
    coding_question_count: int = Field(default=1, ge=1, le=MAX_CODING_QUESTIONS)
    is_active: bool = True
    typed_answers: TypedAnswers = 'fallback'
    time_multiplier: Multiplier = 1.0
    rerecord_limit: int = Field(default=1, ge=0, le=MAX_RERECORDS)
    accommodation_contact: str = Field(default='', max_length=254)

    @model_validator(mode='after')
    def _no_overlap(self) -> JobCreate:
        must = {s.casefold() for s in self.must_have_skills}
        self.nice_to_have_skills = [s for s in self.nice_to_have_skills if s.casefold() not in must]
        return self


class JobUpdate(JobFields):
    pass


@dataclass(frozen=True)
class JobListItem:
    job: Job
    candidates: int
    completed_interviews: int


def create_job(session: Session, user: User, data: JobCreate | dict[str, Any]) -> Job:
    values = parse_input(JobCreate, data)
    job = Job(
        organization_id=user.organization_id,
        created_by_id=user.id,
        job_code=_unused_job_code(session),
        **values.model_dump(exclude_none=True),
    )
    session.add(job)
    session.flush()
    audit.record(session, organization_id=user.organization_id, actor=user, action='job.create',
                 subject_type='job', subject_id=job.id, detail={'title': job.title, 'job_code': job.job_code})
    session.commit()
    return job


def update_job(session: Session, user: User, job_id: int, data: JobUpdate | dict[str, Any]) -> Job:
    values = parse_input(JobUpdate, data)
    job = get_job(session, user.organization_id, job_id)
    must_before = list(job.must_have_skills)
    changes = values.model_dump(exclude_none=True)
    if 'title' in values.model_fields_set and values.title is None:
        raise Invalid('title: a job needs a title', {'title': 'A job needs a title'})
    for key, value in changes.items():
        setattr(job, key, value)
    must = {s.casefold() for s in job.must_have_skills}
    job.nice_to_have_skills = [s for s in job.nice_to_have_skills if s.casefold() not in must]
    job.updated_at = utcnow()
    session.add(job)
    if job.must_have_skills != must_before:
        matching.recompute_job_matches(session, job)  # the candidate list sorts by this figure
    audit.record(session, organization_id=user.organization_id, actor=user, action='job.update',
                 subject_type='job', subject_id=job.id, detail={'fields': sorted(changes)})
    session.commit()
    return job


def set_active(session: Session, user: User, job_id: int, active: bool) -> Job:
    return update_job(session, user, job_id, JobUpdate(is_active=active))


def delete_job(session: Session, user: User, job_id: int) -> None:
    """Delete a job with everything under it: candidates, interviews, answers and their files."""
    job = get_job(session, user.organization_id, job_id)
    purged = purge.delete_candidate_rows(session, col(Candidate.job_id) == job.id)
    for rule in session.exec(select(JobQuestion).where(JobQuestion.job_id == job.id)).all():
        session.delete(rule)
    for assignment in session.exec(select(JobReviewer).where(JobReviewer.job_id == job.id)).all():
        session.delete(assignment)
    session.flush()  # the assignments go first: SQLite checks the job's foreign keys at its DELETE
    audit.record(session, organization_id=user.organization_id, actor=user, action='job.delete',
                 subject_type='job', subject_id=job.id, detail={'title': job.title, 'job_code': job.job_code})
    session.delete(job)
    session.commit()
    purged.remove_files()  # after the commit: a rollback must never leave rows pointing at deleted files


def get_job(session: Session, organization_id: int, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.organization_id != organization_id:
        raise NotFound('Job not found.')
    return job


def list_visible_jobs(session: Session, user: User, search: str = '') -> list[JobListItem]:
    """The jobs this user may see: every job of the organization, or a reviewer's assigned ones."""
    return list_jobs(session, user.organization_id, search, job_ids=visible_job_ids(session, user))


def list_jobs(session: Session, organization_id: int, search: str = '', *, include_inactive: bool = True,
              job_ids: Collection[int] | None = None) -> list[JobListItem]:
    candidates = (
        select(Candidate.job_id, func.count().label('n')).group_by(col(Candidate.job_id)).subquery()
    )
    completed = (
        select(Candidate.job_id, func.count().label('n'))
        .join(Interview, col(Interview.candidate_id) == col(Candidate.id))
        .where(Interview.status == InterviewStatus.completed)
        .group_by(col(Candidate.job_id))
        .subquery()
    )
    query = (
        select(Job, func.coalesce(candidates.c.n, 0), func.coalesce(completed.c.n, 0))
        .outerjoin(candidates, candidates.c.job_id == Job.id)
        .outerjoin(completed, completed.c.job_id == Job.id)
        .where(Job.organization_id == organization_id)
    )
    if not include_inactive:
        query = query.where(col(Job.is_active).is_(True))
    if job_ids is not None:
        query = query.where(col(Job.id).in_(list(job_ids)))
    term = search.strip()
    if term:
        needle = term.lower()
        query = query.where(or_(  # autoescape: % and _ in the search are literal characters
            func.lower(Job.title).contains(needle, autoescape=True),
            func.lower(Job.job_code).contains(needle, autoescape=True),
        ))
    query = query.order_by(col(Job.is_active).desc(), col(Job.created_at).desc(), col(Job.id).desc())
    return [JobListItem(job, int(n), int(done)) for job, n, done in session.exec(query).all()]


NO_OPEN_JOB = 'No open job has this code. Check the code or the link you were given.'


def find_open_job(session: Session, job_code: str) -> Job:
    """The active job for a public code (case-insensitive); unknown and inactive look the same."""
    code = job_code.strip().upper()
    if len(code) != JOB_CODE_LENGTH or any(ch not in JOB_CODE_ALPHABET for ch in code):
        raise NotFound(NO_OPEN_JOB)
    job = session.exec(select(Job).where(Job.job_code == code)).first()
    if job is None or not job.is_active:
        raise NotFound(NO_OPEN_JOB)
    return job


def new_job_code() -> str:
    return ''.join(secrets.choice(JOB_CODE_ALPHABET) for _ in range(JOB_CODE_LENGTH))


def _unused_job_code(session: Session) -> str:
    # 31^6 ≈ 887 million codes: a collision is rare, and the unique index is the final guard.
    for _ in range(20):
        code = new_job_code()
        if session.exec(select(func.count()).select_from(Job).where(Job.job_code == code)).one() == 0:
            return code
    raise RuntimeError('could not find a free job code')


def suggest_skills(description: str, exclude: list[str] | None = None, limit: int = 15) -> list[str]:
    """Taxonomy skills the job description mentions, minus those already chosen."""
    taken = {canonical_skill(s).casefold() for s in exclude or [] if s.strip()}  # 'postgres' covers 'PostgreSQL'
    found = taxonomy().find_in_text(description[:MAX_DESCRIPTION])
    return [skill for skill in found if skill.casefold() not in taken][:limit]
