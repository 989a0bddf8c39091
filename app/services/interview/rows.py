"""Interview rows on the database side: token lookup, the state machine, plan and question rows.

Sync functions taking a Session (run them through app.db.run_in_session from async code). The
async steps that call providers live in turns.py and questions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.db_types import utcnow
from app.documents.skill_claims import skill_claims
from app.errors import Conflict, NotFound
from app.i18n import N_
from app.models import Answer, Candidate, Interview, InterviewStatus, Job, Question
from app.monitoring.metrics import INTERVIEWS_ABANDONED, INTERVIEWS_STARTED
from app.schemas import JobContext, ParsedResume
from app.services.accommodations import Accommodations, effective
from app.services.interview.plan import PlanEntry, load_plan, store_plan
from app.services.invitations import lifecycle
from app.services.job_questions import rules_for_job
from app.services.webhooks import payloads as webhook_payloads

# Which status may follow which. Everything else is refused with a clear message.
TRANSITIONS: dict[str, frozenset[str]] = {
    InterviewStatus.scheduled: frozenset({InterviewStatus.in_progress, InterviewStatus.abandoned}),
    InterviewStatus.in_progress: frozenset({InterviewStatus.completed, InterviewStatus.abandoned}),
    InterviewStatus.completed: frozenset(),
    InterviewStatus.abandoned: frozenset(),
}
INVALID_LINK = N_('This interview link is not valid. Check the link in your email or apply again.')


class InterviewStateError(Conflict):
    """An action the interview's current status does not allow."""


def transition(interview: Interview, target: InterviewStatus) -> None:
    if target not in TRANSITIONS[InterviewStatus(interview.status)]:
        raise InterviewStateError(
            f'This interview is {interview.status.replace("_", " ")}; it cannot become {target.replace("_", " ")}.')
    interview.status = target


@dataclass(frozen=True)
class InterviewContext:
    """What the engine needs to plan and ask questions, read in one go."""

    interview_id: int
    organization_id: int
    status: str
    candidate_name: str
    candidate_seed: str  # draws this candidate's question variants: stable for them, different from others
    job: JobContext
    resume: ParsedResume
    question_count: int
    answer_time_limit_seconds: int
    follow_ups_enabled: bool
    coding_questions: int  # coding exercises the job asks for (0: off)
    plan: list[PlanEntry]
    question_total: int
    answered: int
    ended_at: datetime | None
    accommodations: Accommodations
    # Why the link cannot start the interview (deadline passed, invitation withdrawn); None: it can.
    closed_message: str | None = None
    # An invited candidate has not yet agreed to the consent notice: the room asks first.
    needs_consent: bool = False


def interview_by_token(session: Session, token: str, *, lock: bool = False) -> Interview:
    if not token or len(token) > 64:
        raise NotFound(INVALID_LINK)
    query = select(Interview).where(Interview.token == token)
    if lock:
        query = query.with_for_update()  # PostgreSQL; SQLite's write transaction already serializes
    interview = session.exec(query).first()
    if interview is None:
        raise NotFound(INVALID_LINK)
    return interview


def context(session: Session, interview_id: int) -> InterviewContext:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(INVALID_LINK)
    candidate = session.get(Candidate, interview.candidate_id)
    job = session.get(Job, candidate.job_id) if candidate else None
    if candidate is None or job is None:
        raise NotFound(INVALID_LINK)
    answered = session.exec(
        select(func.count()).select_from(Answer).where(Answer.interview_id == interview_id)).one()
    return InterviewContext(
        interview_id=interview_id,
        organization_id=interview.organization_id,
        status=interview.status,
        candidate_name=candidate.name,
        candidate_seed=f'candidate-{candidate.id}',
        job=JobContext(title=job.title, description=job.description, must_have_skills=list(job.must_have_skills),
                       nice_to_have_skills=list(job.nice_to_have_skills), language=job.language,
                       questions=rules_for_job(session, job.id) if job.id is not None else []),
        resume=_resume(candidate),
        question_count=job.question_count,
        answer_time_limit_seconds=job.answer_time_limit_seconds,
        follow_ups_enabled=job.follow_ups_enabled,
        coding_questions=job.coding_question_count if job.coding_enabled else 0,
        plan=load_plan(interview.plan),
        question_total=interview.question_total,
        answered=int(answered),
        ended_at=interview.ended_at,
        closed_message=lifecycle.closed_reason(candidate, interview),
        needs_consent=candidate.invited_at is not None and candidate.consent_at is None,
        accommodations=effective(job, candidate),
    )


def _resume(candidate: Candidate) -> ParsedResume:
    resume = ParsedResume.model_validate(candidate.resume_parsed or {})
    if 'skill_claims' not in (candidate.resume_parsed or {}) and candidate.resume_text:
        # Parsed before skill claims were read: read them now, so older applicants get fitting questions too.
        resume.skill_claims = skill_claims(candidate.resume_text)
    return resume


def context_by_token(session: Session, token: str) -> InterviewContext:
    """The context of the interview behind `token`, in one read (the candidate's room and page)."""
    interview_id = interview_by_token(session, token).id
    assert interview_id is not None
    return context(session, interview_id)  # context's session.get finds the row already loaded


