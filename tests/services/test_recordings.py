"""Recordings: served in scope, downloads audited, deleted after the retention period."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from app import media
from app.db import session_scope
from app.db_types import utcnow
from app.errors import NotFound
from app.models import AuditEvent, Interview
from app.services import organization, recordings
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import STRONG, WEAK, answers_of, interview_with_answers, load_interview
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob('*') if p.is_file())


async def test_recordings_are_served_in_scope_and_downloads_audited() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK])
    answer = answers_of(interview.id)[1]
    with session_scope() as session:
        played = recordings.answer_audio(session, admin, answer.id, download=False)
        video = recordings.interview_video(session, admin, interview.candidate_id, 0, download=True)
        assert played.path.read_bytes() == STRONG.encode() and played.mime == 'audio/webm'
        assert video.path.read_bytes().startswith(b'\x1aE\xdf\xa3') and video.filename.endswith('.webm')
        for call in (lambda: recordings.answer_audio(session, stranger, answer.id, download=True),
                     lambda: recordings.interview_video(session, stranger, interview.candidate_id, 0, download=True),
                     lambda: recordings.interview_video(session, admin, interview.candidate_id, 5, download=True)):
            with pytest.raises(NotFound):
                call()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == 'recording.download')).all()
    assert [(e.detail['kind'], e.subject_id) for e in events] == [('video', interview.candidate_id)]


async def test_retention_deletes_only_expired_recordings_and_keeps_scores() -> None:
    keeper, short = make_admin(), make_admin()
    with session_scope() as session:
        organization.update_settings(session, short, {'recording_retention_days': 7})
    job_short, job_keep = make_job(short, question_count=3), make_job(keeper, question_count=3)
    async with scripted_runtime() as rig:
        old = await interview_with_answers(rig, job_short, ['Hi.', STRONG, WEAK])
        recent = await interview_with_answers(rig, job_short, ['Hi.', STRONG, WEAK])
        kept = await interview_with_answers(rig, job_keep, ['Hi.', STRONG, WEAK])  # no retention set
    now = utcnow()
    with session_scope() as session:
        for interview_id, days in ((old.id, 8), (kept.id, 400), (recent.id, 6)):
            row = session.get(Interview, interview_id)
            row.ended_at = now - timedelta(days=days)
            session.add(row)
        session.commit()
    old_files = [a.audio_file for a in answers_of(old.id)] + [s['file'] for s in old.video_segments]
    with session_scope() as session:
        run = recordings.run_retention(session, now)
    assert (run.interviews, run.files) == (1, 4)
    assert not any(media.exists(name) for name in old_files)
    for survivor in (recent, kept):
        assert all(media.exists(a.audio_file) for a in answers_of(survivor.id))
        assert all(media.exists(s['file']) for s in load_interview(survivor.id).video_segments)
    expired = load_interview(old.id)
    assert expired.recordings_deleted_at is not None and expired.final_score == old.final_score
    assert expired.video_segments[0]['bytes'] > 0 and 'file' not in expired.video_segments[0]
    assert [a.transcript for a in answers_of(old.id)] == ['Hi.', STRONG, WEAK]
    assert all(a.audio_file is None and a.correctness is not None for a in answers_of(old.id))
    with session_scope() as session:
        assert recordings.run_retention(session, now) == recordings.RetentionRun(0, 0)  # nothing twice
        events = session.exec(select(AuditEvent).where(AuditEvent.action == 'recordings.expire')).all()
        with pytest.raises(NotFound, match='not available'):
            recordings.answer_audio(session, short, answers_of(old.id)[1].id, download=True)
    assert [(e.subject_id, e.detail['files'], e.actor_label) for e in events] == [(old.candidate_id, 4, 'system')]
