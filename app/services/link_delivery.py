"""Getting an interview link to its candidate without handing it to whoever asks.

The interview token is the candidate's only credential, so an unauthenticated caller never gets an
existing link back (issue 11): a repeat application asks for the link to be delivered to the email
on file instead. The request is recorded in the audit trail and the email is queued in the outbox
(app/services/email): sent over SMTP when it is configured, otherwise kept on the Outbox page where
HR sees it, as HR can also copy the link from the candidate page.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import NotFound
from app.models import AuditEvent, Candidate, Interview, User
from app.services import audit
from app.services.candidates import get_candidate

LINK_REQUESTED = 'candidate.link_requested'
LINK_COPIED = 'candidate.link_copied'
# Repeated requests within this window are one request: an attacker re-applying in a loop cannot
# flood the candidate's inbox (or the audit trail).
RESEND_INTERVAL = timedelta(minutes=10)


def deliver_interview_link(session: Session, candidate: Candidate, *, ip: str | None = None,
                           reason: str = 'repeat application', base_url: str | None = None) -> bool:
    """Queue the candidate's interview link for delivery to the email on file; True if a new request was made.

    Only ever delivers to `candidate.email`, never to the caller, so asking cannot leak the link.
    `base_url` is the request's, for the link in the email (PUBLIC_URL wins when set).
    """
    from app.services.invitations.messages import queue_application_link, queue_link_again

    assert candidate.id is not None
    since = utcnow() - RESEND_INTERVAL
    recent = session.exec(select(AuditEvent.id).where(
        col(AuditEvent.organization_id) == candidate.organization_id, col(AuditEvent.action) == LINK_REQUESTED,
        col(AuditEvent.subject_type) == 'candidate', col(AuditEvent.subject_id) == candidate.id,
        col(AuditEvent.created_at) >= since)).first()
    if recent is not None:
        return False
    if reason == 'new application':
        queue_application_link(session, candidate.id, base_url)
    else:
        queue_link_again(session, candidate.id, base_url)
    audit.record(session, organization_id=candidate.organization_id, action=LINK_REQUESTED,
                 subject_type='candidate', subject_id=candidate.id,
                 detail={'reason': reason, 'to': candidate.email, 'delivery': 'email queued'}, ip=ip)
    return True


def interview_token_for_hr(session: Session, user: User, candidate_id: int) -> str:
    """The candidate's interview token, for HR to copy or resend; the access is audited."""
    candidate = get_candidate(session, user.organization_id, candidate_id)
    token = session.exec(select(Interview.token).where(Interview.candidate_id == candidate.id)).first()
    if token is None:
        raise NotFound('This candidate has no interview.')
    audit.record(session, organization_id=user.organization_id, action=LINK_COPIED, actor=user,
                 subject_type='candidate', subject_id=candidate.id)
    return token
