"""Video and integrity events are bounded per interview (issue 11, item 5)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import reset_settings
from app.db import session_scope
from app.models import Interview, InterviewStatus
from tests.support.factories import make_admin, make_interview, make_job


def _in_progress(question_count: int = 3, answer_time_limit_seconds: int = 30) -> str:
    interview = make_interview(make_job(make_admin(), question_count=question_count,
                                        answer_time_limit_seconds=answer_time_limit_seconds))
    with session_scope() as session:  # in progress without the engine: these tests look at the HTTP contract
        row = session.get(Interview, interview.id)
        row.status = InterviewStatus.in_progress
        session.add(row)
    return interview.token


def _integrity() -> dict:
    with session_scope(read_only=True) as session:
        return session.exec(select(Interview)).one().integrity


def test_video_per_interview_is_capped_by_its_length(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VIDEO_MAX_KBPS', '10')
    reset_settings()
    token = _in_progress()  # 3 × (30 s + 120 s) + 600 s = 1,050 s × 10 kbit/s = 1,312,500 bytes
    url = client.post(f'/api/v1/interview/{token}/video', json={'mime': 'video/webm'}).json()['upload_url']
    chunk = b'\x1aE\xdf\xa3' + b'v' * 399_996
    for seq in range(3):
        assert client.post(f'{url}?seq={seq}', content=chunk).json() == {'stored': True, 'next_seq': seq + 1}
    over = client.post(f'{url}?seq=3', content=chunk)
    assert over.status_code == 413 and 'video limit of 1 MB' in over.json()['detail']
    # A new segment (a reloaded room) shares the same budget.
    second = client.post(f'/api/v1/interview/{token}/video', json={'mime': 'video/webm'}).json()['upload_url']
    assert client.post(f'{second}?seq=0', content=chunk).status_code == 413
    assert client.post(f'{second}?seq=0', content=b'\x1aE\xdf\xa3' + b'v' * 100_000).status_code == 200


def test_only_focused_to_lost_transitions_count(client: TestClient) -> None:
    token = _in_progress()
    for lost in (True, True, True, False, True, True):
        assert client.post(f'/api/v1/interview/{token}/events',
                           json={'lost': lost, 'question_index': 1}).status_code == 204
    integrity = _integrity()
    assert integrity['focus_lost_count'] == 2 and integrity['focus_lost_by_question'] == {'1': 2}
    assert len(integrity['events']) == 6


def test_focus_events_are_rate_limited_per_interview(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FOCUS_EVENTS_PER_MINUTE', '10')
    reset_settings()
    token, other = _in_progress(), _in_progress()
    statuses = [client.post(f'/api/v1/interview/{token}/events', json={'lost': n % 2 == 0}).status_code
                for n in range(25)]
    assert statuses == [204] * 10 + [429] * 15
    refused = client.post(f'/api/v1/interview/{token}/events', json={'lost': True})
    assert 'Too many focus events' in refused.json()['detail'] and 0 < int(refused.headers['Retry-After']) <= 60
    assert client.post(f'/api/v1/interview/{other}/events', json={'lost': True}).status_code == 204
    with session_scope(read_only=True) as session:
        rows = {row.token: row.integrity for row in session.exec(select(Interview)).all()}
    assert len(rows[token]['events']) == 10 and rows[token]['focus_lost_count'] == 5
