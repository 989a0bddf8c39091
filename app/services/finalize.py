"""Closing an interview: once every answer is scored, write the score, recommendation and report.

If any answer failed processing, the interview waits in 'needs review' for HR instead of getting
a score made up from the answers that did work.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import NotFound
from app.models import Answer, AnswerStatus, Interview, InterviewStatus, Question
from app.providers.llm.base import AnsweredQuestion, ReportInput
from app.services.interview_records import context, transition
from app.services.scoring import InterviewScore, ScoredAnswer, score_interview


class Readiness(StrEnum):
    not_finished = 'not_finished'  # the candidate is still answering (or left)
    pending = 'pending'  # answers still being transcribed or scored
    failed = 'failed'  # some answer failed processing: needs a human
    ready = 'ready'
    done = 'done'


def readiness(session: Session, interview_id: int) -> Readiness:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound('Interview not found.')
    if interview.scored_at is not None:
        return Readiness.done
    if interview.status != InterviewStatus.in_progress or interview.ended_at is None:
        return Readiness.not_finished
    statuses = set(session.exec(select(Answer.status).where(Answer.interview_id == interview_id)).all())
    if statuses & {AnswerStatus.received, AnswerStatus.transcribed}:
        return Readiness.pending
    if AnswerStatus.failed in statuses:
        return Readiness.failed
    return Readiness.ready


def mark_needs_review(session: Session, interview_id: int) -> None:
    interview = session.get(Interview, interview_id)
    if interview is not None and not interview.needs_review:
        interview.needs_review = True
        session.add(interview)
        session.commit()


def score_and_report_input(session: Session, interview_id: int) -> tuple[InterviewScore, ReportInput]:
    ctx = context(session, interview_id)
    rows = session.exec(
        select(Question, Answer).join(Answer, col(Answer.question_id) == col(Question.id))
        .where(Question.interview_id == interview_id).order_by(col(Question.index))).all()
    scored = [ScoredAnswer(q.type, a.correctness or 0.0, a.depth or 0.0, a.clarity or 0.0, a.relevance or 0.0)
              for q, a in rows if a.status == AnswerStatus.scored]
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
    interview = session.exec(select(Interview).where(Interview.id == interview_id).with_for_update()).first()
    if interview is None or interview.scored_at is not None:
        return False
    transition(interview, InterviewStatus.completed)
    interview.final_score = score.final_score
    interview.recommendation = score.recommendation.value
    interview.avg_correctness = score.averages['correctness']
    interview.avg_depth = score.averages['depth']
    interview.avg_clarity = score.averages['clarity']
    interview.avg_relevance = score.averages['relevance']
    interview.report = report
    interview.needs_review = False
    interview.scored_at = utcnow()
    session.add(interview)
    session.commit()
    return True


def finished_unscored(session: Session) -> list[int]:
    """Interviews the candidate finished that have no result yet: what a restart re-examines."""
    return [i for i in session.exec(select(Interview.id).where(
        Interview.status == InterviewStatus.in_progress, col(Interview.ended_at).is_not(None),
        col(Interview.scored_at).is_(None))).all() if i is not None]

