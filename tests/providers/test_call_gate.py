"""The provider call gate: a full pool serves the candidate's calls before answer processing's, and a
caller that gives up while waiting never takes a slot with it."""

from __future__ import annotations

import asyncio

from app.providers.call_gate import CallGate, background_calls


async def _hold(gate: CallGate, order: list[str], name: str, release: asyncio.Event, *, background: bool) -> None:
    async def enter() -> None:
        async with gate:
            order.append(name)
            await release.wait()
    if background:
        with background_calls():
            await enter()
    else:
        await enter()


async def test_a_freed_slot_goes_to_a_waiting_candidate_call_before_earlier_background_calls() -> None:
    gate = CallGate(1)
    order: list[str] = []
    release = asyncio.Event()
    first = asyncio.create_task(_hold(gate, order, 'busy', release, background=True))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(_hold(gate, order, f'scoring-{n}', release, background=True)) for n in range(3)]
    await asyncio.sleep(0)
    waiting.append(asyncio.create_task(_hold(gate, order, 'next-question', release, background=False)))
    await asyncio.sleep(0)
    assert order == ['busy']
    release.set()
    await asyncio.gather(first, *waiting)
    assert order == ['busy', 'next-question', 'scoring-0', 'scoring-1', 'scoring-2']


async def test_cancelled_waiters_give_no_slot_away_and_the_gate_still_admits_calls() -> None:
    gate = CallGate(2)
    release = asyncio.Event()
    order: list[str] = []
    holders = [asyncio.create_task(_hold(gate, order, f'h{n}', release, background=False)) for n in range(2)]
    await asyncio.sleep(0)
    given_up = [asyncio.create_task(_hold(gate, order, f'gave-up-{n}', release, background=n % 2 == 0))
                for n in range(10)]
    await asyncio.sleep(0)
    for task in given_up:
        task.cancel()
    await asyncio.gather(*given_up, return_exceptions=True)
    release.set()
    await asyncio.gather(*holders)
    # Both slots are free again: two calls enter at once, and a third waits for one of them.
    blocked = asyncio.Event()
    calls = [asyncio.create_task(_hold(gate, order, f'after-{n}', blocked, background=False)) for n in range(3)]
    await asyncio.sleep(0)
    assert [name for name in order if name.startswith('after')] == ['after-0', 'after-1']
    assert not any(name.startswith('gave-up') for name in order)
    blocked.set()
    await asyncio.gather(*calls)
    assert order[-1] == 'after-2'
