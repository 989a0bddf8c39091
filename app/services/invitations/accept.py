"""An invited candidate opens their link: the consent notice first (as on the apply page), then the room."""

from __future__ import annotations

from sqlmodel import Session, select

from app.consent import ConsentNotice, consent_notice, notice_version
from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.i18n import for_language
from app.models import Candidate, Interview, Job, Organization
from app.services import audit
from app.services.accommodations import contact_for, effective, offered_sentence
from app.services.interview.rows import INVALID_LINK, interview_by_token
from app.services.invitations.lifecycle import closed_reason
from app.services.webhooks import payloads as webhook_payloads


def notice_for(session: Session, token: str) -> tuple[ConsentNotice, str, str]:
    """The notice to show for this link (in the job's language), the organization's name and that language."""
    candidate, _ = _pair(session, token)
    organization = session.get(Organization, candidate.organization_id)
    job = session.get(Job, candidate.job_id)
    assert organization is not None and job is not None
    t = for_language(job.language)
    # The same accommodation contact and offers as the public apply page shows (with this candidate's overrides).
    notice = consent_notice(organization.name, organization.recording_retention_days, contact=contact_for(job),
                            offered=offered_sentence(effective(job, candidate), t), t=t)
    return notice, organization.name, job.language


def accept(session: Session, token: str, notice: str) -> None:
    """Record the invited candidate's consent (invited → applied). Agreeing twice is harmless."""
    candidate, interview = _pair(session, token)
    closed = closed_reason(candidate, interview)
    if closed:
        raise Conflict(closed)
    if notice != notice_version():
        raise Conflict('The consent notice changed while you were reading it. Please read it again and agree.')
    if candidate.consent_at is not None:
        return
    candidate.consent_at = utcnow()
    candidate.consent_notice_version = notice
    candidate.updated_at = candidate.consent_at
    session.add(candidate)
    audit.record(session, organization_id=candidate.organization_id, action='candidate.invite_accepted',
                 subject_type='candidate', subject_id=candidate.id)
    webhook_payloads.candidate_applied(session, candidate)
    session.commit()


def _pair(session: Session, token: str) -> tuple[Candidate, Interview]:
    interview = interview_by_token(session, token)
    candidate = session.exec(select(Candidate).where(Candidate.id == interview.candidate_id)).first()
    if candidate is None:
        raise NotFound(INVALID_LINK)
    return candidate, interview
