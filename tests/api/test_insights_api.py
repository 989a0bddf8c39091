"""Analytics, bias audit and the candidate's self-identification over the JSON API."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.db_types import utcnow
from app.models import Interview, Job, SelfIdentification, User
from app.services import accounts
from tests.api.conftest import signup
from tests.fairness_setup import seed_people
from tests.services.test_bias_math import ai_people
from tests.support.factories import PASSWORD, make_interview


def _admin_and_job(client: TestClient) -> tuple[dict[str, str], Job, User]:
    headers = signup(client)
    response = client.post('/api/v1/jobs', headers=headers, json={'title': 'Backend', 'description': 'APIs.'})
    assert response.status_code == 201, response.text
    with session_scope(read_only=True) as session:
        job = session.get(Job, response.json()['id'])
        admin = session.exec(select(User).where(User.email == 'ann@acme.io')).one()
    assert job is not None
    return headers, job, admin


def _hr_headers(client: TestClient, admin: User) -> dict[str, str]:
    with session_scope() as session:
        accounts.add_teammate(session, admin, {'name': 'Hal', 'email': 'hal@acme.io', 'password': PASSWORD,
                                               'role': 'recruiter'})
    token = client.post('/api/v1/auth/token', json={'email': 'hal@acme.io', 'password': PASSWORD}).json()
    return {'Authorization': f'Bearer {token["access_token"]}'}


def test_analytics_for_hr_and_bias_report_for_admins_only(client: TestClient) -> None:
    headers, job, admin = _admin_and_job(client)
    seed_people(job, ai_people())
    hr = _hr_headers(client, admin)
    analytics = client.get('/api/v1/analytics', headers=hr, params={'job_id': job.id})
    assert analytics.status_code == 200
    body = analytics.json()
    assert [s['count'] for s in body['funnel']] == [0, 60, 60, 60, 0] and body['scores'][0]['scored'] == 60
    csv = client.get('/api/v1/analytics.csv', headers=hr)
    assert csv.status_code == 200 and csv.headers['content-type'].startswith('text/csv')
    assert client.get('/api/v1/fairness/bias-report', headers=hr).status_code == 403
    report = client.get('/api/v1/fairness/bias-report', headers=headers, params={'job_id': job.id})
    assert report.status_code == 200
    data = report.json()
    assert data['scored'] == 60 and data['ai']['median'] == 65 and data['ai']['ties_at_median'] == 17
    female = next(r for r in data['ai']['tables'][0]['rows'] if r['key'] == 'female')
    assert female['scoring']['flagged'] is True and female['status'] == 'compared'
    printable = client.get('/api/v1/fairness/bias-report.html', headers=headers)
    assert printable.status_code == 200 and "default-src 'none'" in printable.headers['content-security-policy']
    assert client.get('/api/v1/fairness/bias-report.csv', headers=headers).status_code == 200
    assert client.get('/api/v1/fairness/bias-report', headers=headers,
                      params={'date_from': '2026-05-02', 'date_to': '2026-05-01'}).status_code == 422
    assert client.get('/api/v1/fairness/bias-report', headers=headers, params={'job_id': 9999}).status_code == 404
    assert client.get('/api/v1/analytics').status_code == 401


def test_candidate_self_identification(client: TestClient) -> None:
    _, job, _ = _admin_and_job(client)
    interview = make_interview(job)
    url = f'/api/v1/interview/{interview.token}/self-identification'
    early = client.put(url, json={'sex': 'female', 'race_ethnicity': 'asian'})
    assert early.status_code == 409 and 'once you have answered the last' in early.json()['detail']
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.status, row.started_at, row.ended_at = 'in_progress', utcnow() - timedelta(minutes=9), utcnow()
        session.add(row)
        session.commit()
    assert client.get(url).json() is None
    assert client.put(url, json={'sex': 'robot'}).status_code == 422
    saved = client.put(url, json={'race_ethnicity': 'two_or_more'})  # sex left out: prefer not to say
    assert saved.status_code == 200 and saved.json() == {'sex': 'declined', 'race_ethnicity': 'two_or_more'}
    assert client.put(url, json={'sex': 'male', 'race_ethnicity': 'two_or_more'}).status_code == 200
    assert client.get(url).json() == {'sex': 'male', 'race_ethnicity': 'two_or_more'}
    with session_scope(read_only=True) as session:
        assert len(session.exec(select(SelfIdentification)).all()) == 1  # changed, not added
    assert client.put('/api/v1/interview/not-a-token/self-identification', json={}).status_code == 404
