"""Candidate intake: the public apply flow shared by the apply page and POST /api/v1/apply/{code}.

Steps, each usable on its own so the page can check a resume before showing the consent step:
check_details → check_resume (read in an isolated worker, nothing stored) → complete_application
(needs consent; stores the file under a generated name, creates Candidate + Interview). Reading a
resume can take a moment, so no database transaction is open meanwhile; the functions open their
own short sessions and are blocking: call them off the event loop.
"""

from __future__ import annotations

import logging
import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, BeforeValidator, Field, field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app import media
from app.config import get_settings
from app.consent import ConsentNotice, consent_notice, notice_version
from app.db import session_scope
from app.db_types import utcnow
from app.documents import ResumeAnalysis, analyze_upload
from app.errors import Conflict, Invalid, RateLimited
from app.i18n import N_, for_language
from app.models import Candidate, Interview, InterviewStatus, Job, Organization
from app.rate_limits import Limiter, window_limiter
from app.security import human_wait
from app.services import link_delivery, matching
from app.services.accommodations import contact_for, effective, offered_sentence
from app.services.email.wake import notify_outbox
from app.services.jobs import find_open_job
from app.services.webhooks import payloads as webhook_payloads
from app.validation import parse_input

log = logging.getLogger(__name__)

NAME_MAX = 200
NO_RESUME = N_('Attach your resume (PDF, DOCX or TXT, at most 5 MB).')


def _consent_flag(value: Any) -> Any:
    # HTML forms send "on"/"true", or nothing at all for an unticked box.
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return value


