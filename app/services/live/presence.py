"""Who is watching which interview right now: the live page writes it, the candidate's room reads it.

One process: a dict is the truth (a live page registers when it opens and leaves when its browser
goes away). Several web instances (REDIS_URL set): HR's live page and the candidate's room are
usually served by different instances, so the watchers live in Redis, one sorted set per interview
scored by when each watch expires. A live page renews its watch every push (about once a second);
a watch not renewed within WATCH_TTL_SECONDS (its instance died) is gone. The Redis client blocks:
callers on the event loop run these functions with run.io_bound. When Redis cannot be reached the
process's own dict answers (the room may then miss a watcher on another instance) and it is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections import defaultdict
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.models import User
from app.services import audit

log = logging.getLogger(__name__)
WATCH_TTL_SECONDS = 30.0

_lock = threading.Lock()
_watching: dict[int, dict[str, str]] = defaultdict(dict)  # interview id → {watch id: watcher label}
_clients: dict[str, Any] = {}


def watch(interview_id: int, label: str) -> str:
    watch_id = uuid.uuid4().hex
    with _lock:
        _watching[interview_id][watch_id] = label
    renew(interview_id, watch_id)
    return watch_id


def renew(interview_id: int, watch_id: str) -> None:
    """Keep a watch alive in Redis (a no-op in one process, where only leave() ends it)."""
    with _lock:
        label = _watching.get(interview_id, {}).get(watch_id)
    if label is not None:
        _shared(lambda redis, key: (redis.zadd(key, {_member(watch_id, label): time.time() + WATCH_TTL_SECONDS}),
                                    redis.expire(key, int(WATCH_TTL_SECONDS * 2))), interview_id)


def leave(interview_id: int, watch_id: str) -> None:
    with _lock:
        label = _watching[interview_id].pop(watch_id, None)
        if not _watching[interview_id]:
            del _watching[interview_id]
    if label is not None:
        _shared(lambda redis, key: redis.zrem(key, _member(watch_id, label)), interview_id)


def watchers(interview_id: int) -> list[str]:
    def read(redis: Any, key: str) -> list[str]:
        now = time.time()
        redis.zremrangebyscore(key, '-inf', now)
        return [json.loads(member)[1] for member in redis.zrangebyscore(key, now, '+inf')]

    shared = _shared(read, interview_id)
    with _lock:
        local = list(_watching.get(interview_id, {}).values())
    return sorted(set(local) | set(shared or []))


def is_shared() -> bool:
    """Watchers live in Redis: read them off the event loop (in one process it is a dict read)."""
    return bool(get_settings().redis_url.strip())


async def watchers_async(interview_id: int) -> list[str]:
    return await asyncio.to_thread(watchers, interview_id) if is_shared() else watchers(interview_id)


async def renew_async(interview_id: int, watch_id: str) -> None:
    if is_shared():
        await asyncio.to_thread(renew, interview_id, watch_id)


def record_live_view(session: Session, user: User, candidate_id: int, interview_id: int) -> None:
    """Every opening of a live view is in the audit trail."""
    audit.record(session, organization_id=user.organization_id, actor=user, action='interview.live_view',
                 subject_type='candidate', subject_id=candidate_id, detail={'interview_id': interview_id})
    session.commit()


def reset() -> None:
    with _lock:
        _watching.clear()


def _member(watch_id: str, label: str) -> str:
    return json.dumps([watch_id, label])


def _shared(operation: Any, interview_id: int) -> Any:
    """Run `operation(redis, key)` when REDIS_URL is set; None without Redis or when it fails."""
    settings = get_settings()
    url = settings.redis_url.strip()
    if not url:
        return None
    try:
        if url not in _clients:
            import redis  # the `cluster` extra; only imported when REDIS_URL is set

            _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return operation(_clients[url], f'{settings.redis_key_prefix}live:watching:{interview_id}')
    except Exception as exc:  # noqa: BLE001 - presence is a courtesy notice: never fail a page over it
        log.warning('Redis unreachable for live presence (%s); watchers on other instances are not seen', exc)
        return None