def check_can_start(ctx: InterviewContext) -> None:
    """Refuse to start an interview whose link is closed, or an invited candidate's before consent."""
    if ctx.closed_message:
        raise InterviewStateError(ctx.closed_message)
    if ctx.needs_consent:
        raise InterviewStateError('Please read the notice and agree to it before the interview starts.')


def begin(session: Session, interview_id: int, plan: list[PlanEntry], scoring_provider: str) -> Interview:
    """scheduled → in_progress with the plan stored. Starting twice (a double click) is harmless."""
    interview = require_locked(session, interview_id)
    if interview.status == InterviewStatus.in_progress:
        return interview
    if not plan:
        raise ValueError('an interview needs at least one planned question')
    transition(interview, InterviewStatus.in_progress)
    now = utcnow()
    interview.plan = store_plan(plan)
    interview.question_total = len(plan)
    interview.started_at = now
    interview.last_activity_at = now
    interview.scoring_provider = scoring_provider
    session.add(interview)
    webhook_payloads.interview_started(session, interview)
    session.commit()
    INTERVIEWS_STARTED.inc()
    return interview


def store_prepared_plan(session: Session, interview_id: int, plan: list[PlanEntry]) -> bool:
    """Store the plan made before Start on the still-scheduled interview; False when it started or got
    its plan meanwhile (the first plan stays the only one)."""
    interview = require_locked(session, interview_id)
    if interview.status != InterviewStatus.scheduled or interview.plan or not plan:
        return False
    interview.plan = store_plan(plan)
    session.add(interview)
    session.commit()
    return True


def drop_prepared(session: Session, interview_id: int) -> list[str]:
    """Forget a scheduled interview's prepared plan and questions; returns their audio files to delete."""
    interview = require_locked(session, interview_id)
    if interview.status != InterviewStatus.scheduled:
        return []
    questions = session.exec(select(Question).where(Question.interview_id == interview_id)).all()
    files = [q.audio_file for q in questions if q.audio_file]
    for question in questions:
        session.delete(question)
    interview.plan = []
    session.add(interview)
    session.commit()
    return files


def question_at(session: Session, interview_id: int, index: int) -> Question | None:
    return session.exec(
        select(Question).where(Question.interview_id == interview_id, Question.index == index)).first()


def question_texts(session: Session, interview_id: int) -> list[str]:
    return list(session.exec(
        select(Question.text).where(Question.interview_id == interview_id).order_by(col(Question.index))).all())


def save_question(session: Session, interview_id: int, index: int, entry: PlanEntry, fields: dict[str, Any],
                  ) -> Question | None:
    """Store a generated question, unless the plan changed meanwhile (a follow-up took the slot) or
    another task stored it first. Returns the question row for this index, or None when stale."""
    interview = require_locked(session, interview_id)
    if index >= len(interview.plan) or PlanEntry.model_validate(interview.plan[index]) != entry:
        return None
    existing = question_at(session, interview_id, index)
    if existing is not None:
        return existing
    question = Question(interview_id=interview_id, index=index, **fields)
    session.add(question)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return question_at(session, interview_id, index)
    return question


def serve_question(session: Session, interview_id: int, index: int) -> tuple[Question, int] | None:
    """Mark question `index` as shown; returns it with the interview's question total, or None when it
    has not been generated yet. One short transaction on the candidate's hot path."""
    question = question_at(session, interview_id, index)
    interview = session.get(Interview, interview_id)
    if question is None or interview is None:
        return None
    if question.served_at is None:
        question.served_at = utcnow()
        session.add(question)
        session.commit()
    return question, interview.question_total


def served_count(session: Session, interview_id: int) -> int:
    return int(session.exec(select(func.count()).select_from(Question).where(
        Question.interview_id == interview_id, col(Question.served_at).is_not(None))).one())


def abandon_idle(session: Session, idle_since: datetime) -> list[int]:
    """Mark interviews abandoned whose candidate stopped mid-way before `idle_since`."""
    stale = session.exec(select(Interview).where(
        Interview.status == InterviewStatus.in_progress,
        col(Interview.ended_at).is_(None),
        col(Interview.last_activity_at) < idle_since,
    )).all()
    for interview in stale:
        transition(interview, InterviewStatus.abandoned)
        interview.ended_at = utcnow()
        session.add(interview)
    session.commit()
    INTERVIEWS_ABANDONED.inc(len(stale))
    return [i.id for i in stale if i.id is not None]


def locked_interview(session: Session, interview_id: int) -> Interview | None:
    """The interview row, locked until the transaction ends."""
    # FOR UPDATE on PostgreSQL; on SQLite the write transaction (BEGIN IMMEDIATE) already serializes.
    return session.exec(select(Interview).where(Interview.id == interview_id).with_for_update()).first()


def require_locked(session: Session, interview_id: int) -> Interview:
    interview = locked_interview(session, interview_id)
    if interview is None:
        raise NotFound(INVALID_LINK)
    return interview


def after_last_answer(interview: Interview) -> bool:
    """The candidate may add things after the interview (feedback, self-identification): after their last
    answer, and never once the interview was abandoned."""
    return interview.ended_at is not None and interview.status != InterviewStatus.abandoned
