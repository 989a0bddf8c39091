"""Stable per-candidate choices: the same seed always picks the same variant, other seeds spread evenly.

sha256 rather than hash(): Python salts str hashes per process, and a plan must come out the same in
every process and after every restart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar('T')


def stable_number(seed: str, *parts: str) -> int:
    digest = hashlib.sha256('\x1f'.join((seed, *parts)).encode('utf-8')).digest()
    return int.from_bytes(digest[:8], 'big')


def pick(options: Sequence[T], seed: str, *parts: str) -> T:
    if not options:
        raise ValueError('nothing to pick from')
    return options[stable_number(seed, *parts) % len(options)]
