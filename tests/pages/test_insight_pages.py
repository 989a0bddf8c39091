"""The self-identification form, the analytics, bias-audit and System pages, and the proof that a
candidate's self-identification appears on no page, export or API answer a reviewer sees."""

from __future__ import annotations

from datetime import timedelta

from nicegui.testing import User
from sqlmodel import select

from app.db import session_scope
from app.db_types import utcnow
from app.models import Interview, SelfIdentification
from app.services import self_identification
from tests.fairness_setup import make_hr, seed_people
from tests.pages.conftest import log_out, sign_in, table_rows
from tests.services.test_bias_math import ai_people, effective_people
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG, WEAK, interview_with_answers
from tests.support.runtime import scripted_runtime

# What a self-identification looks like in any rendering: labels, codes, field and table names.
SELF_ID_TEXT = ('Native Hawaiian', 'Pacific Islander', 'pacific_islander', 'Two or More', 'two_or_more', 'Female',
                'female', 'race_ethnicity', 'self_identification', 'self-identification', 'Prefer not to say')


def _finish(interview: Interview) -> None:
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.status, row.started_at, row.ended_at = 'completed', utcnow() - timedelta(minutes=20), utcnow()
        session.add(row)
        session.commit()


async def test_self_identification_form_after_the_interview(user: User) -> None:
    interview = make_interview(make_job(make_admin()), name='Dana Diaz')
    _finish(interview)
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Thank you, Dana!')
    await user.should_see('Optional: help us check that our hiring is fair')
    await user.should_see('never shown to the people who review your interview')
    user.find(marker='self-id-race').elements.pop().set_value('two_or_more')  # sex left unanswered
    user.find(marker='self-id-save').click()
    await user.should_see('Thank you, your answers are saved.', retries=30)
    with session_scope(read_only=True) as session:
        row = session.exec(select(SelfIdentification)).one()
    assert (row.sex, row.race_ethnicity, row.candidate_id) == ('declined', 'two_or_more', interview.candidate_id)
    await user.open(f'/interview/{interview.token}')  # the candidate sees and can change their own answers
    await user.should_see('Saved earlier; you can change your answers.')
    assert user.find(marker='self-id-race').elements.pop().value == 'two_or_more'


async def test_no_form_before_the_end_or_on_a_closed_link(user: User) -> None:
    interview = make_interview(make_job(make_admin()))
    await user.open(f'/interview/{interview.token}')
    await user.should_see(marker='device-check')
    await user.should_not_see(marker='self-id-form')
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.status, row.ended_at = 'abandoned', utcnow()
        session.add(row)
        session.commit()
    await user.open(f'/interview/{interview.token}')
    await user.should_see('This interview is closed')
    await user.should_not_see(marker='self-id-form')


async def test_self_identification_reaches_no_reviewer_page_export_or_api(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK], name='Kai Makoa')
        other = await interview_with_answers(rig, job, ['Hello.', WEAK, STRONG], name='Lee Park', video=False)
    with session_scope() as session:
        self_identification.save_answers(session, interview.token, {'sex': 'female',
                                                                    'race_ethnicity': 'pacific_islander'})
    cid = interview.candidate_id
    await sign_in(user, admin.email)
    paths = [f'/jobs/{job.id}', f'/candidates/{cid}', f'/jobs/{job.id}/compare?ids={cid},{other.candidate_id}', '/jobs',
             f'/candidates/{cid}/print', f'/candidates/{cid}/export.json', f'/jobs/{job.id}/export.csv', '/audit',
             '/analytics', f'/analytics/export.csv?job_id={job.id}', '/system']
    token = (await user.http_client.post('/api/v1/auth/token', json={'email': admin.email,
                                                                      'password': 'correct horse battery'})).json()
    bearer = {'Authorization': f'Bearer {token["access_token"]}'}
    api = [f'/api/v1/candidates/{cid}', f'/api/v1/candidates/{cid}/report', f'/api/v1/candidates/{cid}/export',
           f'/api/v1/jobs/{job.id}/dashboard', f'/api/v1/jobs/{job.id}/candidates.csv', f'/api/v1/jobs/{job.id}',
           f'/api/v1/jobs/{job.id}/candidates', f'/api/v1/candidates/{cid}/audit', '/api/v1/analytics']
    for path in paths + api:
        response = await user.http_client.get(path, headers=bearer if path.startswith('/api') else None)
        assert response.status_code == 200, path
        if ('candidates' in path or 'compare' in path or path.endswith('dashboard')) and not path.endswith('audit'):
            assert 'Kai Makoa' in response.text, path  # the page really shows this candidate
        for text in SELF_ID_TEXT:
            assert text not in response.text, f'{text!r} on {path}'


