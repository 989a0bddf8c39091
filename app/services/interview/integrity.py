"""Integrity signals from the room (focus lost while answering): recorded for HR, never judged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.db_types import utcnow
from app.models import InterviewStatus
from app.services.interview.rows import interview_by_token

MAX_INTEGRITY_EVENTS = 500


def record_focus_change(session: Session, token: str, lost: bool, hidden: bool, at: datetime | None,
                        question_index: int | None) -> dict[str, Any]:
    interview = interview_by_token(session, token, lock=True)
    if interview.status != InterviewStatus.in_progress:
        return interview.integrity
    integrity = dict(interview.integrity)
    events = list(integrity.get('events', []))
    if len(events) < MAX_INTEGRITY_EVENTS:
        events.append({'at': (at or utcnow()).isoformat(), 'lost': lost, 'hidden': hidden,
                       'question_index': question_index})
    integrity['events'] = events
    if lost:
        integrity['focus_lost_count'] = int(integrity.get('focus_lost_count', 0)) + 1
        if question_index is not None:
            by_question = dict(integrity.get('focus_lost_by_question', {}))
            by_question[str(question_index)] = by_question.get(str(question_index), 0) + 1
            integrity['focus_lost_by_question'] = by_question
    interview.integrity = integrity
    session.add(interview)
    session.commit()
    return integrity
