"""Deleting a candidate leaves no file, no row and no personal data in the audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from app.db import session_scope
from app.models import AuditEvent
from app.services import candidates, overrides
from tests.support.factories import apply, make_admin, make_job
from tests.support.review_setup import STRONG, WEAK, answers_of, interview_with_answers
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob('*') if p.is_file())


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
        dump = ' '.join(f'{e.detail} {e.subject_label}' for e in session.exec(select(AuditEvent)).all())
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
