"""HR's own question during a live interview: asked next, spoken by the same TTS, recorded and
transcribed like the others, scored on HR's key points (or shown unscored without any).

The question goes into the first slot the candidate has not seen; unlike a follow-up it adds a slot
(the interview gets one question longer). A pre-generated question in that slot is dropped and made
again one slot later.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.db import run_in_session
from app.errors import Conflict, Invalid
from app.models import InterviewStatus, Question, QuestionType, User
from app.services import audit
from app.services.interview import rows
from app.services.interview.locks import InterviewLocks
from app.services.interview.plan import PlanEntry, load_plan, store_plan
from app.services.interview.questions import QuestionSupply
from app.services.review_access import candidate_interview

MAX_QUESTION_CHARS = 1000
MAX_KEY_POINTS = 6
MAX_LIVE_QUESTIONS = 5  # per interview: HR steps in, it does not take the interview over


def key_points(text: str) -> list[dict[str, object]]:
    """One key point per non-empty line; none means the answer is shown unscored."""
    points = [line.strip(' -•*\t') for line in (text or '').splitlines()]
    points = [p for p in points if p]
    if len(points) > MAX_KEY_POINTS:
        raise Invalid(f'At most {MAX_KEY_POINTS} key points, one per line.')
    if any(len(p) > 300 for p in points):
        raise Invalid('A key point is at most 300 characters.')
    return [{'point': p, 'synonyms': []} for p in points]


def insert_live_question(session: Session, user: User, candidate_id: int, text: str, rubric_text: str) -> int:
    """Put HR's question into the next unseen slot; returns the slot (0-based question index)."""
    text = (text or '').strip()
    if len(text) < 5:
        raise Invalid('Write the question (at least 5 characters).')
    if len(text) > MAX_QUESTION_CHARS:
        raise Invalid(f'A question is at most {MAX_QUESTION_CHARS:,} characters.')
    rubric = key_points(rubric_text)
    _, found = candidate_interview(session, user.organization_id, candidate_id)
    assert found.id is not None
    interview = rows.require_locked(session, found.id)
    if interview.status != InterviewStatus.in_progress or interview.ended_at is not None:
        raise Conflict('The interview is not in progress any more; the question cannot be asked.')
    plan = load_plan(interview.plan)
    if sum(1 for entry in plan if entry.is_live) >= MAX_LIVE_QUESTIONS:
        raise Conflict(f'At most {MAX_LIVE_QUESTIONS} live questions per interview.')
    slot = rows.served_count(session, found.id)
    entry = PlanEntry(type=QuestionType.live, focus='asked live by HR', text=text, rubric=rubric,
                      asked_by_id=user.id, asked_by=user.name or user.email)
    # Behind any live question already waiting, so two queued questions are asked in order.
    while slot < len(plan) and plan[slot].is_live:
        slot += 1
    interview.plan = store_plan([*plan[:slot], entry, *plan[slot:]])
    interview.question_total = len(plan) + 1
    for stale in session.exec(select(Question).where(
            Question.interview_id == found.id, col(Question.index) >= slot,
            col(Question.served_at).is_(None))).all():
        session.delete(stale)
    session.add(interview)
    audit.record(session, organization_id=user.organization_id, actor=user, action='interview.live_question',
                 subject_type='candidate', subject_id=candidate_id,
                 detail={'interview_id': found.id, 'slot': slot, 'scored': bool(rubric)})
    session.commit()
    return slot


class LiveQuestions:
    """The async step: insert under the interview's lock (so serving cannot race it), then pre-generate."""

    def __init__(self, questions: QuestionSupply, locks: InterviewLocks) -> None:
        self._questions = questions
        self._locks = locks

    async def ask(self, user: User, candidate_id: int, interview_id: int, text: str, rubric_text: str) -> int:
        async with self._locks(interview_id):
            slot = await run_in_session(insert_live_question, user, candidate_id, text, rubric_text)
        self._questions.prepare(interview_id, slot)
        return slot
