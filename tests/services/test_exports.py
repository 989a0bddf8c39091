"""CSV and JSON exports of candidates: effective scores, decisions, neutralised formulas, audit."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import select

from app.db import session_scope
from app.errors import NotFound
from app.models import AuditEvent
from app.services import candidates, exports, overrides
from tests.support.factories import apply, make_admin, make_job
from tests.support.review_setup import PARTIAL, STRONG, WEAK, interview_with_answers
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


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
