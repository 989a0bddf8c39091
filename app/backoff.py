"""Exponential backoff with jitter: the one delay rule for remote provider retries and answer processing."""

from __future__ import annotations

import random

# The answer worker's ceiling: a failing answer is tried again at least every 5 minutes.
ANSWER_RETRY_MAX_SECONDS = 300.0


def backoff_delay(retry_number: int, base_seconds: float, max_seconds: float) -> float:
    """Seconds before retry `retry_number` (0-based): base · 2ⁿ, capped at max_seconds, then "equal
    jitter" — a random point in the upper half — so many callers failing together do not retry in
    lock step, and none retries sooner than half the intended delay."""
    ceiling = min(max_seconds, base_seconds * 2 ** retry_number)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
