"""/api/v1/interview/{token}: what the interview room's browser code calls. The token is the credential."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app import links
from app.api.body_limit import limit_pattern
from app.api.deps import PUBLIC, Index
from app.api.uploads import read_limited
from app.config import get_settings
from app.db import background_priority, run_in_session, run_read
from app.runtime import get_runtime
from app.services.interview import integrity, media
from app.services.interview.answers import AnswerUpload, check_audio_type
from app.services.interview.rows import interview_by_token
from app.services.interview.turns import AskedQuestion, RoomState, TurnResult
from app.services.invitations import accept

router = APIRouter(prefix='/interview/{token}', tags=['interview (candidate)'], dependencies=PUBLIC)


def _answer_limit() -> int:
    return get_settings().max_answer_upload_mb * 1024 * 1024


def _chunk_limit() -> int:
    return get_settings().max_video_chunk_mb * 1024 * 1024


# These raw bodies are larger than the default request limit (app/api/body_limit.py).
limit_pattern(r'/api/v1/interview/[^/]+/answers/[^/]+', _answer_limit, 'The answer recording is larger than {mb} MB.')
limit_pattern(r'/api/v1/interview/[^/]+/video/[^/]+', _chunk_limit, 'The video chunk is larger than {mb} MB.')


class QuestionOut(BaseModel):
    index: int
    number: int
    total: int
    text: str
    type: str
    audio_url: str | None


class AccommodationsOut(BaseModel):
    typed_answers: str  # off | fallback (only without a working microphone) | allowed
    time_multiplier: float  # 0 = untimed
    answer_limit_seconds: int | None  # None: untimed
    rerecord_limit: int
    contact: str


class RoomOut(BaseModel):
    status: str
    candidate_name: str
    job_title: str
    total: int
    answered: int
    answer_time_limit_seconds: int
    question: QuestionOut | None
    accommodations: AccommodationsOut


class TypedAnswerIn(BaseModel):
    text: str = Field(max_length=50_000)  # the configured MAX_TYPED_ANSWER_CHARS is checked by the service
    upload_key: str = Field(min_length=8, max_length=64)


class AudioCheckOut(BaseModel):
    peak_dbfs: float | None  # loudest sample of the recording
    speech_detected: bool
    message: str | None  # shown to the candidate ('your microphone seems quiet'); None when fine


class TurnOut(BaseModel):
    answer_index: int
    duplicate: bool
    finished: bool
    next: QuestionOut | None
    audio_check: AudioCheckOut | None = None  # None when the recording could not be read here


class SegmentIn(BaseModel):
    mime: str = Field(max_length=100)


class FocusEventIn(BaseModel):
    lost: bool
    hidden: bool = False
    at: datetime | None = None
    question_index: int | None = Field(default=None, ge=0, le=100)


def question_out(token: str, question: AskedQuestion | None) -> QuestionOut | None:
    if question is None:
        return None
    audio = links.question_audio_path(token, question.index) if question.has_audio else None
    return QuestionOut(index=question.index, number=question.index + 1, total=question.total, text=question.text,
                       type=question.type, audio_url=audio)


def room_out(token: str, room: RoomState) -> RoomOut:
    return RoomOut(status=room.status, candidate_name=room.candidate_name, job_title=room.job_title,
                   total=room.total, answered=room.answered,
                   answer_time_limit_seconds=room.answer_time_limit_seconds,
                   question=question_out(token, room.question),
                   accommodations=AccommodationsOut(
                       typed_answers=room.accommodations.typed_answers,
                       time_multiplier=room.accommodations.time_multiplier,
                       answer_limit_seconds=room.accommodations.answer_limit(room.answer_time_limit_seconds),
                       rerecord_limit=room.accommodations.rerecord_limit, contact=room.accommodations.contact))


def turn_out(token: str, turn: TurnResult) -> TurnOut:
    check = turn.audio_check
    return TurnOut(answer_index=turn.answer_index, duplicate=turn.duplicate, finished=turn.finished,
                   next=question_out(token, turn.next),
                   audio_check=AudioCheckOut(peak_dbfs=check.peak_dbfs, speech_detected=check.speech_detected,
                                             message=check.message) if check else None)


@router.get('', response_model=RoomOut)
async def room(token: str) -> RoomOut:
    """Where the candidate stands; in progress it includes the current question."""
    return room_out(token, await get_runtime().engine.room(token))


class ConsentIn(BaseModel):
    consent_notice_version: str


@router.post('/consent', status_code=204)
async def consent(token: str, body: ConsentIn) -> None:
    """An invited candidate agrees to the consent notice (GET /api/v1/apply/{code} shows it); needed before start."""
    await run_in_session(accept.accept, token, body.consent_notice_version)


@router.post('/start', response_model=RoomOut)
async def start(token: str) -> RoomOut:
    """Plan the interview and serve question 1 (starting twice is harmless)."""
    return room_out(token, await get_runtime().engine.start(token))


@router.post('/answers/{index}', response_model=TurnOut)
async def submit_answer(
    token: str, index: Index, request: Request,
    content_type: Annotated[str, Header()] = '',
    x_upload_key: Annotated[str, Header(min_length=8, max_length=64)] = '',
    x_duration_ms: Annotated[int | None, Header(ge=0, le=3_600_000)] = None,
) -> TurnOut:
    """Store the answer recording (raw body) and return the next question at once.

    Idempotent on X-Upload-Key: a retried upload gets the same reply and stores nothing twice.
    """
    check_audio_type(content_type)  # a wrong type is refused before the body is read
    data = await read_limited(request, _answer_limit(), 'answer recording')
    upload = AnswerUpload(data=data, mime=content_type, upload_key=x_upload_key or f'unkeyed-{index}',
                          duration_seconds=x_duration_ms / 1000 if x_duration_ms is not None else None)
    return turn_out(token, await get_runtime().engine.submit_answer(token, index, upload))


@router.post('/answers/{index}/text', response_model=TurnOut)
async def submit_typed_answer(token: str, index: int, body: TypedAnswerIn) -> TurnOut:
    """A typed answer (when the candidate's accommodations allow it); scored like a transcript.

    Idempotent on upload_key, like a recording.
    """
    upload = AnswerUpload(data=b'', mime='text/plain', upload_key=body.upload_key, duration_seconds=None,
                          text=body.text)
    return turn_out(token, await get_runtime().engine.submit_answer(token, index, upload))


@router.get('/practice/audio', response_class=Response)
async def practice_audio(token: str) -> Response:
    """The spoken practice question (404 when the server does not speak: the browser reads the text)."""
    await run_read(interview_by_token, token)  # the token is the credential, here too
    audio = await get_runtime().pipeline.practice.audio()
    if audio is None:
        return JSONResponse({'detail': 'The practice question has no server audio.'}, status_code=404)
    return Response(audio.data, media_type=audio.mime, headers={'Cache-Control': 'private, max-age=3600'})


@router.get('/questions/{index}/audio', response_class=Response)
async def question_audio(token: str, index: Index) -> Response:
    # On the candidate's hot path: one trip to the read pool looks the question up and reads the file
    # (a few hundred KB), where a sync route plus FileResponse took a thread hop per 64 KB chunk.
    data, mime = await run_read(media.question_audio_bytes, token, index)
    return Response(data, media_type=mime, headers={'Cache-Control': 'private, max-age=3600'})


@router.post('/video', status_code=status.HTTP_201_CREATED)
async def open_video(token: str, body: SegmentIn) -> dict[str, object]:
    """Start a new video recording for this page session; upload its chunks to the returned URL."""
    segment = await run_in_session(media.open_video_segment, token, body.mime)
    return {'segment': segment, 'upload_url': links.video_upload_path(token, segment)}


@router.post('/video/{segment}')
async def video_chunk(token: str, segment: Index, request: Request,
                      seq: Annotated[int, Query(ge=0, le=100_000)]) -> Response:
    """Append chunk `seq` in order; any other seq gets 409 with the expected one."""
    data = await read_limited(request, _chunk_limit(), 'video chunk')
    try:
        # The chunk is appended and fsynced inside its write transaction, and every candidate sends one
        # every few seconds: a candidate's answer upload (the next question waits on it) writes first.
        with background_priority():
            result = await run_in_session(media.append_video_chunk, token, segment, seq, data)
    except media.SeqMismatch as exc:
        return JSONResponse({'detail': exc.message, 'expected_seq': exc.expected}, status_code=409)
    return JSONResponse({'stored': result.stored, 'next_seq': result.next_seq})


@router.post('/events', status_code=status.HTTP_204_NO_CONTENT)
async def integrity_event(token: str, body: FocusEventIn) -> None:
    """Focus lost/regained while answering: recorded for HR, not judged."""
    await run_in_session(integrity.record_focus_change, token, body.lost, body.hidden, body.at,
                         body.question_index)
