"""A real HTTP receiver for webhook tests: a Starlette app under uvicorn on 127.0.0.1 that records every
request and answers with the statuses it is told to (or stalls, to look like a slow receiver)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.live_server import serve


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]


@dataclass
class Receiver:
    url: str = ''
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers for the next requests; then 200
    stall_seconds: float = 0.0


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    async def hook(request: Request) -> Response:
        receiver.requests.append(Received(await request.body(), dict(request.headers)))
        if receiver.stall_seconds:
            await asyncio.sleep(receiver.stall_seconds)
        return Response(status_code=receiver.statuses.pop(0) if receiver.statuses else 200)

    with serve(Starlette(routes=[Route('/hook', hook, methods=['POST'])])) as base:
        receiver.url = f'{base}/hook'
        yield receiver
