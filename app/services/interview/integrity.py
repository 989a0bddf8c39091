"""Integrity signals from the room (focus lost while answering): recorded for HR, never judged.

The signals come from the candidate's browser, so they are bounded: only a focused → lost
transition counts as a focus loss (a script repeating "lost" does not inflate the count), and one
interview may send at most FOCUS_EVENTS_PER_MINUTE events (more are refused with 429).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.db_types import utcnow
from app.errors import RateLimited
from app.models import InterviewStatus
from app.rate_limits import Limiter, window_limiter
from app.security import human_wait
from app.services.interview.rows import interview_by_token

MAX_INTEGRITY_EVENTS = 500


def record_focus_change(session: Session, token: str, lost: bool, hidden: bool, at: datetime | None,
                        question_index: int | None) -> dict[str, Any]:
    check_event_rate(token)
    interview = interview_by_token(session, token, lock=True)
    if interview.status != InterviewStatus.in_progress:
        return interview.integrity
    _event_limiter().record(token)
    integrity = dict(interview.integrity)
    events = list(integrity.get('events', []))
    if len(events) < MAX_INTEGRITY_EVENTS:
        events.append({'at': (at or utcnow()).isoformat(), 'lost': lost, 'hidden': hidden,
                       'question_index': question_index})
    integrity['events'] = events
    was_lost = bool(integrity.get('focus_lost', False))
    integrity['focus_lost'] = lost
    if lost and not was_lost:
        integrity['focus_lost_count'] = int(integrity.get('focus_lost_count', 0)) + 1
        if question_index is not None:
            by_question = dict(integrity.get('focus_lost_by_question', {}))
            by_question[str(question_index)] = by_question.get(str(question_index), 0) + 1
            integrity['focus_lost_by_question'] = by_question
    interview.integrity = integrity
    session.add(interview)
    session.commit()
    return integrity


def check_event_rate(token: str) -> None:
    """Refuse (429) an interview that already sent FOCUS_EVENTS_PER_MINUTE events in the last minute."""
    wait = _event_limiter().retry_after(token)
    if wait:
        raise RateLimited(f'Too many focus events. Try again in {human_wait(wait)}.', wait)


@lru_cache(maxsize=1)
def _event_limiter() -> Limiter:
    return window_limiter('focus-events', get_settings().focus_events_per_minute, 60)


def reset_event_limits() -> None:
    _event_limiter.cache_clear()
