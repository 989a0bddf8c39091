"""The remote-provider HTTP client recovers after an overload in which many calls were cancelled.

Found in the 1000-interview run (issue 15): afterwards every provider call timed out while the
server answered at once. Cause: a call cancelled while it waited for a pool slot, or right after
the pool had opened a connection for it, left that connection in httpcore's pool for ever
("CONNECTING" / "NEW, Request Count: 0"), holding one of its `max_connections` slots. Enough of
them and the pool has no slot left for anyone.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from pathlib import Path

import pytest

from app.providers.errors import ProviderError
from app.providers.llm.remote import RemoteLLM
from tests.providers.test_remote_llm import ANSWER, PROVIDERS, QUESTION, RUBRIC, build
from tests.support.fakes import FakeServers


async def _overload(llm: RemoteLLM, calls: int) -> None:
    """Many more calls than connections, each cancelled at a random moment (a wait_for elsewhere, a
    shutdown, a caller that gave up) or timed out by the retry loop's own deadline."""
    async def one() -> None:
        with contextlib.suppress(ProviderError):
            await llm.evaluate(QUESTION, RUBRIC, ANSWER, skill='PostgreSQL', duration_seconds=20)

    rng = random.Random(15)
    tasks = [asyncio.create_task(one()) for _ in range(calls)]
    for task in tasks:
        await asyncio.sleep(rng.uniform(0, 0.004))
        if rng.random() < 0.8:
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.mark.parametrize('kind', PROVIDERS)
async def test_provider_calls_succeed_again_after_cancelled_overload(kind: str, fake: FakeServers,
                                                                     tmp_path: Path) -> None:
    llm, server = build(kind, fake, tmp_path, provider_max_connections=4, provider_timeout_seconds=1.0,
                        provider_max_retries=0)
    server.latency = 0.05
    try:
        for _ in range(3):
            await _overload(llm, 150)
        # The overload is over and the server answers at once: every call must work again, and
        # promptly (not after a pool timeout per call).
        server.latency = 0.0
        results = await asyncio.wait_for(asyncio.gather(*[
            llm.evaluate(QUESTION, RUBRIC, ANSWER, skill='PostgreSQL', duration_seconds=20) for _ in range(12)
        ], return_exceptions=True), timeout=10)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert not failures, f'{len(failures)} of 12 calls failed after the overload: {failures[:2]}'
        assert all(r.correctness >= 3 for r in results if not isinstance(r, BaseException))
    finally:
        server.latency = 0.0
        await llm.aclose()
