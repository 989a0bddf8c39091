"""The sliding-window limiter behind failed sign-ins and new applications."""

from __future__ import annotations

import pytest

from app import security
from app.security import WindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(security.time, 'monotonic', clock)
    return clock


def test_limits_a_key_until_its_oldest_event_leaves_the_window(clock: Clock) -> None:
    limiter = WindowLimiter(max_events=2, window_seconds=60)
    limiter.record('ip:a')
    clock.now += 10
    limiter.record('ip:a')
    assert limiter.retry_after('ip:a') == 51 and limiter.retry_after('ip:b') == 0
    clock.now += 50.5
    assert limiter.retry_after('ip:a') == 0


def test_checking_or_expiring_keys_does_not_keep_them_in_memory(clock: Clock) -> None:
    limiter = WindowLimiter(max_events=5, window_seconds=60)
    for n in range(1000):
        assert limiter.retry_after(f'account:{n}@example.com') == 0
    assert len(limiter) == 0
    for n in range(1000):
        limiter.record(f'ip:10.0.{n // 256}.{n % 256}')
    assert len(limiter) == 1000
    clock.now += 61
    for n in range(1000):
        limiter.retry_after(f'ip:10.0.{n // 256}.{n % 256}')
    assert len(limiter) == 0
