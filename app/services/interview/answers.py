"""Answer rows: durable intake of an uploaded recording (or a typed answer) as an Answer row.

The checks run before the file is written and again in the short write transaction; a retried upload
of a stored answer replays it. The processing states that follow (received → transcribed → scored,
or failed) are in answer_states.py, re-exported here for the callers that read them as `answers.X`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app import media
from app.config import get_settings
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.models import (
    Answer,
    AnswerStatus,
    Candidate,
    CodeSubmission,
    Interview,
    InterviewStatus,
    Job,
    Question,
    QuestionType,
)
from app.providers.audio import AudioDecodeError, probe_duration
from app.services.accommodations import effective
from app.services.interview.answer_states import (  # noqa: F401 - re-exported: answers.save_transcript etc.
    INTERRUPTED,
    PendingAnswer,
    begin_attempt,
    hold_for_review,
    pending_answer,
    record_failure,
    requeue,
    retry_failed,
    save_evaluation,
    save_transcript,
    save_unscored,
    unfinished_answers,
)
from app.services.interview.rows import INVALID_LINK, InterviewStateError, interview_by_token, question_at

CODE_ONLY_KEY = 'code-only'  # upload_key of a coding answer stored without a recording


@dataclass(frozen=True)
class AnswerUpload:
    data: bytes
    mime: str
    upload_key: str
    duration_seconds: float | None
    text: str | None = None  # a typed answer (an accommodation): no recording, this is the transcript


@dataclass(frozen=True)
class RecordedAnswer:
    answer_id: int
    index: int
    created: bool  # False: a retried upload of an answer already stored
    finished: bool  # the candidate has now answered every question


@dataclass(frozen=True)
class UploadCheck:
    interview_id: int
    replay: RecordedAnswer | None  # the stored answer when this is a retried upload of it
    max_seconds: float  # the longest recording this interview's answers may be


def check_upload(session: Session, token: str, index: int, upload: AnswerUpload) -> UploadCheck:
    """The interview behind `token`, check_answer's verdict and the answer length limit, in one read."""
    interview = interview_by_token(session, token)
    assert interview.id is not None
    replay = check_answer(session, interview.id, index, upload)
    candidate = session.get(Candidate, interview.candidate_id)
    job = session.get(Job, candidate.job_id) if candidate else None
    limit = job.answer_time_limit_seconds if job else 600
    return UploadCheck(interview.id, replay, limit + get_settings().answer_duration_slack_seconds)


def check_duration(upload: AnswerUpload, max_seconds: float) -> None:
    """Refuse (422) a recording that plays longer than an answer may last, from its container alone.

    A few MB of opus can hold hours of audio that would cost minutes of CPU and gigabytes of memory to
    decode. Files that cannot be probed are left to processing, which fails them at once (and caps
    what it decodes). Blocking (walks the packets): call it off the event loop.
    """
    try:
        seconds = probe_duration(upload.data, upload.mime, stop_after=max_seconds)
    except AudioDecodeError:
        return
    if seconds > max_seconds:
        raise Invalid(f'The recording lasts more than {_minutes(max_seconds)}, the longest an answer can last. '
                      'Record the answer again.')


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f'{minutes} min {rest} s' if minutes else f'{rest} s'


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
    _check_open(interview, question, index)
    if question is not None and question.type == QuestionType.coding and not _has_submission(session, question):
        # The spoken explanation belongs to submitted code; the room retries this upload after Submit.
        raise Conflict('Submit your code first; your explanation is kept and sent with it.')
    if upload.text is not None:
        _check_typed(session, interview, upload.text)
        return None, question
    check_audio_type(upload.mime)
    if not upload.data:
        raise Invalid('The recording is empty. Check the microphone and answer again.')
    return None, question


def _check_typed(session: Session, interview: Interview, text: str) -> None:
    candidate = session.get(Candidate, interview.candidate_id)
    job = session.get(Job, candidate.job_id) if candidate else None
    if job is None or not effective(job, candidate).typing_possible:
        raise Invalid('Typed answers are not available for this interview; please answer out loud.')
    limit = get_settings().max_typed_answer_chars
    if not text.strip():
        raise Invalid('The answer is empty. Type your answer, then send it.')
    if len(text) > limit:
        raise Invalid(f'A typed answer is at most {limit} characters; this one has {len(text)}.')


