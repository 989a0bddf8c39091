"""Tasks the worker-pool tests run inside document workers (imported there by module name)."""

from __future__ import annotations

import os
import time


def echo(payload: bytes) -> dict[str, object]:
    return {'size': len(payload), 'pid': os.getpid()}


def spin(payload: bytes, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def hog_memory(payload: bytes) -> int:
    chunks = []
    while True:  # until the address-space limit stops it
        chunks.append(bytearray(64 * 1024 * 1024))


def die(payload: bytes) -> None:
    os._exit(3)


def environment(payload: bytes) -> dict[str, str]:
    return dict(os.environ)
