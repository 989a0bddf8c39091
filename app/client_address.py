"""The client address an audit row records, carried from where it is known to where the row is written.

An API request knows its address: ClientAddress (ASGI middleware) sets it for the request, after
uvicorn applied FORWARDED_ALLOW_IPS to the scope (server_setup.uvicorn_options), so a proxy's
X-Forwarded-For counts only when that proxy is trusted. A NiceGUI event handler has no request of its
own: the UI registers a reader (components/client_address.py) that takes the address from the
handler's client on the event loop. app.db captures it on the event loop before handing work to a DB
thread and sets it again inside that thread: executor threads do not inherit the caller's context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

_address: ContextVar[str | None] = ContextVar('client_address', default=None)
_reader: Callable[[], str | None] | None = None


def set_reader(reader: Callable[[], str | None] | None) -> None:
    """Where to look when no request set the address (the UI's current client); None removes it."""
    global _reader
    _reader = reader


def capture() -> str | None:
    """The acting client's address. Call on the event loop, where the UI reader can see its client."""
    address = _address.get()
    if address is None and _reader is not None:
        address = _reader()
    return address


def current() -> str | None:
    """The address set for this context only (safe in any thread: never asks the UI)."""
    return _address.get()


@contextmanager
def using(address: str | None) -> Iterator[None]:
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


class ClientAddress:
    """Sets the address for every HTTP request (API routes, downloads, page builds)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get('client') if scope['type'] == 'http' else None
        if not client:
            await self.app(scope, receive, send)
            return
        with using(str(client[0])[:64]):  # the column holds 64 characters (IPv6 fits)
            await self.app(scope, receive, send)
