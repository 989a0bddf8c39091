"""Follow-up questions: after a shallow answer, at most one follow-up in the next slot the candidate
has not seen yet, replacing the last planned question so the count stays the same (a job setting).

The async step (FollowUps.consider) runs in answer processing, after the answer is scored; the
sync functions change the plan and question rows (run them through app.db.run_in_session).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from app.db import run_in_session, run_read
from app.errors import NotFound
from app.models import Answer, InterviewStatus, Question, QuestionType
from app.providers.errors import ProviderError
from app.providers.llm.base import Evaluation, LLMProvider, RubricPoint
from app.services.interview import rows
from app.services.interview.locks import InterviewLocks
from app.services.interview.plan import PlanEntry, load_plan, store_plan

if TYPE_CHECKING:
    from app.services.interview.questions import QuestionSupply

log = logging.getLogger(__name__)

FOLLOW_UP_COVERAGE = 0.5  # below this share of rubric points covered, an answer counts as shallow
# Scoring runs while the candidate answers the next question, so a follow-up usually lands one
# question after its parent. Later than that (slow retries, a reviewer's re-score) it would come
# out of nowhere for the candidate, so it is skipped.
FOLLOW_UP_MAX_LAG = 1


class FollowUps:
    def __init__(self, llm: LLMProvider, questions: QuestionSupply, locks: InterviewLocks) -> None:
        self.llm = llm  # follow-ups never fall back: a missing follow-up is better than an off-topic one
        self._questions = questions
        self._locks = locks

    async def consider(self, interview_id: int, question_index: int, question_type: str, question_text: str,
                       rubric: list[RubricPoint], transcript: str, evaluation: Evaluation) -> int | None:
        """After a shallow answer, put at most one follow-up into the next unseen slot; returns the slot."""
        if question_type in (QuestionType.follow_up, QuestionType.warmup) or evaluation.coverage >= FOLLOW_UP_COVERAGE:
            return None
        ctx = await run_read(rows.context, interview_id)
        if not ctx.follow_ups_enabled or ctx.ended_at is not None:
            return None
        try:
            text = await self.llm.follow_up(question_text, rubric, transcript)
        except ProviderError as exc:
            log.warning('no follow-up for interview %s: %s', interview_id, exc)
            return None
        if not text:
            return None
        async with self._locks(interview_id):
            slot = await run_in_session(insert_follow_up, interview_id, question_index, text)
        if slot is not None:
            self._questions.prepare(interview_id, slot)
        return slot


def insert_follow_up(session: Session, interview_id: int, parent_index: int, text: str) -> int | None:
    """Put a follow-up into the first slot the candidate has not seen, keeping the question count.

    Returns the slot, or None when there is no room left, the question already had a follow-up, or
    the candidate has moved on more than FOLLOW_UP_MAX_LAG questions past it.
    A pre-generated (unserved) question in that slot is dropped; its plan item moves one slot on
    and the last planned item falls off.
    """
    interview = rows.require_locked(session, interview_id)
    if interview.status != InterviewStatus.in_progress or interview.ended_at is not None:
        return None
    plan = load_plan(interview.plan)
    if any(entry.parent_index == parent_index for entry in plan):
        return None
    slot = rows.served_count(session, interview_id)
    if slot >= len(plan) or slot - parent_index - 1 > FOLLOW_UP_MAX_LAG:
        return None
    parent = rows.question_at(session, interview_id, parent_index)
    if parent is None or parent.type == QuestionType.follow_up:
        return None
    # The last planned spoken question makes room; coding exercises and HR's live questions are kept.
    dropped = next((n for n in range(len(plan) - 1, slot - 1, -1)
                    if plan[n].type not in (QuestionType.coding, QuestionType.live)), None)
    if dropped is None:
        return None
    entry = PlanEntry(type=QuestionType.follow_up, skill=parent.skill, difficulty=parent.difficulty,
                      focus=f'follow-up to question {parent_index + 1}', parent_index=parent_index, text=text)
    interview.plan = store_plan([*plan[:slot], entry, *plan[slot:dropped], *plan[dropped + 1:]])
    for stale in session.exec(select(Question).where(
            Question.interview_id == interview_id, col(Question.index) >= slot,
            col(Question.served_at).is_(None))).all():
        session.delete(stale)
    session.add(interview)
    session.commit()
    return slot


def follow_up_rubric(session: Session, interview_id: int, parent_index: int) -> list[RubricPoint]:
    """A follow-up is scored on what the first answer missed, or on the parent's rubric when the gap
    is too small to make 3 points."""
    parent = rows.question_at(session, interview_id, parent_index)
    if parent is None:
        raise NotFound('The question this follow-up belongs to is gone.')
    points = [RubricPoint.model_validate(p) for p in parent.rubric]
    answer = session.exec(select(Answer).where(Answer.question_id == parent.id)).first()
    missing = set(answer.missing_points) if answer else set()
    gaps = [p for p in points if p.point in missing]
    return gaps if len(gaps) >= 3 else points
