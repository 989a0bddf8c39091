"""API keys as an alternative to JWT: shown once, stored hashed, read-only vs read-write, revocable,
last-used time, every use audited, and no key management with a key."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models import ApiKey, AuditEvent
from tests.api.conftest import signup


def test_keys_read_write_revoke_and_audit(client: TestClient) -> None:
    auth = signup(client)
    made = client.post('/api/v1/api-keys', json={'name': 'Greenhouse', 'scope': 'read'}, headers=auth)
    assert made.status_code == 201, made.text
    read_key = made.json()['key']
    assert read_key.startswith('pnl_') and made.json()['prefix'] == read_key[:10]
    with session_scope(read_only=True) as session:
        stored = session.exec(select(ApiKey)).one()
    assert read_key not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert all('key' not in k for k in client.get('/api/v1/api-keys', headers=auth).json())  # never shown again

    as_reader = {'Authorization': f'Bearer {read_key}'}
    assert client.get('/api/v1/jobs', headers=as_reader).status_code == 200
    refused = client.post('/api/v1/jobs', json={'title': 'X'}, headers=as_reader)
    assert refused.status_code == 403 and 'read-only' in refused.json()['detail']
    assert client.post('/api/v1/api-keys', json={'name': 'sneaky'}, headers=as_reader).status_code == 401
    [listed] = client.get('/api/v1/api-keys', headers=auth).json()
    assert listed['last_used_at'] is not None

    writer = client.post('/api/v1/api-keys', json={'name': 'ATS', 'scope': 'write'}, headers=auth).json()
    as_writer = {'Authorization': f'Bearer {writer["key"]}'}
    job = client.post('/api/v1/jobs', json={'title': 'Made by the ATS'}, headers=as_writer)
    assert job.status_code == 201
    invited = client.post(f'/api/v1/jobs/{job.json()["id"]}/invitations',
                          json={'name': 'Zed', 'email': 'zed@example.com'}, headers=as_writer)
    assert invited.status_code == 201

    with session_scope(read_only=True) as session:
        uses = session.exec(select(AuditEvent).where(AuditEvent.action == 'api_key.used')).all()
        invited_by = session.exec(select(AuditEvent.actor_label).where(AuditEvent.action == 'candidate.invited')).one()
    assert {(u.detail['method'], u.detail['path']) for u in uses} >= {
        ('GET', '/api/v1/jobs'), ('POST', '/api/v1/jobs'), ('POST', f'/api/v1/jobs/{job.json()["id"]}/invitations')}
    assert invited_by.startswith('api-key:ATS')

    assert client.delete(f'/api/v1/api-keys/{writer["id"]}', headers=auth).status_code == 204
    gone = client.get('/api/v1/jobs', headers=as_writer)
    assert gone.status_code == 401 and 'revoked' in gone.json()['detail']
    assert client.get('/api/v1/jobs', headers={'Authorization': 'Bearer pnl_made-up'}).status_code == 401


def test_keys_are_per_organization(client: TestClient) -> None:
    auth = signup(client)
    key = client.post('/api/v1/api-keys', json={'name': 'A', 'scope': 'write'}, headers=auth).json()
    client.post('/api/v1/jobs', json={'title': 'Acme job'}, headers=auth)
    other = signup(client, email='eve@other.io', org='Other')
    as_key = {'Authorization': f'Bearer {key["key"]}'}
    assert [j['title'] for j in client.get('/api/v1/jobs', headers=as_key).json()] == ['Acme job']
    assert client.delete(f'/api/v1/api-keys/{key["id"]}', headers=other).status_code == 404
    assert client.post('/api/v1/api-keys', json={'name': ''}, headers=auth).status_code == 422
