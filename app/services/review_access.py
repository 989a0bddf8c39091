"""Organization-scoped lookups shared by the review services: a candidate's interview, an answer.

Anything of another organization raises NotFound with the same message as a missing row.
"""

from __future__ import annotations

from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Answer, Candidate, Interview

CANDIDATE_NOT_FOUND = 'Candidate not found.'
ANSWER_NOT_FOUND = 'Answer not found.'
NO_INTERVIEW = 'This candidate has no interview.'


def candidate_interview(session: Session, organization_id: int, candidate_id: int, *,
                        lock: bool = False) -> tuple[Candidate, Interview]:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.organization_id != organization_id:
        raise NotFound(CANDIDATE_NOT_FOUND)
    query = select(Interview).where(Interview.candidate_id == candidate_id)
    if lock:
        query = query.with_for_update()  # PostgreSQL; SQLite's write transaction already serializes
    interview = session.exec(query).first()
    if interview is None:
        raise NotFound(NO_INTERVIEW)
    return candidate, interview


def org_answer(session: Session, organization_id: int, answer_id: int) -> tuple[Answer, Interview]:
    answer = session.get(Answer, answer_id)
    interview = session.get(Interview, answer.interview_id) if answer else None
    if answer is None or interview is None or interview.organization_id != organization_id:
        raise NotFound(ANSWER_NOT_FOUND)
    return answer, interview
