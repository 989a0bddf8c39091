"""An invitation's stage and the candidate link's gate.

invited → applied (consent given) → started → completed, or expired (deadline passed before the
interview started) or revoked by HR. An interview already started may be finished after the deadline.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.db_types import utcnow
from app.i18n import N_
from app.models import Candidate, Interview, InterviewStatus


class Stage(StrEnum):
    invited = 'invited'
    applied = 'applied'
    started = 'started'
    completed = 'completed'
    expired = 'expired'
    revoked = 'revoked'
    abandoned = 'abandoned'


EXPIRED_MESSAGE = N_('The deadline for this interview has passed, so the link no longer opens it. If you still '
                     'want to take part, reply to your invitation email and ask for more time.')
REVOKED_MESSAGE = N_('This invitation was withdrawn by the company, so the link no longer opens an interview.')


def stage(candidate: Candidate, interview: Interview, now: datetime | None = None) -> Stage:
    if interview.status == InterviewStatus.completed or interview.ended_at is not None:
        return Stage.completed
    if candidate.invite_revoked_at is not None:
        return Stage.revoked
    if interview.status == InterviewStatus.in_progress:
        return Stage.started
    if interview.status == InterviewStatus.abandoned:
        return Stage.abandoned
    if candidate.deadline_at is not None and (now or utcnow()) >= candidate.deadline_at:
        return Stage.expired
    return Stage.applied if candidate.consent_at is not None else Stage.invited


def closed_reason(candidate: Candidate, interview: Interview, now: datetime | None = None) -> str | None:
    """Why the candidate's link cannot start an interview now (None: it can, or it is already running)."""
    current = stage(candidate, interview, now)
    if current == Stage.revoked:
        return REVOKED_MESSAGE
    if current == Stage.expired:
        return EXPIRED_MESSAGE
    return None


def open_for_reminders(candidate: Candidate, interview: Interview, now: datetime) -> bool:
    """Still worth reminding: invited or applied (not started, finished, expired or revoked)."""
    return stage(candidate, interview, now) in (Stage.invited, Stage.applied)
