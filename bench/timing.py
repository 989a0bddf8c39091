"""Timing helpers shared by the bench scripts: run a function n times, print and return the median."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int, *, warm_up: bool = True) -> list[float]:
    """Milliseconds per call. The warm-up call (not counted) fills caches, as on a running server;
    turn it off to measure a cold start."""
    if warm_up:
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(f'{name:34} median {median:7.1f} ms   min {min(samples):7.1f}   max {max(samples):7.1f}   n={len(samples)}')
    return round(median, 1)
