"""The auth endpoints and bearer-token checks, as an API client sees them."""

from __future__ import annotations

import base64
import json
import threading
import time
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient

from app.api.health import component_checks, providers_check
from app.config import Settings, get_settings
from app.db import session_scope
from app.providers.registry import build_providers
from app.security import JWT_AUDIENCE, derive_key
from tests.api.conftest import signup


def _claims(token: str) -> dict:
    return jwt.decode(token, options={'verify_signature': False})


def _forge(claims: dict, *, key: str | None = None, alg: str = 'HS256') -> str:
    return jwt.encode(claims, key or derive_key(get_settings().resolved_secret_key(), 'jwt'), algorithm=alg)


def test_signup_token_and_me(client: TestClient) -> None:
    headers = signup(client)
    me = client.get('/api/v1/auth/me', headers=headers)
    assert me.status_code == 200
    assert me.json()['email'] == 'ann@acme.io' and me.json()['role'] == 'admin'
    token = client.post('/api/v1/auth/token', json={'email': 'ann@acme.io', 'password': 'password123'})
    assert token.status_code == 200 and token.json()['token_type'] == 'bearer'
    claims = _claims(token.json()['access_token'])
    assert claims['aud'] == JWT_AUDIENCE and claims['exp'] > time.time()


@pytest.mark.postgres  # a duplicate email meets the unique constraint
def test_signup_errors_are_4xx_json(client: TestClient) -> None:
    signup(client)
    duplicate = client.post('/api/v1/auth/signup', json={'organization': 'B', 'name': 'B', 'email': 'ANN@acme.io',
                                                         'password': 'password123'})
    assert duplicate.status_code == 409 and 'already exists' in duplicate.json()['detail']
    bad = client.post('/api/v1/auth/signup', json={'organization': 'B', 'name': 'B', 'email': 'nope',
                                                   'password': 'short'})
    assert bad.status_code == 422
    assert set(bad.json()['fields']) == {'email', 'password'}
    assert isinstance(bad.json()['detail'], str)
    missing = client.post('/api/v1/auth/signup', json={})
    assert missing.status_code == 422 and 'organization' in missing.json()['detail']
    not_json = client.post('/api/v1/auth/signup', content=b'{"organization": ',
                           headers={'content-type': 'application/json'})
    assert not_json.status_code == 422


def test_wrong_password_and_unknown_email_get_the_same_401(client: TestClient) -> None:
    signup(client)
    wrong = client.post('/api/v1/auth/token', json={'email': 'ann@acme.io', 'password': 'wrong-password'})
    unknown = client.post('/api/v1/auth/token', json={'email': 'who@acme.io', 'password': 'wrong-password'})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {'detail': 'Incorrect email or password.'}


def test_brute_force_gets_429_with_retry_after(client: TestClient) -> None:
    signup(client)
    statuses = [client.post('/api/v1/auth/token', json={'email': 'ann@acme.io', 'password': f'guess-{i}'}).status_code
                for i in range(7)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
    locked = client.post('/api/v1/auth/token', json={'email': 'ann@acme.io', 'password': 'password123'})
    assert locked.status_code == 429 and int(locked.headers['Retry-After']) > 0


def test_bad_tokens_are_401(client: TestClient) -> None:
    headers = signup(client)
    good = headers['Authorization'].split()[1]
    claims = _claims(good)
    header, payload, signature = good.split('.')
    none_header = base64.urlsafe_b64encode(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode()).rstrip(b'=').decode()
    tampered_payload = base64.urlsafe_b64encode(
        json.dumps({**claims, 'sub': '999'}).encode()).rstrip(b'=').decode()
    cases = {
        'missing': None,
        'garbage': 'not.a.token',
        'expired': _forge({**claims, 'exp': int(time.time()) - 10}),
        'tampered': f'{header}.{tampered_payload}.{signature}',
        'alg none': f'{none_header}.{payload}.',
        'wrong audience': _forge({**claims, 'aud': 'someone-else'}),
        'no audience': _forge({k: v for k, v in claims.items() if k != 'aud'}),
        'wrong key': _forge(claims, key='x' * 64),
    }
    for name, token in cases.items():
        request_headers = {} if token is None else {'Authorization': f'Bearer {token}'}
        response = client.get('/api/v1/jobs', headers=request_headers)
        assert response.status_code == 401, name
        assert response.json()['detail'], name
        assert response.headers.get('WWW-Authenticate') == 'Bearer', name
    assert client.get('/api/v1/jobs', headers=headers).status_code == 200


def test_logout_revokes_the_token(client: TestClient) -> None:
    headers = signup(client)
    assert client.post('/api/v1/auth/logout', headers=headers).status_code == 204
    assert client.get('/api/v1/auth/me', headers=headers).status_code == 401
    fresh = client.post('/api/v1/auth/token', json={'email': 'ann@acme.io', 'password': 'password123'})
    assert client.get('/api/v1/auth/me', headers={'Authorization': f'Bearer {fresh.json()["access_token"]}'}) \
        .status_code == 200


def test_teammates_over_the_api(client: TestClient) -> None:
    admin = signup(client)
    added = client.post('/api/v1/auth/team', headers=admin,
                        json={'name': 'Hana', 'email': 'hana@acme.io', 'password': 'hana-password'})
    assert added.status_code == 201 and added.json()['role'] == 'recruiter'
    token = client.post('/api/v1/auth/token', json={'email': 'hana@acme.io', 'password': 'hana-password'})
    hr = {'Authorization': f'Bearer {token.json()["access_token"]}'}
    refused = client.post('/api/v1/auth/team', headers=hr,
                          json={'name': 'Eve', 'email': 'eve@acme.io', 'password': 'eve-password'})
    assert refused.status_code == 403
    assert [m['email'] for m in client.get('/api/v1/auth/team', headers=hr).json()] == ['ann@acme.io', 'hana@acme.io']


def test_health(client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    response = client.get('/health')
    assert response.status_code == 200 and response.json()['components']['db']['ok'] is True
    # A provider that cannot work (its local model is missing) makes the service degraded: 503, and why.
    missing = Settings(_env_file=None, data_dir=tmp_path, whisper_model=str(tmp_path / 'nowhere'))
    monkeypatch.setitem(component_checks, 'providers', providers_check(build_providers(missing)))
    degraded = client.get('/health')
    assert degraded.status_code == 503 and degraded.json()['status'] == 'degraded'
    checked = degraded.json()['components']['providers']
    stt = next(p for p in checked['providers'] if p['kind'] == 'stt')
    assert checked['ok'] is False and stt['ready'] is False and 'not found' in stt['detail']
    assert degraded.json()['components']['db']['ok'] is True


@pytest.mark.postgres  # a reader beside an open write transaction
def test_signed_in_reads_do_not_wait_for_a_writer(client: TestClient, database: str) -> None:
    # A long write (an upload, a re-score) must not stall HR's listings: the token check only reads.
    headers = signup(client)
    replies: list[int] = []
    with session_scope():  # a writer holds SQLite's write lock (PostgreSQL: an open transaction)
        reader = threading.Thread(target=lambda: replies.extend(
            client.get(path, headers=headers).status_code for path in ('/api/v1/auth/me', '/api/v1/jobs')))
        reader.start()
        reader.join(timeout=10)
        assert not reader.is_alive(), f'signed-in reads waited for the writer ({database})'
    assert replies == [200, 200]
