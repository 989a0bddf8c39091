"""Job endpoints: CRUD, validation errors and organization scoping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import signup

JOB = {'title': 'Backend Engineer', 'description': 'Python and PostgreSQL APIs.',
       'must_have_skills': ['python', 'postgres'], 'nice_to_have_skills': ['docker']}


@pytest.mark.postgres  # search in SQL: lower() and LIKE with escaping
def test_job_crud(client: TestClient) -> None:
    headers = signup(client)
    created = client.post('/api/v1/jobs', json=JOB, headers=headers)
    assert created.status_code == 201, created.text
    job = created.json()
    assert len(job['job_code']) == 6 and job['share_url'].endswith(f'/apply/{job["job_code"]}')
    assert job['must_have_skills'] == ['Python', 'PostgreSQL'] and job['question_count'] == 10
    job_id = job['id']

    listed = client.get('/api/v1/jobs', headers=headers).json()
    assert [j['id'] for j in listed] == [job_id] and listed[0]['candidates'] == 0
    assert client.get('/api/v1/jobs?q=nothing-like-it', headers=headers).json() == []

    patched = client.patch(f'/api/v1/jobs/{job_id}', json={'is_active': False, 'question_count': 12}, headers=headers)
    assert patched.status_code == 200 and patched.json()['is_active'] is False
    assert patched.json()['question_count'] == 12 and patched.json()['title'] == 'Backend Engineer'
    assert client.get(f'/api/v1/public/jobs/{job["job_code"]}').status_code == 404  # inactive: not open

    assert client.delete(f'/api/v1/jobs/{job_id}', headers=headers).status_code == 204
    assert client.get(f'/api/v1/jobs/{job_id}', headers=headers).status_code == 404


def test_job_validation_errors(client: TestClient) -> None:
    headers = signup(client)
    cases = [
        ({}, 'title'),
        ({**JOB, 'title': '   '}, 'title'),
        ({**JOB, 'description': 'x' * 50_001}, 'description'),
        ({**JOB, 'must_have_skills': ['', '  ']}, 'must_have_skills'),
        ({**JOB, 'must_have_skills': [f's{i}' for i in range(500)]}, 'must_have_skills'),
        ({**JOB, 'must_have_skills': [1, 2]}, 'must_have_skills'),
        ({**JOB, 'question_count': 99}, 'question_count'),
        ({**JOB, 'answer_time_limit_seconds': 5}, 'answer_time_limit_seconds'),
    ]
    for body, field in cases:
        response = client.post('/api/v1/jobs', json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert field in response.json()['fields'], response.json()
    assert client.get('/api/v1/jobs', headers=headers).json() == []
    created = client.post('/api/v1/jobs', json=JOB, headers=headers).json()
    bad_patch = client.patch(f'/api/v1/jobs/{created["id"]}', json={'title': ''}, headers=headers)
    assert bad_patch.status_code == 422
    assert client.get(f'/api/v1/jobs/{created["id"]}', headers=headers).json()['title'] == 'Backend Engineer'


def test_other_organizations_job_is_404(client: TestClient) -> None:
    owner = signup(client, 'owner@a.io', 'A')
    stranger = signup(client, 'stranger@b.io', 'B')
    job_id = client.post('/api/v1/jobs', json=JOB, headers=owner).json()['id']
    for method, body in (('GET', None), ('PATCH', {'title': 'Mine now'}), ('DELETE', None)):
        foreign = client.request(method, f'/api/v1/jobs/{job_id}', json=body, headers=stranger)
        missing = client.request(method, '/api/v1/jobs/987654', json=body, headers=stranger)
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json() == {'detail': 'Job not found.'}
    assert client.get(f'/api/v1/jobs/{job_id}', headers=owner).json()['title'] == 'Backend Engineer'
    assert client.get('/api/v1/jobs', headers=stranger).json() == []


def test_public_job_lookup(client: TestClient) -> None:
    headers = signup(client)
    job = client.post('/api/v1/jobs', json=JOB, headers=headers).json()
    public = client.get(f'/api/v1/public/jobs/{job["job_code"].lower()}')
    assert public.status_code == 200 and public.json()['title'] == 'Backend Engineer'
    assert 'id' not in public.json()
    unknown = client.get('/api/v1/public/jobs/QQQQQQ')
    assert unknown.status_code == 404 and 'No open job' in unknown.json()['detail']


def test_unknown_api_route_is_json_404(client: TestClient) -> None:
    response = client.get('/api/v1/does-not-exist')
    assert response.status_code == 404 and response.json() == {'detail': 'Not Found'}
