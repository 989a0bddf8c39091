"""The candidate's recordings for HR (answer audio, interview video) and their retention.

Serving is organization-scoped; a download (as opposed to playback inside the report page) is
recorded in the audit trail. Retention: an organization may keep recordings N days after the
interview ended; then the files are deleted and the interview is marked, while transcripts, scores
and the report stay until the candidate is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from app import media
from app.db_types import utcnow
from app.errors import NotFound
from app.models import Answer, Interview, InterviewStatus, Organization, Question, User
from app.services import audit
from app.services.review_access import candidate_interview, org_answer

GONE = 'This recording is not available: it was never uploaded or has been deleted.'


@dataclass(frozen=True)
class RecordingFile:
    path: Path
    filename: str
    mime: str


@dataclass(frozen=True)
class RetentionRun:
    interviews: int
    files: int


def answer_audio(session: Session, user: User, answer_id: int, *, download: bool) -> RecordingFile:
    answer, interview = org_answer(session, user.organization_id, answer_id)
    if not answer.audio_file or not media.exists(answer.audio_file):
        raise NotFound(GONE)
    question = session.get(Question, answer.question_id)
    number = question.index + 1 if question else 0
    if download:
        audit.record(session, organization_id=user.organization_id, actor=user, action='recording.download',
                     subject_type='candidate', subject_id=interview.candidate_id,
                     detail={'kind': 'answer_audio', 'answer_id': answer_id, 'question_index': number - 1})
        session.commit()
    mime = answer.audio_mime or 'application/octet-stream'
    return RecordingFile(media.path_of(answer.audio_file),
                         f'candidate-{interview.candidate_id}-answer-{number}{_extension(answer.audio_file)}', mime)


def interview_video(session: Session, user: User, candidate_id: int, index: int, *, download: bool,
                    ) -> RecordingFile:
    _, interview = candidate_interview(session, user.organization_id, candidate_id)
    segments = interview.video_segments
    segment = segments[index] if 0 <= index < len(segments) else None
    if segment is None or not media.exists(segment.get('file')):
        raise NotFound(GONE)
    if download:
        audit.record(session, organization_id=user.organization_id, actor=user, action='recording.download',
                     subject_type='candidate', subject_id=candidate_id, detail={'kind': 'video', 'segment': index})
        session.commit()
    name = str(segment['file'])
    return RecordingFile(media.path_of(name), f'candidate-{candidate_id}-video-{index + 1}{_extension(name)}',
                         str(segment.get('mime') or 'video/webm'))


def expired_interviews(session: Session, now: datetime) -> list[tuple[int, int]]:
    """(interview id, retention days) of finished interviews whose recordings are past retention."""
    found: list[tuple[int, int]] = []
    for org_id, days in session.exec(select(Organization.id, Organization.recording_retention_days)
                                     .where(col(Organization.recording_retention_days).is_not(None))).all():
        assert days is not None
        ids = session.exec(select(Interview.id).where(
            Interview.organization_id == org_id, col(Interview.recordings_deleted_at).is_(None),
            col(Interview.status).in_([InterviewStatus.completed, InterviewStatus.abandoned]),
            col(Interview.ended_at) < now - timedelta(days=days))).all()
        found += [(i, days) for i in ids if i is not None]
    return found


def run_retention(session: Session, now: datetime | None = None) -> RetentionRun:
    """Delete every recording past its organization's retention period (the scheduled job)."""
    now = now or utcnow()
    files: list[str] = []
    expired = expired_interviews(session, now)
    for interview_id, days in expired:
        files += _strip_recordings(session, interview_id, days, now)
    session.commit()
    for name in files:  # after the commit, so a rollback never leaves rows pointing at deleted files
        media.delete(name)
    return RetentionRun(interviews=len(expired), files=len(files))


def _strip_recordings(session: Session, interview_id: int, days: int, now: datetime) -> list[str]:
    interview = session.get(Interview, interview_id)
    assert interview is not None
    names = [n for n in session.exec(select(Answer.audio_file).where(
        Answer.interview_id == interview_id, col(Answer.audio_file).is_not(None))).all() if n]
    names += [str(s['file']) for s in interview.video_segments if s.get('file')]
    session.exec(update(Answer).where(col(Answer.interview_id) == interview_id).values(audio_file=None))
    # The segment list stays (how much was recorded, when); only the file names go.
    interview.video_segments = [{k: v for k, v in s.items() if k != 'file'} for s in interview.video_segments]
    interview.recordings_deleted_at = now
    session.add(interview)
    if names:
        audit.record(session, organization_id=interview.organization_id, action='recordings.expire',
                     subject_type='candidate', subject_id=interview.candidate_id,
                     detail={'files': len(names), 'retention_days': days})
    return names


def _extension(name: str) -> str:
    return Path(name).suffix  # stored media names always carry one (see app.media)
