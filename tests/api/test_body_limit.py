"""The body-size middleware: the app behind it never reads more than the limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.types import Message, Receive, Scope, Send

from app.api import body_limit
from app.api.body_limit import BodyLimit


@pytest.fixture
def limited_path() -> Iterator[str]:
    body_limit.limit_path('/upload', 10, 'Too big.')
    yield '/upload'
    body_limit.unlimit_path('/upload')


class ReadingApp:
    """Reads the whole body like a form parser, then answers 200."""

    def __init__(self) -> None:
        self.read = 0
        self.called = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        while True:
            event = await receive()
            if event['type'] == 'http.disconnect':
                raise ConnectionError('client went away')
            self.read += len(event.get('body', b''))
            if not event.get('more_body'):
                break
        await send({'type': 'http.response.start', 'status': 200, 'headers': []})
        await send({'type': 'http.response.body', 'body': b'ok'})


async def call(path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]] | None = None,
               method: str = 'POST') -> tuple[ReadingApp, list[Message]]:
    inner = ReadingApp()
    sent: list[Message] = []
    pending = list(chunks)

    async def receive() -> Message:
        chunk = pending.pop(0)
        return {'type': 'http.request', 'body': chunk, 'more_body': bool(pending)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {'type': 'http', 'method': method, 'path': path, 'headers': headers or []}
    await BodyLimit(inner)(scope, receive, send)
    return inner, sent


async def test_declared_length_over_the_limit_never_reaches_the_app(limited_path: str) -> None:
    inner, sent = await call(limited_path, [b'x' * 50], [(b'content-length', b'50')])
    assert not inner.called
    assert sent[0]['status'] == 413 and b'Too big.' in sent[1]['body']


async def test_streamed_body_is_cut_at_the_limit(limited_path: str) -> None:
    inner, sent = await call(limited_path, [b'abcd'] * 5)  # 20 bytes, no Content-Length
    assert inner.read <= 10
    assert [m['status'] for m in sent if m['type'] == 'http.response.start'] == [413]


async def test_bodies_within_the_limit_and_other_paths_pass(limited_path: str) -> None:
    inner, sent = await call(limited_path, [b'abcd', b'efgh'])
    assert inner.read == 8 and sent[0]['status'] == 200
    inner, sent = await call('/elsewhere', [b'x' * 100])
    assert inner.read == 100 and sent[0]['status'] == 200
    inner, sent = await call(limited_path, [b'x' * 100], method='GET')
    assert inner.read == 100
