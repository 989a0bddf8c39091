"""ASGI middleware around every HTTP request: a request id (kept from a sane incoming X-Request-ID,
else new; echoed in the response and put on every log record), and the Prometheus figures: count
by route template and status, duration, and the size of request bodies (uploads).
"""

from __future__ import annotations

import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.monitoring.logs import request_id_var
from app.monitoring.metrics import HTTP_DURATION, HTTP_REQUESTS, UPLOAD_BYTES

REQUEST_ID_HEADER = b'x-request-id'
_SANE_ID = re.compile(r'[A-Za-z0-9._-]{8,64}')  # anything else (or nothing) gets a fresh id
UNMATCHED = '<unmatched>'


def route_label(scope: Scope, status: int) -> str:
    """The route template the router matched (e.g. /api/v1/candidates/{candidate_id}).

    Unmatched paths are not used as labels (a scanner would create a series per path): a 404 is
    '<unmatched>', other mounted apps (static files, the websocket transport) their first segment.
    """
    template = getattr(scope.get('route'), 'path', None)
    if isinstance(template, str):
        return _with_prefix(scope, template)
    if status == 404:
        return UNMATCHED
    first = scope.get('path', '/').lstrip('/').split('/', 1)[0]
    return f'/{first}/*' if first.startswith('_') else UNMATCHED


def _with_prefix(scope: Scope, template: str) -> str:
    """A route of an included router may know only its own part of the path (FastAPI ≥ 0.16x keeps the
    router's prefix apart): put the prefix back from the request path, its parameters as {name}."""
    tail = template.strip('/').split('/') if template.strip('/') else []
    segments = scope.get('path', '/').strip('/').split('/')
    if len(segments) <= len(tail):
        return template
    params = {str(value): name for name, value in (scope.get('path_params') or {}).items()}
    prefix = [f'{{{params[s]}}}' if s in params else s for s in segments[:len(segments) - len(tail)]]
    return '/' + '/'.join(prefix + tail)


class ObserveRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get('headers') or []).get(REQUEST_ID_HEADER, b'').decode('latin-1')
        request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        status = 500
        received = 0
        started = time.perf_counter()

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
            return message

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message['type'] == 'http.response.start':
                status = int(message['status'])
                message['headers'] = [*message.get('headers', []), (REQUEST_ID_HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, counting_receive, tagged_send)
        finally:
            route = route_label(scope, status)
            method = scope.get('method', 'GET')
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_DURATION.labels(method, route).observe(time.perf_counter() - started)
            if received:
                UPLOAD_BYTES.labels(route).observe(received)
            request_id_var.reset(token)
