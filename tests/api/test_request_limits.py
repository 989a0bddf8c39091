"""Every request body under /api/v1 and NiceGUI's paths is bounded (issue 11, item 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from app.api import interview as interview_api
from app.config import reset_settings
from tests.support.engine_setup import Rig, build_rig
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.runtime import installed


@pytest.fixture
def idle_rig(client: TestClient) -> Iterator[Rig]:
    with installed(build_rig()) as rig:
        yield rig


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:  # sent chunked, without a Content-Length
    sent = 0
    while sent < total:
        yield b' ' * min(size, total - sent)
        sent += size


@pytest.mark.parametrize('path', ['/api/v1/auth/token', '/api/v1/interview/nope/events', '/api/v1/jobs',
                                  '/_nicegui/client/abc/upload/1', '/_nicegui_ws/socket.io/'])
def test_a_large_declared_body_is_refused_before_it_is_read(client: TestClient, path: str) -> None:
    response = client.post(path, content=b'{' + b' ' * (300 * 1024) + b'}',
                           headers={'Content-Type': 'application/json'})
    assert response.status_code == 413
    assert response.json()['detail'] == 'The request body is larger than 256 KB.'


def test_a_large_chunked_body_is_cut_off(client: TestClient) -> None:
    response = client.post('/api/v1/auth/token', content=_chunks(2 * 1024 * 1024),
                           headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert response.status_code == 413


def test_the_default_limit_is_a_setting(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('MAX_REQUEST_BODY_KB', '16')
    reset_settings()
    response = client.post('/api/v1/auth/token', content=b'x' * (20 * 1024),
                           headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert response.status_code == 413 and '16 KB' in response.json()['detail']
    small = client.post('/api/v1/auth/token', json={'email': 'a@b.io', 'password': 'wrong-password'})
    assert small.status_code == 401


def test_answers_keep_their_larger_limit(client: TestClient, idle_rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('MAX_ANSWER_UPLOAD_MB', '1')
    reset_settings()
    token = make_interview(make_job(make_admin(), question_count=3)).token
    assert client.post(f'/api/v1/interview/{token}/start').status_code == 200
    headers = {'Content-Type': 'audio/webm', 'X-Upload-Key': 'key-0001'}
    # 600 KB: over the default limit, under the answer limit, so the route reads it (and it is stored).
    accepted = client.post(f'/api/v1/interview/{token}/answers/0', content=b'\x1aE\xdf\xa3' + b'0' * 600_000,
                           headers=headers)
    assert accepted.status_code == 200, accepted.text
    refused = client.post(f'/api/v1/interview/{token}/answers/1', content=b'0' * (2 * 1024 * 1024),
                          headers={**headers, 'X-Upload-Key': 'key-0002'})
    assert refused.status_code == 413


def test_a_wrong_answer_type_is_refused_before_the_body_is_read(
        client: TestClient, idle_rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_interview(make_job(make_admin(), question_count=3)).token
    assert client.post(f'/api/v1/interview/{token}/start').status_code == 200
    reads: list[int] = []
    real_read = interview_api.read_limited

    async def counting_read(request: Request, max_bytes: int, what: str) -> bytes:
        reads.append(max_bytes)
        return await real_read(request, max_bytes, what)

    monkeypatch.setattr(interview_api, 'read_limited', counting_read)
    response = client.post(f'/api/v1/interview/{token}/answers/0', content=b'{"a": 1}' * 10_000,
                           headers={'Content-Type': 'application/json', 'X-Upload-Key': 'key-0001'})
    assert response.status_code == 422 and 'Unsupported recording format application/json' in response.text
    assert reads == []  # refused from the header alone
    ok = client.post(f'/api/v1/interview/{token}/answers/0', content=b'\x1aE\xdf\xa3' + b'0' * 1000,
                     headers={'Content-Type': 'audio/webm', 'X-Upload-Key': 'key-0001'})
    assert ok.status_code == 200 and len(reads) == 1
