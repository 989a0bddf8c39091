"""Rate limits with REDIS_URL set: every instance counts into the same window (app/rate_limits.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from app.config import reset_settings
from app.rate_limits import RedisWindowLimiter, _redis_client, window_limiter
from app.security import WindowLimiter
from tests.support.live_server import free_port

redis = pytest.importorskip('redis', reason='the redis client comes with the `cluster` extra')
REDIS_URL = 'redis://127.0.0.1:6379/15'


def _redis_unavailable() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return f'no Redis at {REDIS_URL}: {exc}'
    return None


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of its own, removed afterwards (the Redis may be shared)."""
    if (reason := _redis_unavailable()) is not None:
        pytest.skip(reason)
    value = f'test-{uuid.uuid4().hex[:8]}:'
    yield value
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f'{value}*'):
        client.delete(key)


def _instance(prefix: str, max_events: int = 3) -> RedisWindowLimiter:
    return RedisWindowLimiter(_redis_client(REDIS_URL), 'login-ip', max_events, 60, prefix)


def test_two_instances_share_one_window(prefix: str) -> None:
    a, b = _instance(prefix), _instance(prefix)  # what two web instances each build
    a.record('ip:1')
    b.record('ip:1')
    assert a.retry_after('ip:1') == 0 and b.retry_after('ip:1') == 0
    a.record('ip:1')
    assert 55 <= b.retry_after('ip:1') <= 61  # b saw no event itself, and still refuses the fourth
    assert a.retry_after('ip:2') == 0  # other keys are free
    b.reset('ip:1')
    assert a.retry_after('ip:1') == 0


def test_events_in_the_same_instant_all_count(prefix: str) -> None:
    limiter = _instance(prefix, max_events=2)
    limiter.record('k')
    limiter.record('k')
    assert limiter.retry_after('k') > 0


def test_an_unreachable_redis_still_limits_within_the_instance(caplog: pytest.LogCaptureFixture) -> None:
    dead = redis.Redis(port=free_port(), socket_timeout=0.5, socket_connect_timeout=0.5)  # nothing listens
    limiter = RedisWindowLimiter(dead, 'login-ip', 2, 60, 'test:')
    limiter.record('ip:1')
    assert limiter.retry_after('ip:1') == 0
    limiter.record('ip:1')
    assert limiter.retry_after('ip:1') > 0
    assert sum('Redis unreachable' in record.message for record in caplog.records) == 1  # said once, not per call


def test_the_setting_chooses_the_store(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv('REDIS_URL', raising=False)
    reset_settings()
    assert isinstance(window_limiter('x', 1, 60), WindowLimiter)
    monkeypatch.setenv('REDIS_URL', REDIS_URL)
    reset_settings()
    try:
        assert isinstance(window_limiter('x', 1, 60), RedisWindowLimiter)
    finally:
        monkeypatch.delenv('REDIS_URL')
        reset_settings()
