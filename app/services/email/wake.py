"""Wake the running outbox sender after a commit that queued email (no-op outside the app, e.g. in scripts).

Services run on worker threads, so the wake-up is handed to the sender's event loop thread-safely.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

_waker: tuple[asyncio.AbstractEventLoop, Callable[[], None]] | None = None


def install(loop: asyncio.AbstractEventLoop | None, notify: Callable[[], None] | None) -> None:
    global _waker
    _waker = (loop, notify) if loop is not None and notify is not None else None


def notify_outbox() -> None:
    if _waker is None:
        return
    loop, notify = _waker
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        notify()
    elif not loop.is_closed():
        loop.call_soon_threadsafe(notify)
