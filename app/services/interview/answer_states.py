"""Answer processing states: what the background worker reads and writes for one answer after intake.

received → transcribed → scored, or needs_review (a transcript that cannot be trusted), or failed after
a bounded number of attempts (the error is kept and HR can retry). A failed step never writes a score.
Intake of the upload itself (checks, the Answer row) is in answers.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from app import media
from app.backoff import ANSWER_RETRY_MAX_SECONDS, backoff_delay
from app.db_types import utcnow
from app.errors import Conflict, NotFound
from app.models import Answer, AnswerStatus, Candidate, CodeSubmission, Interview, Job, Question, QuestionType
from app.providers.llm.base import Evaluation, RubricPoint
from app.providers.stt.base import Transcription
from app.services.review_access import ANSWER_NOT_FOUND, org_answer


@dataclass(frozen=True)
class PendingAnswer:
    """What processing needs for one answer still to transcribe or score, read in one go."""

    answer_id: int
    interview_id: int
    status: str
    question_index: int
    audio_path: str | None  # None once retention deleted the recording (a re-score needs only the transcript)
    audio_mime: str | None
    question_text: str
    question_type: str
    skill: str | None
    rubric: list[RubricPoint]
    transcript: str | None
    duration_seconds: float | None
    hints: list[str]
    language: str
    follow_ups_enabled: bool
    code: str | None = None  # coding questions: the submitted code and its hidden-test result
    tests_passed: int = 0
    tests_total: int = 0


def pending_answer(session: Session, answer_id: int) -> PendingAnswer | None:
    """What the worker needs for one answer, or None when there is nothing (left) to do."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.status in (AnswerStatus.scored, AnswerStatus.failed, AnswerStatus.needs_review):
        return None
    if answer.status == AnswerStatus.received and not answer.audio_file:
        return None
    question = session.get(Question, answer.question_id)
    interview = session.get(Interview, answer.interview_id)
    candidate = session.get(Candidate, interview.candidate_id) if interview else None
    job = session.get(Job, candidate.job_id) if candidate else None
    if question is None or job is None:
        return None
    submission = None
    if question.type == QuestionType.coding:
        submission = session.exec(select(CodeSubmission).where(CodeSubmission.question_id == question.id)).first()
    return PendingAnswer(
        answer_id=answer_id, interview_id=answer.interview_id, status=answer.status, question_index=question.index,
        audio_path=str(media.path_of(answer.audio_file)) if answer.audio_file else None, audio_mime=answer.audio_mime,
        question_text=question.text, question_type=question.type, skill=question.skill,
        rubric=[RubricPoint.model_validate(p) for p in question.rubric],
        transcript=answer.transcript_corrected or answer.transcript, duration_seconds=answer.duration_seconds,
        hints=[*job.must_have_skills, *job.nice_to_have_skills], language=job.language,
        follow_ups_enabled=job.follow_ups_enabled,
        code=submission.code if submission else None,
        tests_passed=submission.tests_passed if submission else 0,
        tests_total=submission.tests_total if submission else 0,
    )


def save_transcript(session: Session, answer_id: int, result: Transcription) -> None:
    answer = _answer(session, answer_id)
    answer.transcript = result.text.strip()
    answer.stt_confidence = result.confidence
    answer.stt_language = result.spoken_language or result.language  # as heard, when the model can tell
    if answer.duration_seconds is None and result.duration_seconds:
        answer.duration_seconds = result.duration_seconds
    answer.status = AnswerStatus.transcribed
    answer.error = None
    session.add(answer)
    session.commit()


def hold_for_review(session: Session, answer_id: int, reason: str) -> None:
    """Leave a transcribed answer unscored for HR, with the reason (no speech, invented or unsure text):
    a 0 for a muted microphone or a score for words never said would both be wrong."""
    answer = _answer(session, answer_id)
    answer.status = AnswerStatus.needs_review
    answer.review_reason = reason[:2000]
    answer.error = None
    answer.next_attempt_at = None
    session.add(answer)
    session.commit()


