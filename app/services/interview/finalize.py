"""Closing an interview: once every answer is scored, write the score, recommendation and report.

If any answer failed processing, the interview waits in 'needs review' for HR instead of getting
a score made up from the answers that did work.

After a reviewer corrects a transcript and asks for a re-score, the answer is scored again while the
interview is already completed. Its result is then *stale* (an answer was scored after it): the
engine recomputes the AI score, averages, recommendation and narrative report, and the effective
values are refreshed with HR's overrides kept.

Finalizer is the async step answer processing calls after each answer; the sync functions below
it read and write the rows (run them through app.db.run_in_session).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, func, select

from app.db import run_in_session, run_read
from app.db_types import utcnow
from app.errors import NotFound
from app.models import Answer, AnswerStatus, Interview, InterviewStatus, Question
from app.monitoring.metrics import INTERVIEW_DURATION, INTERVIEWS_COMPLETED
from app.providers.llm.base import AnsweredQuestion, ReportInput
from app.services import audit
from app.services.interview.interviewer import Interviewer
from app.services.interview.locks import InterviewLocks
from app.services.interview.rows import context, locked_interview, transition
from app.services.interview.scoring import InterviewScore, ScoredAnswer, score_interview
from app.services.overrides import refresh_effective
from app.services.webhooks import payloads as webhook_payloads


class Readiness(StrEnum):
    not_finished = 'not_finished'  # the candidate is still answering (or left)
    pending = 'pending'  # answers still being transcribed or scored
    failed = 'failed'  # some answer failed processing or needs review: needs a human
    ready = 'ready'
    stale = 'stale'  # completed, but an answer was re-scored since: recompute the result
    done = 'done'


class Finalizer:
    def __init__(self, interviewer: Interviewer, locks: InterviewLocks) -> None:
        self.interviewer = interviewer
        self._locks = locks

    async def finalize_if_ready(self, interview_id: int) -> Readiness:
        """Write the result once every answer is scored; mark the interview for review when one failed."""
        async with self._locks(interview_id):
            state = await run_read(readiness, interview_id)
            if state == Readiness.failed:
                await run_in_session(mark_needs_review, interview_id)
            if state == Readiness.stale:
                return await self._rescore(interview_id)
            if state != Readiness.ready:
                return state
            score, report_input = await run_read(score_and_report_input, interview_id)
            report = await self.interviewer.report(report_input)
            await run_in_session(save_final, interview_id, score, report)
            return Readiness.done

    async def _rescore(self, interview_id: int) -> Readiness:
        """A completed interview had an answer re-scored: recompute its result and report."""
        for _ in range(3):  # another answer scored meanwhile: compute again from the newer scores
            as_of = await run_read(last_scored_at, interview_id)
            score, report_input = await run_read(score_and_report_input, interview_id)
            report = await self.interviewer.report(report_input)
            if await run_in_session(save_rescored, interview_id, score, report, as_of):
                return Readiness.done
        return Readiness.stale


def readiness(session: Session, interview_id: int) -> Readiness:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound('Interview not found.')
    if interview.scored_at is None and (interview.status != InterviewStatus.in_progress
                                        or interview.ended_at is None):
        return Readiness.not_finished
    statuses = set(session.exec(select(Answer.status).where(Answer.interview_id == interview_id)).all())
    if statuses & {AnswerStatus.received, AnswerStatus.transcribed}:
        return Readiness.pending
    if statuses & {AnswerStatus.failed, AnswerStatus.needs_review}:
        return Readiness.failed
    if interview.scored_at is None:
        return Readiness.ready
    latest = last_scored_at(session, interview_id)
    return Readiness.stale if latest is not None and latest > interview.scored_at else Readiness.done


def last_scored_at(session: Session, interview_id: int) -> datetime | None:
    """When the most recently scored answer of the interview was scored."""
    return session.exec(select(func.max(Answer.processed_at)).where(Answer.interview_id == interview_id)).one()


def mark_needs_review(session: Session, interview_id: int) -> None:
    interview = session.get(Interview, interview_id)
    if interview is not None and not interview.needs_review:
        interview.needs_review = True
        session.add(interview)
        session.commit()


def score_and_report_input(session: Session, interview_id: int) -> tuple[InterviewScore, ReportInput]:
    """The AI result from the answers' own scores (overrides are HR's and never feed the AI report)."""
    ctx = context(session, interview_id)
    rows = session.exec(
        select(Question, Answer).join(Answer, col(Answer.question_id) == col(Question.id))
        .where(Question.interview_id == interview_id).order_by(col(Question.index))).all()
    scored = [ScoredAnswer(q.type, a.correctness or 0.0, a.depth or 0.0, a.clarity or 0.0, a.relevance or 0.0)
              for q, a in rows if a.status == AnswerStatus.scored and a.correctness is not None]  # not unscored
    score = score_interview(scored)
    answered = [AnsweredQuestion(
        index=q.index, type=q.type, skill=q.skill, text=q.text,
        transcript=a.transcript_corrected or a.transcript or '', correctness=a.correctness, depth=a.depth,
        clarity=a.clarity, relevance=a.relevance, comment=a.comment or '') for q, a in rows]
    report_input = ReportInput(candidate_name=ctx.candidate_name, job=ctx.job, resume=ctx.resume, answers=answered,
                               final_score=score.final_score, recommendation=score.recommendation.value)
    return score, report_input


def save_final(session: Session, interview_id: int, score: InterviewScore, report: str) -> bool:
    """Write the result once; False when another task finished it first."""
    interview = locked_interview(session, interview_id)
    if interview is None or interview.scored_at is not None:
        return False
    transition(interview, InterviewStatus.completed)
    _write_result(session, interview, score, report)
    webhook_payloads.interview_completed(session, interview)
    session.commit()
    INTERVIEWS_COMPLETED.inc()
    if interview.started_at and interview.ended_at:
        INTERVIEW_DURATION.observe((interview.ended_at - interview.started_at).total_seconds())
    return True


def save_rescored(session: Session, interview_id: int, score: InterviewScore, report: str,
                  as_of: datetime | None) -> bool:
    """Replace a completed interview's AI result after a re-score, keeping HR's overrides.

    `as_of` is when the newest answer score the result was computed from was written; if another
    answer was scored since, nothing is saved (False) and the caller computes again.
    """
    interview = locked_interview(session, interview_id)
    if interview is None or interview.scored_at is None:
        return False
    latest = last_scored_at(session, interview_id)
    if latest is not None and as_of is not None and latest > as_of:
        return False
    before = {'final_score': interview.final_score, 'recommendation': interview.recommendation}
    _write_result(session, interview, score, report)
    audit.record(session, organization_id=interview.organization_id, action='interview.rescored',
                 subject_type='candidate', subject_id=interview.candidate_id,
                 detail={'from': before, 'to': {'final_score': score.final_score,
                                                'recommendation': score.recommendation.value}})
    session.commit()
    return True


def _write_result(session: Session, interview: Interview, score: InterviewScore, report: str) -> None:
    interview.final_score = score.final_score
    interview.recommendation = score.recommendation.value
    interview.avg_correctness = score.averages['correctness']
    interview.avg_depth = score.averages['depth']
    interview.avg_clarity = score.averages['clarity']
    interview.avg_relevance = score.averages['relevance']
    interview.report = report
    interview.needs_review = False
    interview.scored_at = utcnow()
    refresh_effective(session, interview)
    session.add(interview)


def finished_unscored(session: Session) -> list[int]:
    """Interviews the candidate finished that have no result yet: what a restart re-examines."""
    return [i for i in session.exec(select(Interview.id).where(
        Interview.status == InterviewStatus.in_progress, col(Interview.ended_at).is_not(None),
        col(Interview.scored_at).is_(None))).all() if i is not None]

