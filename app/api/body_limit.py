"""Refuse request bodies over a size limit before the app buffers them (ASGI middleware).

Starlette parses a whole multipart body (spooling files to disk) before a route runs, so a limit
checked in the route comes too late to protect memory and disk. This middleware answers 413 at once
when Content-Length is too large, and counts the bytes of bodies sent without one (chunked),
cutting them off at the limit. Paths registered here (resume, answer and video uploads; NiceGUI
gives each upload element its own URL) get their own, larger limit; every other body under /api/v1
and NiceGUI's own paths (uploads, the socket's polling transport) gets MAX_REQUEST_BODY_KB.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

# Where the default limit applies when no larger one is registered: the JSON API and NiceGUI's internals.
DEFAULT_LIMITED_PREFIXES = ('/api/v1/', '/_nicegui/', '/_nicegui_ws/')

# A callable reads its limit from the settings at request time; its message may name it as {mb}.
Size = int | Callable[[], int]
_patterns: list[tuple[re.Pattern[str], Size, str]] = []
_paths: dict[str, tuple[int, str]] = {}
_lock = threading.Lock()


def limit_pattern(pattern: str, max_bytes: Size, message: str) -> None:
    """Limit every POST/PUT/PATCH whose path fully matches `pattern` (a regular expression)."""
    compiled = re.compile(pattern)
    with _lock:
        if all(existing.pattern != pattern for existing, _, _ in _patterns):
            _patterns.append((compiled, max_bytes, message))


def limit_path(path: str, max_bytes: int, message: str) -> None:
    with _lock:
        _paths[path] = (max_bytes, message)


def unlimit_path(path: str) -> None:
    with _lock:
        _paths.pop(path, None)


def limit_for(path: str) -> tuple[int, str] | None:
    with _lock:
        if path in _paths:
            return _paths[path]
        for pattern, max_bytes, message in _patterns:
            if pattern.fullmatch(path):
                if callable(max_bytes):  # a limit read from the settings: its message names it
                    size = max_bytes()
                    return size, message.format(mb=size // (1024 * 1024))
                return max_bytes, message
    if path.startswith(DEFAULT_LIMITED_PREFIXES) or path == '/api/v1':
        kb = get_settings().max_request_body_kb
        return kb * 1024, f'The request body is larger than {kb} KB.'
    return None


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or scope['method'] in ('GET', 'HEAD', 'OPTIONS'):
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope['path'])
        if limit is None:
            await self.app(scope, receive, send)
            return
        max_bytes, message = limit
        declared = _content_length(scope)
        if declared is not None and declared > max_bytes:
            await _refuse(send, message)
            return
        await self._counted(scope, receive, send, max_bytes, message)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, max_bytes: int, message: str) -> None:
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {'type': 'http.disconnect'}
            event = await receive()
            if event['type'] == 'http.request':
                received += len(event.get('body', b''))
                if received > max_bytes:
                    exceeded = True  # the app sees the client go away and stops reading
                    return {'type': 'http.disconnect'}
            return event

        async def guarded_send(event: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app answers to the cut-off body, the client gets the 413 below
            started = started or event['type'] == 'http.response.start'
            await send(event)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _refuse(send, message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get('headers', []):
        if name == b'content-length':
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps({'detail': message}).encode('utf-8')
    await send({'type': 'http.response.start', 'status': 413, 'headers': [
        (b'content-type', b'application/json'), (b'content-length', str(len(body)).encode()),
        (b'connection', b'close'),
    ]})
    await send({'type': 'http.response.body', 'body': body})
