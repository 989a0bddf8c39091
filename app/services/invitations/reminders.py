"""Reminder emails before an invitation's deadline (INVITATION_REMINDER_HOURS, e.g. "48,4").

A threshold is due once the deadline is that close, and only if the invitation went out before the
threshold (someone invited 10 hours before the deadline gets the 4-hour reminder, not a 48-hour one
right away). Several thresholds due at once send one email. The candidate's `reminders_sent` is
updated in the transaction that queues the email, so a threshold is never queued twice; candidates
who started, finished, expired or were revoked get nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.models import Candidate, Interview, InterviewStatus, Job
from app.services.invitations import messages
from app.services.invitations.lifecycle import open_for_reminders

BATCH = 2000


def due_thresholds(candidate: Candidate, hours: list[float], now: datetime) -> list[float]:
    if candidate.deadline_at is None or candidate.invited_at is None:
        return []
    sent = set(candidate.reminders_sent or [])
    due = []
    for h in hours:
        threshold = candidate.deadline_at - timedelta(hours=h)
        if h not in sent and candidate.invited_at < threshold <= now < candidate.deadline_at:
            due.append(h)
    return due


def queue_due(session: Session, hours: list[float], now: datetime | None = None) -> int:
    """Queue every due reminder; returns how many emails were queued."""
    now = now or utcnow()
    if not hours:
        return 0
    horizon = now + timedelta(hours=max(hours))
    pairs = session.exec(
        select(Candidate, Interview).join(Interview, Interview.candidate_id == Candidate.id)  # type: ignore[arg-type]
        .where(col(Candidate.invited_at).is_not(None), col(Candidate.invite_revoked_at).is_(None),
               col(Candidate.deadline_at) > now, col(Candidate.deadline_at) <= horizon,
               Interview.status == InterviewStatus.scheduled)
        .order_by(col(Candidate.id)).limit(BATCH)).all()
    queued = 0
    for candidate, interview in pairs:
        due = due_thresholds(candidate, hours, now)
        if not due or not open_for_reminders(candidate, interview, now):
            continue
        job = session.get(Job, candidate.job_id)
        assert job is not None
        messages.queue(session, 'reminder', job, candidate, interview, None)
        candidate.reminders_sent = sorted({*(candidate.reminders_sent or []), *due}, reverse=True)
        session.add(candidate)
        queued += 1
    session.commit()
    return queued
