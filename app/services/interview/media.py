"""Candidate-side media: the question audio the room plays and the camera video, in ordered chunks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from app import media
from app.config import get_settings
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotFound, PayloadTooLarge
from app.models import Candidate, Interview, InterviewStatus, Job
from app.services.interview.rows import interview_by_token, question_at

VIDEO_EXTENSIONS = {'video/webm': 'webm', 'video/mp4': 'mp4', 'audio/webm': 'webm', 'audio/ogg': 'ogg',
                    'audio/mp4': 'm4a', 'video/x-matroska': 'mkv'}
VIDEO_GRACE = timedelta(minutes=10)  # the last chunks arrive after the last answer
MAX_SEGMENTS = 50
# The longest an interview can reasonably run, for its video budget: each question's answer limit plus
# time to read, think and wait for the next question, plus the device check and the upload grace.
SECONDS_PER_QUESTION_BEYOND_ANSWER = 120
SECONDS_OUTSIDE_QUESTIONS = 600


class SeqMismatch(Conflict):
    def __init__(self, expected: int) -> None:
        super().__init__(f'Expected video chunk {expected}.')
        self.expected = expected


@dataclass(frozen=True)
class ChunkResult:
    stored: bool  # False: a repeat of a chunk already stored
    next_seq: int


def question_audio(session: Session, token: str, index: int) -> tuple[Path, str]:
    interview = interview_by_token(session, token)
    assert interview.id is not None
    question = question_at(session, interview.id, index)
    # Only questions already shown: a pre-generated one stays private until it is asked.
    if question is None or question.served_at is None or not question.audio_file:
        raise NotFound('No audio for this question.')
    return media.path_of(question.audio_file), question.audio_mime or 'audio/wav'


def question_audio_bytes(session: Session, token: str, index: int) -> tuple[bytes, str]:
    path, mime = question_audio(session, token, index)
    try:
        return path.read_bytes(), mime
    except FileNotFoundError:
        raise NotFound('No audio for this question.') from None


def open_video_segment(session: Session, token: str, mime: str) -> int:
    """Start a new video file for this page session; returns its segment number."""
    interview = interview_by_token(session, token, lock=True)
    _accepting_video(interview)
    kind = media.base_mime(mime)
    extension = VIDEO_EXTENSIONS.get(kind)
    if extension is None:
        raise Invalid(f'Unsupported video format {kind or "(none)"}.')
    if len(interview.video_segments) >= MAX_SEGMENTS:
        raise Conflict('This interview already has the maximum number of video recordings.')
    segment = {'file': media.new_name('videos', extension), 'mime': kind, 'chunks': 0, 'bytes': 0,
               'started_at': utcnow().isoformat()}
    interview.video_segments = [*interview.video_segments, segment]
    session.add(interview)
    session.commit()
    return len(interview.video_segments) - 1


def append_video_chunk(session: Session, token: str, segment_index: int, seq: int, data: bytes) -> ChunkResult:
    interview = interview_by_token(session, token, lock=True)
    _accepting_video(interview)
    if not 0 <= segment_index < len(interview.video_segments):
        raise NotFound('No such video recording.')
    segments = [dict(s) for s in interview.video_segments]
    segment = segments[segment_index]
    if seq < segment['chunks']:
        return ChunkResult(stored=False, next_seq=segment['chunks'])
    if seq > segment['chunks']:
        raise SeqMismatch(segment['chunks'])
    if not data:
        raise Invalid('The video chunk is empty.')
    budget = video_budget_bytes(session, interview)
    if sum(int(s.get('bytes', 0)) for s in segments) + len(data) > budget:
        raise PayloadTooLarge(f'This interview has reached its video limit of {budget // (1024 * 1024)} MB; '
                              'the interview itself continues.')
    path = media.path_of(segment['file'])
    if path.exists() and path.stat().st_size > segment['bytes']:
        # A chunk written before a failed commit: cut it off so the retry is not stored twice.
        with open(path, 'r+b') as handle:
            handle.truncate(segment['bytes'])
    segment['bytes'] = media.append(segment['file'], data)
    segment['chunks'] += 1
    interview.video_segments = segments
    interview.last_activity_at = utcnow()
    session.add(interview)
    session.commit()
    return ChunkResult(stored=True, next_seq=segment['chunks'])


def video_budget_bytes(session: Session, interview: Interview) -> int:
    """The most video bytes one interview may store: VIDEO_MAX_KBPS over its longest possible length."""
    candidate = session.get(Candidate, interview.candidate_id)
    job = session.get(Job, candidate.job_id) if candidate else None
    answer_limit = job.answer_time_limit_seconds if job else 600
    questions = max(interview.question_total, job.question_count if job else 0, 1)
    seconds = questions * (answer_limit + SECONDS_PER_QUESTION_BEYOND_ANSWER) + SECONDS_OUTSIDE_QUESTIONS
    return seconds * get_settings().video_max_kbps * 1000 // 8


def _accepting_video(interview: Interview) -> None:
    open_states = (InterviewStatus.in_progress, InterviewStatus.completed)
    late = interview.ended_at is not None and utcnow() - interview.ended_at > VIDEO_GRACE
    if interview.status not in open_states or late:
        raise Conflict('This interview no longer accepts video.')
