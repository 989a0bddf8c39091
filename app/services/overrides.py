"""HR overrides of AI scores, and the effective values they produce.

Model: a dimension score (correctness, depth, clarity, relevance) is overridden per answer; the
recommendation per interview. The AI's values are never touched. The interview's effective values
are recomputed from the answers with overrides applied — the same formula as the AI's own result —
and the effective recommendation is HR's when set, else the band of the effective score. Only the
effective_* columns feed the dashboard, the CSV and the report's headline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, model_validator
from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.models import Answer, Interview, OverrideField, Question, Recommendation, ScoreOverride, User
from app.services import audit
from app.services.interview.scoring import DIMENSIONS, ScoredAnswer, recommendation_for, score_interview
from app.services.review_access import ANSWER_NOT_FOUND, candidate_interview
from app.validation import DbId, parse_input

REASON_MAX = 1000
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=REASON_MAX)]


class OverrideInput(BaseModel):
    field: OverrideField
    answer_id: DbId | None = None
    score: float | None = Field(default=None, ge=0, le=5)
    recommendation: Recommendation | None = None
    reason: Reason

    @model_validator(mode='after')
    def _target(self) -> OverrideInput:
        if self.field == OverrideField.recommendation:
            if self.recommendation is None:
                raise ValueError('choose the recommendation (Strong, Medium, Weak or Reject)')
            if self.answer_id is not None or self.score is not None:
                raise ValueError('a recommendation override has no answer_id or score')
        else:
            if self.answer_id is None or self.score is None:
                raise ValueError('a score override needs the answer_id and a score from 0 to 5')
            if self.recommendation is not None:
                raise ValueError('a score override has no recommendation')
            self.score = round(self.score, 1)
        return self


def overrides_of(session: Session, interview_id: int) -> Sequence[ScoreOverride]:
    return session.exec(select(ScoreOverride).where(ScoreOverride.interview_id == interview_id)
                        .order_by(col(ScoreOverride.id))).all()


def effective_dimension(answer: Answer, field: str, overrides: dict[tuple[int | None, str], ScoreOverride],
                        ) -> float | None:
    override = overrides.get((answer.id, field))
    return override.score if override is not None else getattr(answer, field)


def effective_scored(question_type: str, answer: Answer,
                     overrides: dict[tuple[int | None, str], ScoreOverride]) -> ScoredAnswer:
    """The answer's scores with HR's overrides applied, a missing score as 0."""
    return ScoredAnswer(question_type, *(effective_dimension(answer, d, overrides) or 0.0 for d in DIMENSIONS))


def refresh_effective(session: Session, interview: Interview) -> None:
    """Recompute the interview's effective_* columns from the AI values and the overrides."""
    assert interview.id is not None
    overrides = {(o.answer_id, o.field): o for o in overrides_of(session, interview.id)}
    interview.override_count = len(overrides)
    if interview.final_score is None:
        _set_effective(interview, None, None, dict.fromkeys(DIMENSIONS))
        return
    averages: dict[str, float | None] = {d: getattr(interview, f'avg_{d}') for d in DIMENSIONS}
    score: float | None = interview.final_score
    if any(answer_id is not None for answer_id, _ in overrides):
        rows = session.exec(select(Question.type, Answer).join(Answer, col(Answer.question_id) == col(Question.id))
                            .where(Question.interview_id == interview.id)).all()
        # Answers keep their last scores while a re-score runs, so "has scores" rather than status.
        scored = [effective_scored(kind, a, overrides) for kind, a in rows if a.correctness is not None]
        if scored:
            result = score_interview(scored)
            score, averages = result.final_score, dict(result.averages)
    manual = overrides.get((None, OverrideField.recommendation))
    recommendation = manual.recommendation if manual is not None else (
        recommendation_for(score).value if score is not None else None)
    _set_effective(interview, score, recommendation, averages)


def set_override(session: Session, user: User, candidate_id: int, data: OverrideInput | dict[str, Any],
                 ) -> ScoreOverride:
    values = parse_input(OverrideInput, data)
    _, interview = candidate_interview(session, user.organization_id, candidate_id, lock=True)
    if interview.scored_at is None:
        raise Conflict('Scores can be overridden once the interview has been scored.')
    ai_value: float | str | None = interview.recommendation
    question_index = None
    if values.answer_id is not None:
        answer = session.get(Answer, values.answer_id)
        if answer is None or answer.interview_id != interview.id:
            raise NotFound(ANSWER_NOT_FOUND)
        if answer.correctness is None:
            raise Conflict('This answer has no AI score to override yet.')
        ai_value = getattr(answer, values.field)
        question = session.get(Question, answer.question_id)
        question_index = question.index if question else None
    override = session.exec(select(ScoreOverride).where(
        ScoreOverride.interview_id == interview.id, ScoreOverride.field == values.field,
        col(ScoreOverride.answer_id).is_(None) if values.answer_id is None
        else col(ScoreOverride.answer_id) == values.answer_id)).first()
    previous = _value(override) if override is not None else None
    if override is None:
        override = ScoreOverride(organization_id=user.organization_id, interview_id=interview.id or 0,
                                 answer_id=values.answer_id, field=values.field)
    else:
        override.updated_at = utcnow()
    override.score = values.score
    override.recommendation = values.recommendation.value if values.recommendation else None
    override.reason = values.reason
    override.actor_user_id = user.id
    override.actor_label = user.email
    session.add(override)
    session.flush()
    refresh_effective(session, interview)
    session.add(interview)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.override',
                 subject_type='candidate', subject_id=candidate_id,
                 detail={'field': values.field.value, 'answer_id': values.answer_id, 'question_index': question_index,
                         'ai_value': ai_value, 'from': previous, 'to': _value(override), 'reason': values.reason})
    session.commit()
    return override


def clear_override(session: Session, user: User, candidate_id: int, override_id: int) -> None:
    """Go back to the AI value for one target (the audit trail keeps what the override was)."""
    _, interview = candidate_interview(session, user.organization_id, candidate_id, lock=True)
    override = session.get(ScoreOverride, override_id)
    if override is None or override.interview_id != interview.id:
        raise NotFound('Override not found.')
    detail = {'field': override.field, 'answer_id': override.answer_id, 'was': _value(override),
              'reason': override.reason}
    session.delete(override)
    session.flush()
    refresh_effective(session, interview)
    session.add(interview)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.override_clear',
                 subject_type='candidate', subject_id=candidate_id, detail=detail)
    session.commit()


def _value(override: ScoreOverride) -> float | str | None:
    return override.recommendation if override.field == OverrideField.recommendation else override.score


def _set_effective(interview: Interview, score: float | None, recommendation: str | None,
                   averages: dict[str, float | None]) -> None:
    interview.effective_score = score
    interview.effective_recommendation = recommendation
    for dimension in DIMENSIONS:
        setattr(interview, f'effective_{dimension}', averages.get(dimension))
