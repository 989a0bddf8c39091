"""A small pool of worker processes that read untrusted documents with bounded time and memory.

Why processes: a crafted PDF or DOCX can make a parser spin or allocate without end. In a worker,
an address-space limit (RLIMIT_AS) turns runaway allocation into a MemoryError or a dead worker,
and a wall-clock deadline per task ends a spinning one: the pool kills it and starts a fresh one
for the next task. Either way the web server only sees a typed error. Workers are plain
subprocesses (`python -m app.documents.worker_main`), not multiprocessing children, so they never
re-run the app's main module, and they answer in JSON, so a compromised worker cannot hand the
server a pickle.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
MAX_REPLY_BYTES = 64 * 1024 * 1024
START_TIMEOUT = 30.0  # a cold start imports pypdf, lxml and python-docx


class WorkerError(Exception):
    """The task did not produce a result; `reason` is 'timeout', 'memory', 'crashed', 'busy' or an error name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TaskRejected(Exception):
    """The task refused its input with a message for the user (DocumentRejected inside the worker)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Worker:
    def __init__(self, memory_limit: int) -> None:
        # A bare environment: a worker parsing hostile files has no use for the server's secrets or keys.
        env = {'PATH': os.environ.get('PATH', ''), 'LANG': 'C.UTF-8', 'PYTHONDONTWRITEBYTECODE': '1',
               'PYTHONPATH': os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get('PYTHONPATH')]))}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, '-m', 'app.documents.worker_main', str(memory_limit)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,  # stderr: the server's log shows a crash
            cwd=PROJECT_ROOT, env=env, close_fds=True, start_new_session=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin.fileno()
        self.stdout = self.process.stdout.fileno()
        os.set_blocking(self.stdin, False)
        self.tasks = 0
        self.ready = False

    def wait_ready(self) -> None:
        if not self.ready:
            self._receive(time.monotonic() + START_TIMEOUT)  # the {"ready": true} greeting
            self.ready = True

    def call(self, task: str, payload: bytes, params: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.wait_ready()
        deadline = time.monotonic() + timeout
        header = json.dumps({'task': task, 'params': params, 'size': len(payload)}).encode('utf-8')
        self._send(struct.pack('>I', len(header)) + header + payload, deadline)
        self.tasks += 1
        return self._receive(deadline)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning('document worker %s did not exit after SIGKILL', self.process.pid)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([], [self.stdin], [], _remaining(deadline))
            if not writable:
                raise WorkerError('timeout')
            try:
                written = os.write(self.stdin, view)
            except BlockingIOError:
                continue
            except (BrokenPipeError, OSError):
                raise WorkerError('crashed') from None
            view = view[written:]

    def _receive(self, deadline: float) -> dict[str, Any]:
        (size,) = struct.unpack('>I', self._read(4, deadline))
        if size > MAX_REPLY_BYTES:
            raise WorkerError('crashed')
        return json.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        missing = size
        while missing:
            readable, _, _ = select.select([self.stdout], [], [], _remaining(deadline))
            if not readable:
                raise WorkerError('timeout')
            chunk = os.read(self.stdout, min(missing, 1024 * 1024))
            if not chunk:
                raise WorkerError('crashed')  # EOF: killed by the memory limit, a signal, or a bug
            chunks.append(chunk)
            missing -= len(chunk)
        return b''.join(chunks)


class WorkerPool:
    def __init__(self, size: int = 2, timeout: float = 15.0, memory_limit: int = 768 * 1024 * 1024,
                 max_tasks: int = 200, queue_timeout: float = 60.0) -> None:
        self.size = size
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.max_tasks = max_tasks  # recycle workers now and then: parsers may leak or fragment memory
        self.queue_timeout = queue_timeout
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def run(self, task: str, payload: bytes, params: dict[str, Any] | None = None,
            timeout: float | None = None) -> Any:
        """Run `task` on a worker; its result, TaskRejected, or WorkerError. Blocking: call off the event loop."""
        if not self._slots.acquire(timeout=self.queue_timeout):
            raise WorkerError('busy')
        try:
            worker = self._checkout()
            try:
                reply = worker.call(task, payload, params or {}, timeout or self.timeout)
            except WorkerError as exc:
                log.warning('document worker %s stopped: %s (task %s)', worker.process.pid, exc.reason, task)
                worker.kill()
                raise
            except BaseException:
                worker.kill()  # e.g. a malformed reply: never reuse a worker in an unknown state
                raise
            if reply.get('ok'):
                self._checkin(worker)
                return reply.get('result')
            if 'rejected' in reply:
                self._checkin(worker)
                raise TaskRejected(str(reply['rejected']))
            worker.kill()  # after a MemoryError or an unexpected error, start clean
            raise WorkerError(str(reply.get('error', 'error')))
        finally:
            self._slots.release()

    def warm(self) -> None:
        """Start one worker ahead of the first upload (its cold start takes a moment)."""
        worker = self._checkout()
        try:
            worker.wait_ready()
        except WorkerError:
            worker.kill()
            return
        self._checkin(worker)

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise WorkerError('closed')
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.kill()
        return _Worker(self.memory_limit)

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed and worker.tasks < self.max_tasks and worker.process.poll() is None:
                self._idle.append(worker)
                return
        worker.kill()


def _remaining(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def document_pool() -> WorkerPool:
    global _pool  # one pool per process, started on first use
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool(size=min(2, os.cpu_count() or 1))
            atexit.register(_pool.shutdown)
        return _pool


def shutdown_document_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown()
