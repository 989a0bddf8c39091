"""The bubblewrap command line: what the sandboxed process can see.

Inside: /usr (read-only, with the usual /bin, /lib symlinks), the interpreter's own prefix when it
lives elsewhere (read-only), the run's files at /code (read-only), a size-capped tmpfs at /work
(the only writable place, also HOME and TMPDIR), a fresh /proc and a minimal /dev. Not inside: /etc,
/home, /root, /var, the server's DATA_DIR, any socket. --unshare-all gives new user, pid, ipc, uts,
cgroup and network namespaces (the network one has only a down loopback); --clearenv drops every
variable the server has (its secrets included).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.sandbox.limits import SandboxLimits

CODE_DIR = '/code'
WORK_DIR = '/work'
# When the server is root, each concurrent run gets a user id of its own from this range (no account needed
# to setuid): RLIMIT_NPROC counts processes per user, so with one shared user (nobody) a fork bomb in one
# candidate's code would use up every other candidate's process allowance at the same moment.
SANDBOX_UID_BASE = 2_100_000


def bwrap_path() -> str | None:
    return shutil.which('bwrap')


def sandbox_python(configured: str = '') -> str:
    """The interpreter for candidates' code: Debian's python3 keeps the server's venv out of reach."""
    if configured:
        return configured
    if Path('/usr/bin/python3').exists():
        return '/usr/bin/python3'
    return os.path.realpath(sys.executable)


def _system_binds(python: str) -> list[str]:
    args = ['--ro-bind', '/usr', '/usr']
    for name in ('bin', 'lib', 'lib64', 'sbin'):
        target = Path('/') / name
        if target.is_symlink():
            args += ['--symlink', os.readlink(target), str(target)]
        elif target.is_dir():
            args += ['--ro-bind', str(target), str(target)]
    real = Path(os.path.realpath(python))
    if not str(real).startswith('/usr/'):
        prefix = real.parent.parent  # <prefix>/bin/python3.x → <prefix>
        args += ['--ro-bind', str(prefix), str(prefix)]
    return args


def bwrap_command(bwrap: str, python: str, code_dir: Path, script: str, limits: SandboxLimits) -> list[str]:
    return [
        bwrap,
        '--unshare-all',
        '--die-with-parent',  # the server going away takes the sandbox with it
        '--new-session',  # no TIOCSTI into a terminal the server might have
        '--cap-drop', 'ALL',
        *_system_binds(python),
        '--proc', '/proc',
        '--dev', '/dev',
        '--ro-bind', str(code_dir), CODE_DIR,
        '--size', str(limits.scratch_mb * 1024 * 1024), '--tmpfs', WORK_DIR,
        '--remount-ro', '/dev',  # a tmpfs too (half the RAM by default): only the device nodes are needed
        '--remount-ro', '/',  # the root bwrap builds is a writable tmpfs otherwise; /work is its own mount
        '--chdir', WORK_DIR,
        '--clearenv',
        '--setenv', 'PATH', '/usr/bin:/bin',
        '--setenv', 'HOME', WORK_DIR,
        '--setenv', 'TMPDIR', WORK_DIR,
        '--setenv', 'PYTHONDONTWRITEBYTECODE', '1',
        '--setenv', 'PYTHONIOENCODING', 'utf-8',
        python, '-I', '-S', '-u', f'{CODE_DIR}/{script}',  # -u: what it printed survives a kill
    ]  # fmt: skip
