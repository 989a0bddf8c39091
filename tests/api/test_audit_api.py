"""API actions record the caller's address and a readable subject in the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import signup


def test_an_api_action_records_the_client_address_and_names_its_subject(client: TestClient) -> None:
    owner = signup(client)
    # Not from a trusted proxy (FORWARDED_ALLOW_IPS is empty): the header must not pick the address.
    created = client.post('/api/v1/jobs', headers={**owner, 'X-Forwarded-For': '192.0.2.99'}, json={
        'title': 'Platform Engineer', 'description': 'Run Kubernetes clusters and write Python tooling.',
        'must_have_skills': ['Kubernetes', 'Python']})
    assert created.status_code == 201, created.text
    job_id = created.json()['id']
    assert client.delete(f'/api/v1/jobs/{job_id}', headers=owner).status_code == 204

    events = {e['action']: e for e in client.get('/api/v1/audit', headers=owner).json()['events']}
    assert events['job.create']['ip'] == 'testclient'  # the TestClient's connection address
    assert events['job.delete']['ip'] == 'testclient'
    assert events['job.create']['subject_label'] == events['job.delete']['subject_label'] == 'Platform Engineer'
    assert events['account.signup']['subject_label'] == 'ann@acme.io'
