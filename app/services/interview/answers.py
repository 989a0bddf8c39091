"""Answer rows: durable intake of an uploaded recording and the processing states that follow.

received → transcribed → scored, or failed after a bounded number of attempts (the error is kept
and HR can retry). A failed step never writes a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app import media
from app.backoff import ANSWER_RETRY_MAX_SECONDS, backoff_delay
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.models import Answer, AnswerStatus, Candidate, Interview, InterviewStatus, Job, Question
from app.providers.llm.base import Evaluation, RubricPoint
from app.providers.stt.base import Transcription
from app.services.interview.rows import INVALID_LINK, InterviewStateError, interview_by_token, question_at
from app.services.review_access import ANSWER_NOT_FOUND, org_answer


@dataclass(frozen=True)
class AnswerUpload:
    data: bytes
    mime: str
    upload_key: str
    duration_seconds: float | None


@dataclass(frozen=True)
class RecordedAnswer:
    answer_id: int
    index: int
    created: bool  # False: a retried upload of an answer already stored
    finished: bool  # the candidate has now answered every question


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


def check_upload(session: Session, token: str, index: int, upload: AnswerUpload,
                 ) -> tuple[int, RecordedAnswer | None]:
    """The interview behind `token` and check_answer's verdict, in one read."""
    interview_id = interview_by_token(session, token).id
    assert interview_id is not None
    return interview_id, check_answer(session, interview_id, index, upload)


def check_answer(session: Session, interview_id: int, index: int, upload: AnswerUpload) -> RecordedAnswer | None:
    """Validate an upload before its file is written. Returns the stored answer when this is a retried
    upload of it, None when the upload is new and acceptable; raises a clear error otherwise."""
    replay, _ = _check(session, interview_id, index, upload)
    return replay


def _check(session: Session, interview_id: int, index: int, upload: AnswerUpload,
           ) -> tuple[RecordedAnswer | None, Question | None]:
    """check_answer's verdict with the question it looked up, so store_answer need not read it again."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(INVALID_LINK)
    question, existing = _question_and_answer(session, interview_id, index)
    if existing is not None:
        if existing.upload_key and existing.upload_key == upload.upload_key[:64]:
            return RecordedAnswer(existing.id or 0, index, created=False,
                                  finished=interview.ended_at is not None), question
        raise Conflict(f'Question {index + 1} was already answered.')
    if interview.status != InterviewStatus.in_progress or interview.ended_at is not None:
        raise InterviewStateError(f'This interview is {interview.status.replace("_", " ")}; it takes no more answers.')
    if question is None or question.served_at is None:
        raise Conflict(f'Question {index + 1} has not been asked yet.')
    if media.audio_extension(upload.mime) is None:
        raise Invalid(f'Unsupported recording format {media.base_mime(upload.mime) or "(none)"}; '
                      'send webm, ogg, mp4 or wav audio.')
    if not upload.data:
        raise Invalid('The recording is empty. Check the microphone and answer again.')
    return None, question


def _question_and_answer(session: Session, interview_id: int, index: int) -> tuple[Question | None, Answer | None]:
    """Question `index` and the answer already stored for it (None for either that does not exist)."""
    question = question_at(session, interview_id, index)
    existing = session.exec(select(Answer).where(Answer.question_id == question.id)).first() if question else None
    return question, existing


def store_answer(session: Session, interview_id: int, index: int, upload: AnswerUpload, audio_name: str,
                 ) -> RecordedAnswer:
    """Commit the Answer row for a recording already written to disk as `audio_name`.

    The file is written (and fsynced) before this short write transaction, so the database lock is
    never held during disk I/O. The checks run again here: another upload may have won meanwhile.
    """
    replay, question = _check(session, interview_id, index, upload)
    if replay is not None:
        return replay
    interview = session.get(Interview, interview_id)  # from the session's identity map: _check loaded it
    assert interview is not None and question is not None
    answer = Answer(question_id=question.id or 0, interview_id=interview_id, upload_key=upload.upload_key[:64],
                    audio_file=audio_name, audio_mime=media.base_mime(upload.mime), audio_bytes=len(upload.data),
                    duration_seconds=upload.duration_seconds, status=AnswerStatus.received)
    session.add(answer)
    now = utcnow()
    interview.current_index = max(interview.current_index, index + 1)
    interview.last_activity_at = now
    finished = interview.current_index >= interview.question_total
    if finished:
        interview.ended_at = now
    session.add(interview)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return _replay(session, interview_id, index, upload)
    return RecordedAnswer(answer.id or 0, index, created=True, finished=finished)


def _replay(session: Session, interview_id: int, index: int, upload: AnswerUpload) -> RecordedAnswer:
    _, existing = _question_and_answer(session, interview_id, index)
    interview = session.get(Interview, interview_id)
    if existing is None or existing.upload_key != upload.upload_key[:64] or interview is None:
        raise Conflict(f'Question {index + 1} was already answered.')
    return RecordedAnswer(existing.id or 0, index, created=False, finished=interview.ended_at is not None)


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
    return PendingAnswer(
        answer_id=answer_id, interview_id=answer.interview_id, status=answer.status, question_index=question.index,
        audio_path=str(media.path_of(answer.audio_file)) if answer.audio_file else None, audio_mime=answer.audio_mime,
        question_text=question.text, question_type=question.type, skill=question.skill,
        rubric=[RubricPoint.model_validate(p) for p in question.rubric],
        transcript=answer.transcript_corrected or answer.transcript, duration_seconds=answer.duration_seconds,
        hints=[*job.must_have_skills, *job.nice_to_have_skills], language=job.language,
        follow_ups_enabled=job.follow_ups_enabled,
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


def record_failure(session: Session, answer_id: int, error: str, max_attempts: int, base_delay: float,
                   ) -> float | None:
    """Count a failed attempt. Returns the delay before the next try, or None once the answer failed."""
    answer = _answer(session, answer_id)
    answer.attempts += 1
    answer.error = error[:2000]
    if answer.attempts >= max_attempts:
        answer.status = AnswerStatus.failed
        answer.next_attempt_at = None
        delay = None
    else:
        delay = backoff_delay(answer.attempts - 1, base_delay, ANSWER_RETRY_MAX_SECONDS)
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
