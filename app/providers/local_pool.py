"""The bounded pool for CPU-heavy local models (whisper, piper) and their lazy, once-per-process loading.

Both models share one pool of `settings.local_workers` threads, so the process never runs more
whisper/piper jobs at once than there are cores to run them; the asyncio loop only awaits futures.
The native code in both libraries releases the GIL, so threads give real parallelism here.

The pool is not first-come-first-served: a waiting job with a more urgent Priority runs first.
A candidate waiting for the next question to be spoken (piper) must not queue behind a backlog of
answers to transcribe (whisper), which nobody is waiting for right now (issue 15 measured 13–15 s
to start an interview behind 50 queued answers).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from enum import IntEnum
from functools import partial
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec('P')
T = TypeVar('T')

class Priority(IntEnum):
    """Lower runs first among waiting jobs (a running job is never interrupted)."""

    SPEAK = 0  # a question's audio: a candidate may be waiting for it
    DEFAULT = 1  # model loading, anything not classified
    BACKGROUND = 2  # transcribing and scoring answers: nobody waits on the page for these


_Job = tuple[int, int, 'Future[Any] | None', 'Callable[[], Any] | None']


class PriorityPool:
    """A fixed set of threads serving jobs by (priority, arrival order), plus one thread kept for speech.

    Waiting jobs are ordered, but a running job is never interrupted: with every general thread busy
    transcribing long answers, a question's audio would still wait for one of them to finish (tens of
    seconds on a loaded machine, with the candidate looking at "Saving your answer…"). The speech
    thread takes only SPEAK jobs, so a question is voiced at once; the brief oversubscription (piper
    runs well under a second) costs the background work far less than the candidate's wait.
    """

    def __init__(self, workers: int, name: str = 'local-model', speech_threads: int = 1) -> None:
        self.workers = workers
        self._jobs: list[_Job] = []  # a few hundred at most: a scan per take is cheaper than two heaps
        self._ready = threading.Condition()
        self._order = itertools.count()
        general = [threading.Thread(target=self._work, args=(len(Priority) + 1,), name=f'{name}-{n}', daemon=True)
                   for n in range(workers)]
        speech = [threading.Thread(target=self._work, args=(int(Priority.SPEAK),), name=f'{name}-speech-{n}',
                                   daemon=True) for n in range(speech_threads)]
        self._threads = general + speech
        for thread in self._threads:
            thread.start()

    def submit(self, priority: Priority, job: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._put((int(priority), next(self._order), future, job))
        return future

    def shutdown(self) -> None:
        """Stop the threads once every job already queued has run (the stop marks sort last, and each
        thread takes one: a speech thread reaches its mark once no SPEAK job is left before it)."""
        for _ in self._threads:
            self._put((-1, next(self._order), None, None))

    def _put(self, job: _Job) -> None:
        with self._ready:
            self._jobs.append(job)
            self._ready.notify_all()

    def _take(self, worst_priority: int) -> _Job:
        """The most urgent waiting job this thread may run (priority <= worst_priority), or a stop mark
        once nothing this thread may run is left."""
        with self._ready:
            while True:
                runnable = [job for job in self._jobs if job[2] is not None and job[0] <= worst_priority]
                if runnable:
                    job = min(runnable)
                    self._jobs.remove(job)
                    return job
                stop = next((job for job in self._jobs if job[2] is None), None)
                if stop is not None:
                    self._jobs.remove(stop)
                    return stop
                self._ready.wait()

    def _work(self, worst_priority: int) -> None:
        while True:
            _, _, future, job = self._take(worst_priority)
            if future is None or job is None:
                return
            if not future.set_running_or_notify_cancel():
                continue  # its awaiting coroutine was cancelled while it waited
            try:
                result = job()
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                future.set_exception(exc)
            else:
                future.set_result(result)


_pool_lock = threading.Lock()
_pool: PriorityPool | None = None
_pool_size = 0


def configure_pool(workers: int) -> None:
    """Size the shared pool (done once by the registry). A resize only affects jobs submitted later."""
    global _pool, _pool_size
    workers = max(1, workers)
    with _pool_lock:
        if _pool is not None and _pool_size == workers:
            return
        old = _pool
        _pool = PriorityPool(workers)
        _pool_size = workers
    if old is not None:
        old.shutdown()


def pool_size() -> int:
    return _pool_size


def threads_per_job(workers: int) -> int:
    """Native threads one model run may use so that a full pool uses each core once, not several times."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _executor() -> PriorityPool:
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
    return await run_local_at(Priority.DEFAULT, fn, *args, **kwargs)


async def run_local_at(priority: Priority, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """run_local for a job of the given Priority."""
    job = partial(_run_and_trim, partial(fn, *args, **kwargs))
    return await asyncio.wrap_future(_executor().submit(priority, job))


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
