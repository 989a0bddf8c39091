"""A reviewer's hand on single answers: correct a transcript, ask for a re-score, retry a failure.

The AI transcript is kept; the correction is stored beside it and is what a re-score evaluates.
These functions only change the rows (audited); the caller then hands the answer to the answer
queue (`app.runtime.answer_queue().enqueue(answer_id)`), which scores it and, for a completed interview,
recomputes the result (see finalize.Readiness.stale).
"""

from __future__ import annotations

from sqlmodel import Session

from app.errors import AppError, Conflict, Invalid
from app.models import Answer, AnswerStatus, Question, User
from app.services import audit
from app.services.interview import answers
from app.services.review_access import org_answer

TRANSCRIPT_MAX = 20_000


def correct_transcript(session: Session, user: User, answer_id: int, text: str) -> Answer:
    """Store the reviewer's transcript. Empty, or the same as the AI's, removes the correction."""
    answer, interview = org_answer(session, user.organization_id, answer_id)
    if answer.transcript is None:
        raise Conflict('This answer has no transcript yet; wait until it is transcribed.')
    cleaned = (text or '').strip()
    if len(cleaned) > TRANSCRIPT_MAX:
        raise Invalid(f'A transcript is at most {TRANSCRIPT_MAX} characters.', {'text': 'Too long'})
    correction = cleaned if cleaned and cleaned != answer.transcript.strip() else None
    if correction == answer.transcript_corrected:
        return answer
    answer.transcript_corrected = correction
    session.add(answer)
    # The words themselves stay out of the audit trail: it outlives a candidate's deletion.
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.transcript_correct',
                 subject_type='candidate', subject_id=interview.candidate_id,
                 detail={'answer_id': answer_id, 'question_index': _index(session, answer),
                         'removed': correction is None, 'characters': len(correction or '')})
    session.commit()
    return answer


def request_rescore(session: Session, user: User, answer_id: int) -> Answer:
    """Score the answer again from its (corrected) transcript; the caller enqueues it."""
    answer, interview = org_answer(session, user.organization_id, answer_id)
    if answer.status in (AnswerStatus.received, AnswerStatus.transcribed):
        raise Conflict('This answer is being processed already.')
    if (answer.transcript_corrected or answer.transcript) is None:
        raise Conflict('This answer has no transcript to score; use Retry to transcribe it again.')
    answers.requeue(session, answer, interview, AnswerStatus.transcribed)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.rescore',
                 subject_type='candidate', subject_id=interview.candidate_id,
                 detail={'answer_id': answer_id, 'question_index': _index(session, answer),
                         'corrected_transcript': answer.transcript_corrected is not None})
    session.commit()
    return answer


def retry_answer(session: Session, user: User, answer_id: int) -> Answer:
    """Another round for an answer whose processing failed; the caller enqueues it."""
    answer, interview = org_answer(session, user.organization_id, answer_id)
    # Added first so it commits together with the retry, and is rolled back if the retry is refused.
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.retry',
                 subject_type='candidate', subject_id=interview.candidate_id,
                 detail={'answer_id': answer_id, 'question_index': _index(session, answer), 'error': answer.error})
    try:
        return answers.retry_failed(session, user.organization_id, answer_id)
    except AppError:
        session.rollback()
        raise


def _index(session: Session, answer: Answer) -> int | None:
    question = session.get(Question, answer.question_id)
    return question.index if question else None
