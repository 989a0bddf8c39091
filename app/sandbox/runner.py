"""One sandboxed run of a Python script: limits, the wall-time kill, capped output, a verdict."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.sandbox.command import SANDBOX_UID_BASE, bwrap_command, bwrap_path, sandbox_python
from app.sandbox.limits import SandboxLimits

logger = logging.getLogger(__name__)

Verdict = Literal['ok', 'error', 'timeout', 'cpu_limit', 'memory_limit', 'output_limit', 'process_limit']

_EXIT_BY_SIGNAL = 128  # bwrap reports a child killed by signal N as 128 + N
_slots_lock = threading.Lock()
_slots: dict[int, queue.Queue[int]] = {}


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create namespaces: code is not run at all."""


@dataclass(frozen=True)
class SandboxResult:
    verdict: Verdict
    exit_code: int | None
    stdout: str
    stderr: str
    wall_ms: int
    output_truncated: bool

    @property
    def message(self) -> str:
        """What a person reads: why the run stopped, when it did not finish normally."""
        return _MESSAGES.get(self.verdict, '')


_MESSAGES: dict[str, str] = {
    'timeout': 'Stopped: the time limit was reached.',
    'cpu_limit': 'Stopped: the CPU time limit was reached.',
    'memory_limit': 'Stopped: the memory limit was reached.',
    'output_limit': 'Stopped: the output limit was reached.',
    'process_limit': 'Stopped: too many processes.',
    'error': 'The program ended with an error.',
}


@contextlib.contextmanager
def _slot(limit: int) -> Iterator[int]:
    """One of `limit` run slots, as the user id that run executes as (when the server is root)."""
    with _slots_lock:
        free = _slots.get(limit)
        if free is None:
            free = _slots[limit] = queue.Queue()
            for number in range(limit):
                free.put(SANDBOX_UID_BASE + number)
    uid = free.get()
    try:
        yield uid
    finally:
        free.put(uid)


def _kill_user(uid: int) -> None:
    """SIGKILL every process left running as `uid` (a fork bomb's orphans), before the slot is reused."""
    subprocess.run(['kill', '-KILL', '-1'], preexec_fn=lambda: _become(uid), check=False,  # noqa: S607
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={'PATH': '/usr/bin:/bin'})


def _become(uid: int) -> None:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _limit_child(limits: SandboxLimits, drop_root: bool, uid: int) -> Callable[[], None]:
    """preexec for bwrap: a session of its own (so one killpg ends it), rlimits bwrap passes on."""

    def apply() -> None:
        os.setsid()
        if drop_root:  # as root, RLIMIT_NPROC would not count; run bwrap as this slot's own user instead
            _become(uid)
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _read_capped(path: Path, cap: int) -> tuple[str, bool]:
    with path.open('rb') as handle:
        data = handle.read(cap + 1)
    return data[:cap].decode('utf-8', errors='replace'), len(data) >= cap


def _verdict(code: int | None, timed_out: bool, stderr: str, truncated: bool) -> Verdict:
    if timed_out:
        return 'timeout'
    if code == 0:
        return 'ok'
    if code is not None and code < 0:  # bwrap itself ended by signal N (Popen says -N): read it as its child's
        code = _EXIT_BY_SIGNAL - code
    if code in (_EXIT_BY_SIGNAL + signal.SIGXCPU, _EXIT_BY_SIGNAL + signal.SIGKILL):
        return 'cpu_limit'
    tail = stderr[-2000:]
    if truncated or 'File too large' in tail or code == _EXIT_BY_SIGNAL + signal.SIGXFSZ:
        return 'output_limit'
    if 'MemoryError' in tail or 'Cannot allocate memory' in tail:
        return 'memory_limit'
    if 'Resource temporarily unavailable' in tail and ('fork' in tail or 'BlockingIOError' in tail):
        return 'process_limit'
    return 'error'


def run_python(
    files: dict[str, str],
    entry: str,
    limits: SandboxLimits | None = None,
    stdin: str = '',
    python: str = '',
) -> SandboxResult:
    """Run `entry` (one of `files`, all placed read-only at /code) under bwrap and the limits.

    Blocking: call it from a worker thread. Raises SandboxUnavailable when bwrap is missing; it
    never falls back to running the code any other way.
    """
    limits = limits or SandboxLimits.from_settings()
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable('bubblewrap (bwrap) is not installed')
    from app.config import get_settings

    interpreter = sandbox_python(python or get_settings().sandbox_python)
    drop_root = os.geteuid() == 0
    with _slot(get_settings().sandbox_max_runs) as uid, \
            tempfile.TemporaryDirectory(prefix='panelist-sandbox-') as tmp:
        root = Path(tmp)
        code_dir = root / 'code'
        code_dir.mkdir()
        for name, text in files.items():
            (code_dir / name).write_text(text, encoding='utf-8')
        if drop_root:  # nobody must be able to read the code it runs (and nothing else of ours)
            os.chmod(root, 0o711)  # noqa: S103 - traverse only; the outputs in it stay root's
            os.chmod(code_dir, 0o755)  # noqa: S103 - the code nobody runs; nothing secret
            for name in files:
                os.chmod(code_dir / name, 0o644)
        out_path, err_path, in_path = root / 'stdout', root / 'stderr', root / 'stdin'
        in_path.write_text(stdin, encoding='utf-8')
        command = bwrap_command(bwrap, interpreter, code_dir, entry, limits)
        started = time.monotonic()
        timed_out = False
        with out_path.open('wb') as out, err_path.open('wb') as err, in_path.open('rb') as inp:
            process = subprocess.Popen(  # noqa: S603 - a fixed argv, no shell
                command, stdin=inp, stdout=out, stderr=err, preexec_fn=_limit_child(limits, drop_root, uid),
                close_fds=True,
                # bwrap itself stays as the sandbox's pid 1, whose /proc/1/environ the code can read:
                # so bwrap gets no environment either, not only the child (--clearenv).
                env={},
            )
            try:
                code: int | None = process.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(process)
                code = None
            if drop_root:
                _kill_user(uid)
        wall_ms = int((time.monotonic() - started) * 1000)
        stdout, out_cut = _read_capped(out_path, limits.output_bytes)
        stderr, err_cut = _read_capped(err_path, limits.output_bytes)
        shutil.rmtree(code_dir, ignore_errors=True)
    verdict = _verdict(code, timed_out, stderr, out_cut or err_cut)
    if verdict == 'error' and not stderr.strip():
        # An error that printed nothing is not the candidate's traceback: keep the status for diagnosis (a loaded CI
        # run once reported an endless loop this way after 2.4 s, not as the CPU limit).
        logger.warning('sandbox run ended with status %s after %d ms and no error output', code, wall_ms)
    return SandboxResult(verdict, code, stdout, stderr, wall_ms, out_cut or err_cut)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL bwrap's whole process group; --die-with-parent and the pid namespace take the rest."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
