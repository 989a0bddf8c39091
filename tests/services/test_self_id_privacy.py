"""Self-identification stays apart: only the candidate's own form, the bias audit and deletion touch it,
it is never possible before the end of the interview, and deleting a candidate (or job) deletes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from app.db import session_scope
from app.errors import Conflict, NotFound
from app.models import Interview, SelfIdentification
from app.services import candidates, jobs, self_identification
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import load_interview

ROOT = Path(__file__).resolve().parents[2]
# Every module allowed to name the table or its service. Anything else (a report, an export, the
# dashboard, a provider, the scorer) reading it would be a leak.
ALLOWED = {
    'app/models/__init__.py', 'app/models/self_identification.py', 'app/services/self_identification.py',
    'app/services/bias_audit.py', 'app/services/bias_export.py', 'app/services/purge.py',
    'app/api/self_identification.py', 'app/api/__init__.py', 'components/self_id_form.py', 'pages/interview.py',
}


def test_only_the_form_the_audit_and_deletion_read_it() -> None:
    pattern = re.compile(r'SelfIdentification|self_identification|self_identifications')
    users = {str(path.relative_to(ROOT)) for folder in ('app', 'components', 'pages') for path in
             (ROOT / folder).rglob('*.py') if 'migrations' not in path.parts and pattern.search(path.read_text())}
    assert users == ALLOWED


def _ended(interview: Interview, status: str = 'in_progress') -> None:
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.status, row.ended_at = status, load_interview(interview.id).created_at
        session.add(row)
        session.commit()


@pytest.mark.usefixtures('database')
def test_only_after_the_last_answer_and_never_on_a_closed_interview() -> None:
    interview = make_interview(make_job(make_admin()))
    with session_scope() as session, pytest.raises(Conflict):
        self_identification.save_answers(session, interview.token, {'sex': 'male'})
    _ended(interview, 'abandoned')
    with session_scope() as session, pytest.raises(Conflict):
        self_identification.save_answers(session, interview.token, {'sex': 'male'})
    with session_scope() as session, pytest.raises(NotFound):
        self_identification.save_answers(session, 'x' * 65, {'sex': 'male'})


@pytest.mark.usefixtures('database')
def test_deleting_the_candidate_or_the_job_deletes_it() -> None:
    admin = make_admin()
    job = make_job(admin)
    first, second = make_interview(job), make_interview(job)
    for interview in (first, second):
        _ended(interview)
        with session_scope() as session:
            self_identification.save_answers(session, interview.token, {'sex': 'female', 'race_ethnicity': 'asian'})
    with session_scope() as session:
        candidates.delete_candidate(session, admin, first.candidate_id)
    with session_scope(read_only=True) as session:
        assert [r.candidate_id for r in session.exec(select(SelfIdentification)).all()] == [second.candidate_id]
    with session_scope() as session:
        jobs.delete_job(session, admin, job.id)
    with session_scope(read_only=True) as session:
        assert session.exec(select(SelfIdentification)).all() == []
