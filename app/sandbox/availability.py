"""Is the sandbox usable here? Probed once per process by actually running a tiny script in it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.sandbox.command import bwrap_path
from app.sandbox.limits import SandboxLimits
from app.sandbox.runner import SandboxUnavailable, run_python

_PROBE = 'print(6 * 7)\n'
_lock = threading.Lock()
_cached: SandboxStatus | None = None


@dataclass(frozen=True)
class SandboxStatus:
    available: bool
    reason: str  # empty when available; else what a person should fix


def _probe() -> SandboxStatus:
    if bwrap_path() is None:
        return SandboxStatus(False, 'bubblewrap (bwrap) is not installed; coding exercises are off')
    try:
        result = run_python({'probe.py': _PROBE}, 'probe.py', SandboxLimits(wall_seconds=20.0))
    except (SandboxUnavailable, OSError) as error:
        return SandboxStatus(False, f'the sandbox cannot start ({error}); coding exercises are off')
    if result.verdict != 'ok' or result.stdout.strip() != '42':
        detail = (result.stderr.strip().splitlines() or [result.verdict])[-1][:200]
        return SandboxStatus(False, f'bubblewrap cannot create its namespaces here ({detail}); '
                                    'coding exercises are off')
    return SandboxStatus(True, '')


def sandbox_status() -> SandboxStatus:
    """Blocking on first call (one probe run); call it off the event loop."""
    global _cached
    with _lock:
        if _cached is None:
            _cached = _probe()
        return _cached


def reset_sandbox_status() -> None:
    global _cached
    with _lock:
        _cached = None
