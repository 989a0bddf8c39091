"""/api/v1/webhooks: register (SSRF-checked), list with the secret, the delivery log and redeliver."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.config import reset_settings
from tests.api.conftest import signup


def test_private_urls_are_refused_unless_allowed(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    auth = signup(client)
    refused = client.post('/api/v1/webhooks', json={'url': 'http://169.254.169.254/latest'}, headers=auth)
    assert refused.status_code == 422 and 'link-local' in refused.json()['detail']
    bad_event = client.post('/api/v1/webhooks', json={'url': 'https://93.184.216.34/h', 'events': ['x.y']},
                            headers=auth)
    assert bad_event.status_code == 422 and 'unknown events' in bad_event.json()['detail']
    monkeypatch.setenv('WEBHOOK_ALLOW_PRIVATE', 'true')
    reset_settings()
    created = client.post('/api/v1/webhooks', json={'url': 'http://127.0.0.1:9/hook',
                                                    'events': ['candidate.decided']}, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()['secret'].startswith('whsec_') and created.json()['events'] == ['candidate.decided']
    assert [e['url'] for e in client.get('/api/v1/webhooks', headers=auth).json()] == ['http://127.0.0.1:9/hook']
    other = signup(client, email='eve@other.io', org='Other')
    assert client.get('/api/v1/webhooks', headers=other).json() == []
    assert client.delete(f'/api/v1/webhooks/{created.json()["id"]}', headers=other).status_code == 404
    assert client.delete(f'/api/v1/webhooks/{created.json()["id"]}', headers=auth).status_code == 204


def test_delivery_log_and_redeliver(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('WEBHOOK_ALLOW_PRIVATE', 'true')
    reset_settings()
    auth = signup(client)
    client.post('/api/v1/webhooks', json={'url': 'http://127.0.0.1:9/hook'}, headers=auth)
    job = client.post('/api/v1/jobs', json={'title': 'QA'}, headers=auth).json()
    client.post(f'/api/v1/jobs/{job["id"]}/invitations', json={'name': 'A', 'email': 'a@example.com'}, headers=auth)
    candidate_id = client.get(f'/api/v1/jobs/{job["id"]}/invitations', headers=auth).json()[0]['candidate_id']
    assert client.patch(f'/api/v1/candidates/{candidate_id}', json={'status': 'rejected'},
                        headers=auth).status_code == 200
    [delivery] = client.get('/api/v1/webhooks/deliveries', headers=auth).json()
    assert delivery['event'] == 'candidate.decided' and delivery['status'] == 'pending'
    assert delivery['payload']['data']['status'] == 'rejected'
    again = client.post(f'/api/v1/webhooks/deliveries/{delivery["id"]}/redeliver', headers=auth)
    assert again.status_code == 202 and again.json() == {'status': 'pending'}
    other = signup(client, email='eve@other.io', org='Other')
    assert client.post(f'/api/v1/webhooks/deliveries/{delivery["id"]}/redeliver', headers=other).status_code == 404