def save_evaluation(session: Session, answer_id: int, evaluation: Evaluation, scored_by: str) -> None:
    answer = _answer(session, answer_id)
    answer.correctness = evaluation.correctness
    answer.depth = evaluation.depth
    answer.clarity = evaluation.clarity
    answer.relevance = evaluation.relevance
    answer.evidence = [e.model_dump() for e in evaluation.evidence]
    answer.matched_points = list(evaluation.matched_points)
    answer.missing_points = list(evaluation.missing_points)
    answer.comment = evaluation.comment
    answer.scored_by = scored_by
    answer.status = AnswerStatus.scored
    answer.error = None
    answer.review_reason = None
    answer.next_attempt_at = None
    answer.processed_at = utcnow()
    session.add(answer)
    session.commit()


def save_unscored(session: Session, answer_id: int) -> None:
    """Done without scores: a question HR asked live without a rubric (the report shows it unscored)."""
    answer = _answer(session, answer_id)
    answer.status = AnswerStatus.scored
    answer.comment = 'Asked live without key points: not scored.'
    answer.error = None
    answer.next_attempt_at = None
    answer.processed_at = utcnow()
    session.add(answer)
    session.commit()


INTERRUPTED = ('Processing was interrupted {n} times (the server stopped or ran out of memory while '
               'working on this answer), so it was not tried again.')


def begin_attempt(session: Session, answer_id: int, max_attempts: int) -> bool:
    """Count an attempt before it starts; False (and the answer failed) once the budget is spent.

    Counting first means an answer that crashes or OOM-kills the process uses up its attempts across
    restarts, instead of being retried by every recover() forever.
    """
    answer = session.get(Answer, answer_id)
    if answer is None or answer.status in (AnswerStatus.scored, AnswerStatus.failed):
        return False
    if answer.attempts >= max_attempts:
        answer.status = AnswerStatus.failed
        answer.next_attempt_at = None
        answer.error = answer.error or INTERRUPTED.format(n=answer.attempts)
        session.add(answer)
        session.commit()
        return False
    answer.attempts += 1
    session.add(answer)
    session.commit()
    return True


def record_failure(session: Session, answer_id: int, error: str, max_attempts: int, base_delay: float,
                   *, final: bool = False) -> float | None:
    """Record a failed attempt (begin_attempt counted it). Returns the delay before the next try, or
    None once the answer failed: its attempts are spent, or `final` (retrying cannot help)."""
    answer = _answer(session, answer_id)
    answer.error = error[:2000]
    if final or answer.attempts >= max_attempts:
        answer.status = AnswerStatus.failed
        answer.next_attempt_at = None
        delay = None
    else:
        delay = backoff_delay(max(0, answer.attempts - 1), base_delay, ANSWER_RETRY_MAX_SECONDS)
        answer.next_attempt_at = utcnow() + timedelta(seconds=delay)
    session.add(answer)
    session.commit()
    return delay


def retry_failed(session: Session, organization_id: int, answer_id: int) -> Answer:
    """HR asks for another round on a failed answer (organization-scoped)."""
    answer, interview = org_answer(session, organization_id, answer_id)
    if answer.status != AnswerStatus.failed:
        raise Conflict('Only a failed answer can be retried.')
    if answer.transcript is None and not answer.audio_file:
        raise Conflict('The recording of this answer was deleted, so it cannot be transcribed again.')
    requeue(session, answer, interview,
            AnswerStatus.transcribed if answer.transcript is not None else AnswerStatus.received)
    session.commit()
    return answer


def requeue(session: Session, answer: Answer, interview: Interview, status: AnswerStatus) -> None:
    """Put an answer back in line at `status` with a fresh retry budget (the caller commits and enqueues).

    The interview no longer needs review for it: the new round decides.
    """
    answer.status = status
    answer.attempts = 0
    answer.error = None
    answer.review_reason = None
    answer.next_attempt_at = None
    interview.needs_review = False
    session.add(answer)
    session.add(interview)


def unfinished_answers(session: Session) -> list[tuple[int, float]]:
    """(answer id, seconds until due) for every answer still to process — what a restart resumes."""
    now = utcnow()
    rows = session.exec(select(Answer.id, Answer.next_attempt_at).where(
        col(Answer.status).in_([AnswerStatus.received, AnswerStatus.transcribed]),
    ).order_by(col(Answer.id))).all()
    return [(answer_id, max(0.0, (due - now).total_seconds()) if due else 0.0)
            for answer_id, due in rows if answer_id is not None]


def _answer(session: Session, answer_id: int) -> Answer:
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFound(ANSWER_NOT_FOUND)
    return answer
