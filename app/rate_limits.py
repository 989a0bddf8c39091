"""Rate limits shared by every instance of a cluster.

One process keeps its sliding windows in memory (app.security.WindowLimiter). Several web instances
behind a balancer would each allow the full limit (N instances, N× the sign-in guesses), so with
REDIS_URL set the windows live in Redis: one sorted set per key, scored by wall-clock time (instances
on different hosts share no monotonic clock), expiring with its window.

The services call these from worker threads (run_in_session, run.io_bound), never on the event loop,
so the blocking Redis client is the right one. When Redis cannot be reached the limiter falls back to
this process's own window and logs it: a Redis outage must not lock everyone out of signing in.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from functools import lru_cache
from typing import Any, Protocol

from app.config import get_settings
from app.security import WindowLimiter

log = logging.getLogger('panelist.rate_limits')


class Limiter(Protocol):
    def retry_after(self, key: str) -> int: ...

    def record(self, key: str) -> None: ...

    def reset(self, key: str) -> None: ...


class RedisWindowLimiter:
    """WindowLimiter's sliding window in Redis: `max_events` per key within `window_seconds`."""

    def __init__(self, client: Any, name: str, max_events: int, window_seconds: float, prefix: str) -> None:
        self.max_events = max_events
        self.window = window_seconds
        self._client = client
        self._prefix = f'{prefix}limit:{name}:'
        self._local = WindowLimiter(max_events, window_seconds)  # used only while Redis is unreachable
        self._warned = threading.Event()

    def retry_after(self, key: str) -> int:
        now = time.time()
        try:
            pipe = self._client.pipeline()
            pipe.zremrangebyscore(self._prefix + key, '-inf', now - self.window)
            pipe.zcard(self._prefix + key)
            pipe.zrange(self._prefix + key, 0, 0, withscores=True)
            _, count, oldest = pipe.execute()
        except Exception as exc:  # noqa: BLE001 - any Redis failure: fall back, say so once
            self._fallback(exc)
            return self._local.retry_after(key)
        if count < self.max_events or not oldest:
            return 0
        return max(1, int(float(oldest[0][1]) + self.window - now) + 1)

    def record(self, key: str) -> None:
        now = time.time()
        try:
            pipe = self._client.pipeline()
            # A random suffix: two events in the same microsecond (two instances) are still two events.
            pipe.zadd(self._prefix + key, {f'{now:.6f}:{secrets.token_hex(4)}': now})
            pipe.expire(self._prefix + key, int(self.window) + 1)
            pipe.execute()
        except Exception as exc:  # noqa: BLE001
            self._fallback(exc)
            self._local.record(key)

    def reset(self, key: str) -> None:
        self._local.reset(key)
        try:
            self._client.delete(self._prefix + key)
        except Exception as exc:  # noqa: BLE001
            self._fallback(exc)

    def _fallback(self, exc: Exception) -> None:
        if not self._warned.is_set():
            self._warned.set()
            log.warning('Redis unreachable for rate limits (%s); limiting per instance until it is back', exc)


@lru_cache(maxsize=1)
def _redis_client(url: str) -> Any:
    import redis  # the `cluster` extra; only imported when REDIS_URL is set

    # Short timeouts: a sign-in must not hang on a stalled Redis, it falls back instead.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def window_limiter(name: str, max_events: int, window_seconds: float) -> Limiter:
    """A sliding-window limiter: in Redis when REDIS_URL is set (shared by all instances), else in memory."""
    settings = get_settings()
    if settings.multi_instance:
        return RedisWindowLimiter(_redis_client(settings.redis_url.strip()), name, max_events, window_seconds,
                                  settings.redis_key_prefix)
    return WindowLimiter(max_events, window_seconds)