class ApplicantDetails(BaseModel):
    name: str = Field(default='', validate_default=True)
    email: str = Field(default='', validate_default=True)

    @field_validator('name', mode='before')
    @classmethod
    def _name(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(N_('Enter your name.'))
        value = ' '.join(''.join(ch for ch in value if unicodedata.category(ch)[0] != 'C').split())
        if not value:
            raise ValueError(N_('Enter your name.'))
        if len(value) > NAME_MAX:
            raise ValueError(f'A name can have at most {NAME_MAX} characters.')
        return value

    @field_validator('email', mode='before')
    @classmethod
    def _email(cls, value: Any) -> str:
        text = value.strip() if isinstance(value, str) else ''
        if not text:
            raise ValueError(N_('Enter your email address.'))
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise ValueError(N_('Enter a valid email address, like name@example.com.')) from None


class ApplicationForm(ApplicantDetails):
    consent: Annotated[bool, BeforeValidator(_consent_flag)] = False

    @field_validator('consent')
    @classmethod
    def _required(cls, value: bool) -> bool:
        if not value:
            raise ValueError('Please agree to the notice: without consent the interview cannot take place.')
        return value


@dataclass(frozen=True)
class ApplyTarget:
    """What the apply page shows about an open job."""

    job_code: str
    title: str
    description: str
    must_have_skills: list[str]
    question_count: int
    answer_time_limit_seconds: int
    organization: str
    notice: ConsentNotice
    language: str  # the job's interview language: the apply page is shown in it


@dataclass(frozen=True)
class CheckedResume:
    analysis: ResumeAnalysis
    data: bytes


ALREADY_APPLIED = N_('You have already applied; we have sent your link again.')
LINK_SENT = N_('Thank you for applying. We have sent your interview link to {email}.')
TOO_MANY_APPLICATIONS = N_('Too many applications from your network. Try again in {wait}.')


@dataclass(frozen=True)
class ApplicationResult:
    candidate_id: int
    # The new interview's token; None for a repeat application: an existing link is never handed to
    # an unauthenticated caller, it goes to the email on file (link_delivery.deliver_interview_link).
    token: str | None
    created: bool  # False: this email had already applied; the link was sent to it again


def apply_target(session: Session, job_code: str, language: str | None = None) -> ApplyTarget:
    """The job and its consent notice, in `language` (the candidate's choice) or else the job's language."""
    job = find_open_job(session, job_code)
    organization = session.get(Organization, job.organization_id)
    assert organization is not None
    t = for_language(language or job.language)
    return ApplyTarget(
        job_code=job.job_code, title=job.title, description=job.description,
        must_have_skills=list(job.must_have_skills), question_count=job.question_count,
        answer_time_limit_seconds=job.answer_time_limit_seconds, organization=organization.name,
        notice=consent_notice(organization.name, organization.recording_retention_days, contact=contact_for(job),
                              offered=offered_sentence(effective(job, None), t), t=t),
        language=job.language,
    )


def job_language(job_code: str) -> str:
    """The interview language of an open job (404 for an unknown or closed code)."""
    with session_scope(read_only=True) as session:
        return find_open_job(session, job_code).language


def check_details(data: ApplicantDetails | dict[str, Any]) -> ApplicantDetails:
    if isinstance(data, ApplicantDetails):
        return data
    return parse_input(ApplicantDetails, data)


def check_resume(filename: str | None, data: bytes) -> CheckedResume:
    return CheckedResume(analyze_upload(filename, data), data)


def submit_application(job_code: str, fields: dict[str, Any], filename: str | None, data: bytes | None,
                       notice: str | None = None, ip: str | None = None,
                       base_url: str | None = None) -> ApplicationResult:
    """Everything in one call (the JSON API): form fields, job, resume, then the application."""
    form = parse_input(ApplicationForm, fields)
    with session_scope(read_only=True) as session:
        job = find_open_job(session, job_code)  # an unknown code is a 404 before any file work
        try:
            check_apply_rate(ip)  # a limited client costs no resume parsing…
        except RateLimited:
            if _existing_id(session, job, form.email) is None:  # …but may still ask for its link again
                raise
    with session_scope(read_only=True) as session:
        existing = _existing_id(session, find_open_job(session, job_code), form.email)
    if existing is not None:  # no resume needed to be sent one's own link again
        return _resend(existing, ip, base_url)
    if data is None:
        raise Invalid(f'resume: {NO_RESUME}', {'resume': NO_RESUME})
    resume = check_resume(filename, data)
    return complete_application(job_code, form, resume, consent=form.consent, notice=notice, ip=ip,
                                base_url=base_url)


def complete_application(job_code: str, details: ApplicantDetails, resume: CheckedResume, *, consent: bool,
                         notice: str | None = None, ip: str | None = None,
                         base_url: str | None = None) -> ApplicationResult:
    """Create the application; when this email already applied to this job, send its link to that email again.

    `notice` is the version of the consent notice the candidate was shown, when the caller knows it.
    `ip` is the public client's address: new applications from it are rate-limited (None: not a
    public request, e.g. an import or a test fixture). `base_url` is the request's, for the link emailed
    to an existing application.
    """
    parse_input(ApplicationForm, {'name': details.name, 'email': details.email, 'consent': consent})
    version = notice_version()
    if notice is not None and notice != version:
        raise Conflict('The consent notice changed while you were applying. Please read it again and agree.')
    with session_scope(read_only=True) as session:
        job = find_open_job(session, job_code)
        existing = _existing_id(session, job, details.email)
    if existing is not None:
        return _resend(existing, ip, base_url)
    check_apply_rate(ip)
    stored = media.new_name('resumes', resume.analysis.kind)
    media.write(stored, resume.data)
    try:
        with session_scope() as session:
            job = find_open_job(session, job_code)  # closed meanwhile? then nothing is created
            result = _create(session, job, details, resume, stored, version)
    except IntegrityError:
        media.delete(stored)
        with session_scope(read_only=True) as session:  # the same email won a race by milliseconds
            existing = _existing_id(session, find_open_job(session, job_code), details.email)
        if existing is None:
            raise
        return _resend(existing, ip, base_url)
    except BaseException:
        media.delete(stored)  # no application, no file
        raise
    if ip is not None:
        _apply_limiter().record(f'ip:{ip}')
    log.info('candidate %s applied to job %s', result.candidate_id, job_code)
    if get_settings().apply_link_by_email_only:  # the link is only ever delivered to the email it was applied with
        with session_scope() as session:
            candidate = session.get(Candidate, result.candidate_id)
            if candidate is not None:
                link_delivery.deliver_interview_link(session, candidate, ip=ip, reason='new application',
                                                     base_url=base_url)
        notify_outbox()
        return ApplicationResult(result.candidate_id, None, created=True)
    return result


def check_apply_rate(ip: str | None) -> None:
    """Refuse (429) a client IP that already created the hourly maximum of new applications."""
    if ip is None:
        return
    wait = _apply_limiter().retry_after(f'ip:{ip}')
    if wait:
        raise RateLimited(TOO_MANY_APPLICATIONS.format(wait=human_wait(wait)), wait, TOO_MANY_APPLICATIONS)


@lru_cache(maxsize=1)
def _apply_limiter() -> Limiter:
    return window_limiter('apply-ip', get_settings().apply_max_per_ip_per_hour, 3600)


def reset_apply_limits() -> None:
    _apply_limiter.cache_clear()


def _existing_id(session: Session, job: Job, email: str) -> int | None:
    return session.exec(select(Candidate.id).where(Candidate.job_id == job.id, Candidate.email == email)).first()


def _resend(candidate_id: int, ip: str | None, base_url: str | None) -> ApplicationResult:
    """A repeat application: the link is emailed to the address on file, never handed back to this caller."""
    with session_scope() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is not None:
            link_delivery.deliver_interview_link(session, candidate, ip=ip, base_url=base_url)
    notify_outbox()
    return ApplicationResult(candidate_id, None, created=False)


def _create(session: Session, job: Job, details: ApplicantDetails, resume: CheckedResume, stored: str,
            version: str) -> ApplicationResult:
    assert job.id is not None
    candidate = Candidate(organization_id=job.organization_id, job_id=job.id, name=details.name, email=details.email,
                          consent_at=utcnow(), consent_notice_version=version, **resume_columns(job, resume, stored))
    session.add(candidate)
    session.flush()
    assert candidate.id is not None
    interview = new_interview(session, candidate)
    webhook_payloads.candidate_applied(session, candidate)
    return ApplicationResult(candidate.id, interview.token, created=True)


def resume_columns(job: Job, resume: CheckedResume, stored: str) -> dict[str, Any]:
    """A candidate's resume fields from a checked resume stored under the media name `stored`."""
    analysis = resume.analysis
    parsed = analysis.parsed.model_dump()
    return {'resume_file': stored, 'resume_filename': analysis.filename, 'resume_mime': analysis.mime,
            'resume_size': analysis.size, 'resume_text': analysis.text, 'resume_parsed': parsed,
            'resume_flags': analysis.flags, 'must_have_match': matching.match_for(job, parsed, analysis.text)}


def new_interview(session: Session, candidate: Candidate) -> Interview:
    """The candidate's interview, scheduled, with a fresh unguessable link token."""
    assert candidate.id is not None
    interview = Interview(organization_id=candidate.organization_id, candidate_id=candidate.id,
                          token=secrets.token_urlsafe(32), status=InterviewStatus.scheduled)
    session.add(interview)
    session.flush()
    return interview