async def test_analytics_page(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, title='Platform Engineer')
    seed_people(job, ai_people()[:12])
    await sign_in(user, make_hr(admin).email)
    await user.open('/analytics')
    await user.should_see('Hiring analytics')
    await user.should_see(marker='funnel-chart')
    await user.should_see('Completion rate')
    await user.should_see('100%')
    rows = table_rows(user, 'scores-table')
    assert rows[0]['title'] == 'Platform Engineer' and rows[0]['scored'] == 12
    user.find(marker='scope-from').elements.pop().set_value('2999-01-01')
    await user.should_see('No candidates applied in this range.', retries=30)
    user.find(marker='scope-to').elements.pop().set_value('2000-01-01')
    await user.should_see('the start date must not be after the end date', retries=30)


async def test_bias_audit_page_for_admins_only(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, title='Data Engineer')
    seed_people(job, ai_people(), effective_people())
    hr = make_hr(admin)
    await sign_in(user, hr.email)
    for path, what in (('/fairness', 'open the bias audit'), ('/system', 'open the system view')):
        refused = await user.http_client.get(path, follow_redirects=False)
        assert refused.status_code == 403 and f'cannot {what}' in refused.text and 'bias-ai-sex' not in refused.text
    response = await user.http_client.get('/fairness/report.csv')
    assert response.status_code == 403
    await log_out(user)
    await sign_in(user, admin.email)
    await user.open('/fairness')
    await user.should_see('60 scored candidates · median score 65 · 17 scores equal the median')
    sex = {row['category']: row for row in table_rows(user, 'bias-ai-sex')}
    assert sex['Female']['scoring_ratio'] == '0.781' and sex['Female']['scoring_flag'] is True
    assert sex['Unknown']['applicants'] == '7'
    race = {row['category']: row for row in table_rows(user, 'bias-ai-race')}
    assert race['American Indian or Alaska Native']['scoring_ratio'] == 'excluded (under 2%)'
    both = {row['category']: row for row in table_rows(user, 'bias-ai-intersectional')}
    assert both['Black or African American · Male']['selection_ratio'] == 'not meaningful'
    effective = {row['category']: row for row in table_rows(user, 'bias-effective-sex')}
    assert effective['Female']['scoring_flag'] is False
    printable = await user.http_client.get(f'/fairness/report.html?job_id={job.id}')
    assert printable.status_code == 200 and 'Bias audit report' in printable.text
    csv = await user.http_client.get('/fairness/report.csv?date_from=2000-01-01')
    assert csv.status_code == 200 and 'candidates_scored,60' in csv.text
    bad = await user.http_client.get('/fairness/report.csv?date_from=yesterday')
    assert bad.status_code == 422


async def test_system_page(user: User) -> None:
    admin = make_admin()
    await sign_in(user, admin.email)
    await user.open('/system')
    await user.should_see('Answer processing')
    await user.should_see(marker='no-failures')
    await user.should_see('LLM · offline')
    await user.should_see('Prometheus metrics at /metrics: off (set METRICS_TOKEN)')


async def test_the_room_offers_the_form_when_the_last_answer_is_in(user: User) -> None:
    from tests.pages.test_interview_pages import _started_room

    await _started_room(user)
    await user.should_not_see(marker='self-id-form')
    user.find(marker='recorder').trigger('answer_uploaded', {'status': 200, 'duration_ms': 3100, 'bytes': 8000,
                                                             'response': {'answer_index': 0, 'duplicate': False,
                                                                          'finished': True, 'next': None}})
    await user.should_see('Thank you, Cara!', retries=30)
    await user.should_see(marker='self-id-form')
