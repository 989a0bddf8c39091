"""The candidate's optional feedback on the interview (1–5 and a comment), given after the last answer.

The candidate's link is the credential, as in the room. HR sees it on the candidate's report and the
job's average on the job page; it never enters scoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, func, select

from app.db_types import utcnow
from app.errors import Conflict
from app.models import Candidate, Interview
from app.services.interview.rows import after_last_answer, interview_by_token
from app.services.jobs import get_job
from app.validation import parse_input

COMMENT_MAX = 1000


class FeedbackIn(BaseModel):
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default='', max_length=COMMENT_MAX)

    @field_validator('comment')
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


@dataclass(frozen=True)
class JobFeedback:
    responses: int
    average: float | None  # None without responses


def stored_feedback(session: Session, token: str) -> FeedbackIn | None:
    interview = interview_by_token(session, token)
    if interview.feedback_rating is None:
        return None
    return FeedbackIn(rating=interview.feedback_rating, comment=interview.feedback_comment or '')


def save_feedback(session: Session, token: str, data: FeedbackIn | dict[str, Any]) -> FeedbackIn:
    """Store (or change) the feedback; NotFound for an unknown link, Conflict before the last answer."""
    values = parse_input(FeedbackIn, data)
    interview = interview_by_token(session, token)
    if not after_last_answer(interview):
        raise Conflict('Feedback opens once you have answered the last question.')
    interview.feedback_rating = values.rating
    interview.feedback_comment = values.comment or None
    interview.feedback_at = utcnow()
    session.add(interview)
    session.commit()
    return values


def job_feedback(session: Session, organization_id: int, job_id: int) -> JobFeedback:
    get_job(session, organization_id, job_id)  # scoped: another organization's job is NotFound
    count, average = session.exec(
        select(func.count(col(Interview.feedback_rating)), func.avg(Interview.feedback_rating))
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .where(Candidate.job_id == job_id, col(Interview.feedback_rating).is_not(None))).one()
    return JobFeedback(int(count), round(float(average), 1) if average is not None else None)
