"""Candidate data: CSV and JSON exports, recordings and their retention, deletion without a trace."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from app import media
from app.db import session_scope
from app.db_types import utcnow
from app.errors import Forbidden, Invalid, NotFound
from app.models import AuditEvent, Interview, Role
from app.runtime import get_runtime
from app.services import (
    accounts,
    candidates,
    compare,
    exports,
    organization,
    overrides,
    recordings,
)
from tests.support.engine_setup import Rig
from tests.support.factories import PASSWORD, apply, make_admin, make_job
from tests.support.review_setup import (
    PARTIAL,
    STRONG,
    WEAK,
    answers_of,
    interview_with_answers,
    load_interview,
)
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob('*') if p.is_file())


async def test_job_csv_has_effective_scores_decisions_and_neutralised_formulas() -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        strong = await interview_with_answers(rig, job, ['Hi.', STRONG, STRONG], name='=HYPERLINK("http://x")')
        weak = await interview_with_answers(rig, job, ['Hi.', WEAK, PARTIAL], name='Wes Weak')
    with session_scope() as session:
        candidates.update_candidate(session, admin, weak.candidate_id, {'status': 'rejected', 'status_note': 'No'})
        overrides.set_override(session, admin, weak.candidate_id, {
            'field': 'recommendation', 'recommendation': 'Medium', 'reason': 'Second opinion.'})
        name, body = exports.job_csv(session, admin, job.id, {'sort': 'score'})
    assert name.startswith(job.job_code) and name.endswith('.csv')
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r['candidate_id'] for r in rows] == [str(strong.candidate_id), str(weak.candidate_id)]
    first, second = rows
    assert first['name'] == '\'=HYPERLINK("http://x")' and first['final_score'] == '100.0'
    assert first['recommendation'] == 'Strong' and first['status'] == 'pending'
    assert (second['status'], second['status_note'], second['decided_by']) == ('rejected', 'No', admin.email)
    assert (second['recommendation'], second['ai_recommendation'], second['overrides']) == ('Medium', 'Reject', '1')
    with session_scope() as session:
        _, filtered = exports.job_csv(session, admin, job.id, {'status': ['rejected']})
        with pytest.raises(NotFound):
            exports.job_csv(session, make_admin(), job.id)
        events = session.exec(select(AuditEvent).where(AuditEvent.action == 'job.export_csv')).all()
    assert len(list(csv.DictReader(io.StringIO(filtered)))) == 1
    assert [e.detail['rows'] for e in events] == [2, 1] and all(e.subject_id == job.id for e in events)


async def test_candidate_data_export_holds_everything_and_is_audited() -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    result = apply(job, email='dana@example.com', name='Dana Data')
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK], name='Other')
    with session_scope() as session:
        _, raw = exports.candidate_data(session, admin, interview.candidate_id)
        _, applicant = exports.candidate_data(session, admin, result.candidate_id)
        with pytest.raises(NotFound):
            exports.candidate_data(session, make_admin(), interview.candidate_id)
    data = json.loads(raw)
    assert data['candidate']['name'] == 'Other' and data['interview']['effective']['final_score'] is not None
    assert [q['answer']['transcript'] for q in data['questions']] == ['Hi.', STRONG, WEAK]
    assert data['questions'][1]['answer']['scores']['correctness']['ai'] == 5.0
    assert 'Python' in json.loads(applicant)['resume']['text']
    with session_scope(read_only=True) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.subject_id == interview.candidate_id, AuditEvent.subject_type == 'candidate')).all()]
    assert actions == ['candidate.data_export']


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


def test_retention_setting_is_validated_admin_only_and_audited() -> None:
    admin = make_admin()
    with session_scope() as session:
        hr = accounts.add_teammate(session, admin, {'name': 'Hana', 'email': 'hana@example.com',
                                                    'password': PASSWORD, 'role': Role.hr})
        with pytest.raises(Forbidden):
            organization.update_settings(session, hr, {'recording_retention_days': 30})
        for bad in (0, -1, 3651, 'soon'):
            with pytest.raises(Invalid):
                organization.update_settings(session, admin, {'recording_retention_days': bad})
        organization.update_settings(session, admin, {'recording_retention_days': 30})
        organization.update_settings(session, admin, {'recording_retention_days': None})
        events = session.exec(select(AuditEvent).where(AuditEvent.action == 'organization.retention')).all()
    assert [(e.detail['from'], e.detail['to']) for e in events] == [(None, 30), (30, None)]


async def test_deleting_a_candidate_leaves_no_file_and_no_row(data_dir: Path) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    result = apply(job, email='gone@example.com', name='Gone Soon')
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK], name='Gone Soon',
                                                 email='gone2@example.com')
    with session_scope() as session:
        overrides.set_override(session, admin, interview.candidate_id, {
            'field': 'depth', 'answer_id': answers_of(interview.id)[1].id, 'score': 1, 'reason': 'Too shallow.'})
    assert len(_files(data_dir / 'media')) == 1 + 3 + 3 + 1  # resume, question audio, answers, video
    assert b'Gone Soon' in _sqlite_bytes(data_dir)
    with session_scope() as session:
        for candidate_id in (result.candidate_id, interview.candidate_id):
            candidates.delete_candidate(session, admin, candidate_id)
    assert _files(data_dir / 'media') == []
    leftovers = [p for p in _files(data_dir) if not p.name.startswith(('panelist.db', 'secret_key'))]
    assert leftovers == []
    with session_scope(read_only=True) as session:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in ('organizations', 'users', 'jobs', 'audit_events'):
                continue
            assert session.exec(select(func.count()).select_from(table)).one() == 0, table.name
        dump = ' '.join(str(e.detail) for e in session.exec(select(AuditEvent)).all())
        backend = session.bind.dialect.name
    assert 'Gone Soon' not in dump and STRONG not in dump
    if backend == 'sqlite':  # secure_delete: not even free pages of the database file keep the words
        content = _sqlite_bytes(data_dir)
        assert b'Gone Soon' not in content and STRONG.encode() not in content and b'gone@example' not in content
    deletions = [e for e in _audit('candidate.delete')]
    assert {e.subject_id for e in deletions} == {result.candidate_id, interview.candidate_id}


def _sqlite_bytes(data_dir: Path) -> bytes:
    path = data_dir / 'panelist.db'
    if not path.exists():
        return b'Gone Soon'  # PostgreSQL run
    with sqlite3.connect(path) as raw:
        raw.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    return path.read_bytes()


def _audit(action: str) -> list[AuditEvent]:
    with session_scope(read_only=True) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


async def test_compare_two_to_four_candidates_of_one_job() -> None:
    admin = make_admin()
    job, other = make_job(admin, question_count=3), make_job(admin, question_count=3, title='Other')
    async with scripted_runtime() as rig:
        a = await interview_with_answers(rig, job, ['Hi.', STRONG, STRONG], name='Ann', video=False)
        b = await interview_with_answers(rig, job, ['Hi.', WEAK, PARTIAL], name='Ben', video=False)
        c = await interview_with_answers(rig, other, ['Hi.', WEAK, PARTIAL], name='Cid', video=False)
    with session_scope(read_only=True) as session:
        columns = compare.compare_candidates(session, admin.organization_id, job.id, [b.candidate_id, a.candidate_id])
        assert [col.name for col in columns] == ['Ben', 'Ann']
        assert columns[1].score == 100.0 and columns[1].skill_scores == {'PostgreSQL': 100.0, 'Python': 100.0}
        assert (columns[0].score or 100) < 100.0 and columns[0].answered == 3
        with pytest.raises(Invalid, match='2 to 4'):
            compare.compare_candidates(session, admin.organization_id, job.id, [a.candidate_id, a.candidate_id])
        with pytest.raises(NotFound):  # a candidate of another job
            compare.compare_candidates(session, admin.organization_id, job.id, [a.candidate_id, c.candidate_id])
        with pytest.raises(NotFound):
            compare.compare_candidates(session, make_admin().organization_id, job.id,
                                       [a.candidate_id, b.candidate_id])


async def test_runtime_runs_the_retention_job(rig: Rig) -> None:
    admin = make_admin()
    with session_scope() as session:
        organization.update_settings(session, admin, {'recording_retention_days': 1})
    job = make_job(admin, question_count=3)
    interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK])
    runtime = get_runtime()
    assert await runtime.apply_retention() == recordings.RetentionRun(0, 0)  # ended just now: kept
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.ended_at = utcnow() - timedelta(days=1, minutes=1)
        session.add(row)
        session.commit()
    assert await runtime.apply_retention() == recordings.RetentionRun(1, 4)
    assert all(a.audio_file is None for a in answers_of(interview.id))


async def test_runtime_housekeeping_yields_to_candidate_writes(rig: Rig, write_priorities: list[bool]) -> None:
    runtime = get_runtime()
    write_priorities.clear()
    assert await runtime.sweep_idle() == []
    assert await runtime.apply_retention() == recordings.RetentionRun(0, 0)
    assert write_priorities == [False, False]
