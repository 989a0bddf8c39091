"""HR's actions on an invitation — extend the deadline, resend the email, revoke — each audited — and
the job's invitation list with each one's stage and latest email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.models import Candidate, Interview, Job, OutboxMessage, User
from app.services import audit
from app.services.invitations import messages
from app.services.invitations.invite import resolve_deadline
from app.services.invitations.lifecycle import Stage, stage
from app.services.jobs import get_job


@dataclass(frozen=True)
class InvitationRow:
    candidate_id: int
    name: str
    email: str
    stage: Stage
    invited_at: datetime | None
    deadline_at: datetime | None
    link: str
    email_status: str | None  # the newest outbox message's status (None: no email yet)
    email_error: str | None


def list_invitations(session: Session, organization_id: int, job_id: int, request_base_url: str | None,
                     ) -> list[InvitationRow]:
    """Invited candidates of a job, newest first."""
    job = get_job(session, organization_id, job_id)
    pairs = session.exec(
        select(Candidate, Interview).join(Interview, Interview.candidate_id == Candidate.id)  # type: ignore[arg-type]
        .where(Candidate.job_id == job.id, col(Candidate.invited_at).is_not(None))
        .order_by(col(Candidate.invited_at).desc(), col(Candidate.id).desc())).all()
    latest = _latest_emails(session, [c.id for c, _ in pairs if c.id is not None])
    now = utcnow()
    rows = []
    for candidate, interview in pairs:
        assert candidate.id is not None
        last = latest.get(candidate.id)
        rows.append(InvitationRow(
            candidate.id, candidate.name, candidate.email, stage(candidate, interview, now), candidate.invited_at,
            candidate.deadline_at, messages.candidate_link(session, candidate, interview, request_base_url),
            last.status if last else None, last.last_error if last else None))
    return rows


def extend(session: Session, user: User, candidate_id: int, deadline: datetime) -> Candidate:
    """A new deadline (future, ≤ 90 days); an expired invitation opens again. Reminders start afresh."""
    candidate, interview, job = _load(session, user, candidate_id)
    if stage(candidate, interview) in (Stage.completed, Stage.revoked):
        raise Conflict('This invitation is finished or withdrawn; its deadline cannot change.')
    before = candidate.deadline_at
    candidate.deadline_at = resolve_deadline(job, deadline)
    candidate.reminders_sent = []
    candidate.updated_at = utcnow()
    session.add(candidate)
    audit.record(session, organization_id=candidate.organization_id, actor=user, action='candidate.invite_extended',
                 subject_type='candidate', subject_id=candidate.id,
                 detail={'from': before.isoformat() if before else None, 'to': candidate.deadline_at.isoformat()})
    session.commit()
    return candidate


def resend(session: Session, user: User, candidate_id: int, request_base_url: str | None) -> OutboxMessage:
    """Queue the invitation email again (a new outbox row: the earlier one is never sent twice)."""
    candidate, interview, job = _load(session, user, candidate_id)
    if stage(candidate, interview) not in (Stage.invited, Stage.applied, Stage.started):
        raise Conflict('Only an open invitation can be sent again (extend an expired one first).')
    message = messages.queue(session, 'resend', job, candidate, interview, request_base_url, user)
    audit.record(session, organization_id=candidate.organization_id, actor=user, action='candidate.invite_resent',
                 subject_type='candidate', subject_id=candidate.id)
    session.commit()
    return message


def revoke(session: Session, user: User, candidate_id: int) -> Candidate:
    """Withdraw the invitation: the link stops opening the interview and no reminder goes out."""
    candidate, interview, _ = _load(session, user, candidate_id)
    current = stage(candidate, interview)
    if current == Stage.completed:
        raise Conflict('This candidate already completed the interview; there is nothing to withdraw.')
    if current == Stage.revoked:
        return candidate
    candidate.invite_revoked_at = utcnow()
    candidate.updated_at = candidate.invite_revoked_at
    session.add(candidate)
    audit.record(session, organization_id=candidate.organization_id, actor=user, action='candidate.invite_revoked',
                 subject_type='candidate', subject_id=candidate.id, detail={'stage': current.value})
    session.commit()
    return candidate


def _load(session: Session, user: User, candidate_id: int) -> tuple[Candidate, Interview, Job]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.organization_id != user.organization_id or candidate.invited_at is None:
        raise NotFound('No such invitation.')
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate.id)).first()
    job = session.get(Job, candidate.job_id)
    if interview is None or job is None:
        raise NotFound('No such invitation.')
    return candidate, interview, job


def _latest_emails(session: Session, candidate_ids: list[int]) -> dict[int, OutboxMessage]:
    if not candidate_ids:
        return {}
    latest: dict[int, OutboxMessage] = {}
    for message in session.exec(select(OutboxMessage).where(col(OutboxMessage.candidate_id).in_(candidate_ids))
                                .order_by(col(OutboxMessage.id))).all():
        assert message.candidate_id is not None
        latest[message.candidate_id] = message
    return latest
