"""Concurrent writes through the API never leave the SQLite writer lock taken; a write that cannot
start in time is a 503 with Retry-After, and /health says so (issue 11, item 1)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI

from app import db
from app.api import install_api
from app.config import reset_settings
from app.db import session_scope
from app.models import Interview, InterviewStatus
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.live_server import serve


@pytest.fixture
def live_url(database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv('WRITE_TIMEOUT_SECONDS', '1')
    monkeypatch.setenv('BUSY_RETRY_AFTER_SECONDS', '3')
    reset_settings()
    api = FastAPI()
    install_api(api)
    with serve(api) as url:
        yield url


def _in_progress_token() -> str:
    interview = make_interview(make_job(make_admin(), question_count=3))
    with session_scope() as session:  # in progress without the engine: these tests only write events
        row = session.get(Interview, interview.id)
        row.status = InterviewStatus.in_progress
        session.add(row)
    return interview.token


def test_concurrent_writes_leave_the_writer_free(live_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('FOCUS_EVENTS_PER_MINUTE', '1000')  # 41 events from one interview: over the default limit
    reset_settings()
    token = _in_progress_token()
    events = f'{live_url}/api/v1/interview/{token}/events'

    def post(lost: bool) -> int:
        return httpx.post(events, json={'lost': lost}, timeout=10).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(post, [True, False] * 4)) == [204] * 8
    # The lock must be free now: a write and the health check answer at once, not after a hang.
    assert httpx.post(events, json={'lost': False}, timeout=2).status_code == 204
    health = httpx.get(f'{live_url}/health', timeout=3)
    assert health.status_code == 200 and health.json()['components']['db']['ok'] is True


def test_a_write_that_cannot_start_is_a_503_with_retry_after(live_url: str, database: str) -> None:
    if database != 'sqlite':
        pytest.skip('the process-wide writer lock exists for SQLite only')
    token = _in_progress_token()
    hold = db._sqlite_writer.acquire()  # a write transaction that does not finish (from this thread)
    try:
        refused = httpx.post(f'{live_url}/api/v1/interview/{token}/events', json={'lost': True}, timeout=5)
        assert refused.status_code == 503 and refused.headers['retry-after'] == '3'
        assert 'try again' in refused.json()['detail']
        health = httpx.get(f'{live_url}/health', timeout=5)
        assert health.status_code == 503
        assert health.json()['components']['db']['ok'] is False
        assert 'write' in health.json()['components']['db']['error']
    finally:
        db._sqlite_writer.release(hold)
    assert httpx.post(f'{live_url}/api/v1/interview/{token}/events', json={'lost': True}, timeout=2).status_code == 204
    assert httpx.get(f'{live_url}/health', timeout=3).status_code == 200


def test_write_session_waits_are_bounded(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if database != 'sqlite':
        pytest.skip('the process-wide writer lock exists for SQLite only')
    monkeypatch.setenv('WRITE_TIMEOUT_SECONDS', '0.2')
    reset_settings()
    from app.errors import Busy

    hold = db._sqlite_writer.acquire()
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            with session_scope():
                pass
        except BaseException as exc:  # noqa: BLE001 - the test looks at what was raised
            outcome.append(exc)

    other = threading.Thread(target=write)
    other.start()
    other.join(5)
    db._sqlite_writer.release(hold)
    assert len(outcome) == 1 and isinstance(outcome[0], Busy) and outcome[0].status_code == 503
