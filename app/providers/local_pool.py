"""The bounded pool for CPU-heavy local models (whisper, piper) and their lazy, once-per-process loading.

Both models share one thread pool of `settings.local_workers` threads, so the process never runs more
whisper/piper jobs at once than there are cores to run them; the asyncio loop only awaits futures.
The native code in both libraries releases the GIL, so threads give real parallelism here.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec('P')
T = TypeVar('T')

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_size = 0


def configure_pool(workers: int) -> None:
    """Size the shared pool (done once by the registry). A resize only affects jobs submitted later."""
    global _pool, _pool_size
    workers = max(1, workers)
    with _pool_lock:
        if _pool is not None and _pool_size == workers:
            return
        old = _pool
        _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix='local-model')
        _pool_size = workers
    if old is not None:
        old.shutdown(wait=False)


def pool_size() -> int:
    return _pool_size


def threads_per_job(workers: int) -> int:
    """Native threads one model run may use so that a full pool uses each core once, not several times."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _executor() -> ThreadPoolExecutor:
    if _pool is None:
        from app.config import get_settings

        configure_pool(get_settings().local_workers)
    assert _pool is not None
    return _pool


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc (macOS, musl): nothing to trim
    return trim


_malloc_trim = _load_malloc_trim()


def _run_and_trim(job: Callable[[], T]) -> T:
    try:
        return job()
    finally:
        # Piper's and whisper's native code allocate tens of MB per run from per-thread malloc arenas
        # that glibc keeps after the run; handing them back keeps a long-running server's RSS near its
        # loaded size (measured: ~100 MB less after a few interviews) for a few milliseconds per job.
        if _malloc_trim is not None:
            _malloc_trim(0)


async def run_local(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking model call in the bounded pool and await its result without blocking the loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor(), _run_and_trim, partial(fn, *args, **kwargs))


class LazyModel(Generic[T]):
    """Loads a model on first use, exactly once, even when several pool threads ask at the same time."""

    def __init__(self, loader: Callable[[], T]) -> None:
        self._loader = loader
        self._value: T | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._value is not None

    def get(self) -> T:
        value = self._value
        if value is not None:
            return value
        with self._lock:
            if self._value is None:
                self._value = self._loader()
            return self._value
