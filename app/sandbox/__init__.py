"""Run untrusted Python (candidates' code) under bubblewrap, or not at all.

    limits.SandboxLimits        CPU, wall, memory, processes, output (from settings)
    command.bwrap_command       the bwrap argument list: new namespaces (network included), read-only
                                system dirs, one private writable dir, clean environment
    runner.run_python           one run: rlimits + wall-time kill of the whole sandbox, capped output,
                                a SandboxResult saying what stopped it
    availability.sandbox_status probes bwrap once; when it is missing or cannot make namespaces the
                                coding feature reports itself off. Nothing here ever runs code outside bwrap.

Everything is synchronous (subprocess); callers run it on a worker thread, never on the event loop.
"""

from app.sandbox.availability import SandboxStatus, reset_sandbox_status, sandbox_status
from app.sandbox.limits import SandboxLimits
from app.sandbox.runner import SandboxResult, SandboxUnavailable, run_python

__all__ = [
    'SandboxLimits',
    'SandboxResult',
    'SandboxStatus',
    'SandboxUnavailable',
    'reset_sandbox_status',
    'run_python',
    'sandbox_status',
]