def _check_open(interview: Interview, question: Question | None, index: int) -> None:
    if interview.status != InterviewStatus.in_progress or interview.ended_at is not None:
        raise InterviewStateError(f'This interview is {interview.status.replace("_", " ")}; it takes no more answers.')
    if question is None or question.served_at is None:
        raise Conflict(f'Question {index + 1} has not been asked yet.')


def _has_submission(session: Session, question: Question) -> bool:
    return session.exec(select(CodeSubmission.id).where(CodeSubmission.question_id == question.id)).first() is not None


def _question_and_answer(session: Session, interview_id: int, index: int) -> tuple[Question | None, Answer | None]:
    """Question `index` and the answer already stored for it (None for either that does not exist)."""
    question = question_at(session, interview_id, index)
    existing = session.exec(select(Answer).where(Answer.question_id == question.id)).first() if question else None
    return question, existing


def store_answer(session: Session, interview_id: int, index: int, upload: AnswerUpload, audio_name: str | None,
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
    if upload.text is not None:  # typed: the text is the transcript, so processing starts at scoring
        answer = Answer(question_id=question.id or 0, interview_id=interview_id, upload_key=upload.upload_key[:64],
                        typed=True, transcript=upload.text.strip(), duration_seconds=upload.duration_seconds,
                        status=AnswerStatus.transcribed)
    else:
        answer = Answer(question_id=question.id or 0, interview_id=interview_id, upload_key=upload.upload_key[:64],
                        audio_file=audio_name, audio_mime=media.base_mime(upload.mime), audio_bytes=len(upload.data),
                        duration_seconds=upload.duration_seconds, status=AnswerStatus.received)
    return _commit_answer(session, interview, answer, index)


def store_code_answer(session: Session, interview_id: int, index: int) -> RecordedAnswer:
    """The answer to a coding question submitted without a spoken explanation: nothing to transcribe,
    so it starts `transcribed` with an empty transcript and is scored from its CodeSubmission."""
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise NotFound(INVALID_LINK)
    question, existing = _question_and_answer(session, interview_id, index)
    if existing is not None:
        if existing.upload_key == CODE_ONLY_KEY:
            return RecordedAnswer(existing.id or 0, index, created=False, finished=interview.ended_at is not None)
        raise Conflict(f'Question {index + 1} was already answered.')
    _check_open(interview, question, index)
    assert question is not None
    answer = Answer(question_id=question.id or 0, interview_id=interview_id, upload_key=CODE_ONLY_KEY,
                    transcript='', status=AnswerStatus.transcribed)
    return _commit_answer(session, interview, answer, index)


def _commit_answer(session: Session, interview: Interview, answer: Answer, index: int) -> RecordedAnswer:
    """Add a new answer and move the interview on; a concurrent duplicate turns into its replay."""
    assert interview.id is not None
    interview_id = interview.id
    session.add(answer)
    now = utcnow()
    interview.current_index = max(interview.current_index, index + 1)
    interview.last_activity_at = now
    finished = interview.current_index >= interview.question_total
    if finished:
        interview.ended_at = now
    session.add(interview)
    upload_key = answer.upload_key or ''
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return _replay(session, interview_id, index, upload_key)
    return RecordedAnswer(answer.id or 0, index, created=True, finished=finished)


def _replay(session: Session, interview_id: int, index: int, upload_key: str) -> RecordedAnswer:
    _, existing = _question_and_answer(session, interview_id, index)
    interview = session.get(Interview, interview_id)
    if existing is None or existing.upload_key != upload_key or interview is None:
        raise Conflict(f'Question {index + 1} was already answered.')
    return RecordedAnswer(existing.id or 0, index, created=False, finished=interview.ended_at is not None)


def check_audio_type(mime: str) -> None:
    """Refuse (422) a recording whose declared type is not an accepted audio format.

    The API calls this before it reads the body, so a wrong type costs no upload.
    """
    if media.audio_extension(mime) is None:
        raise Invalid(f'Unsupported recording format {media.base_mime(mime) or "(none)"}; '
                      'send webm, ogg, mp4 or wav audio.')
