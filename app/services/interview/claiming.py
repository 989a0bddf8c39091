"""The PostgreSQL answer queue: every worker process (embedded in a web instance or `main.py worker`)
claims due answers from the answers table (claims.py) instead of trusting an in-memory list.

- Exactly once across instances: an answer is processed only under its claim; SKIP LOCKED hands each
  due answer to one worker, the lease is renewed while the work runs, and every state change is
  written only while the claim is still this worker's (claims.fenced, in the same transaction); a
  worker whose lease was taken over (it stalled past the lease) is cancelled and saves nothing.
- Killed workers: their leases run out and the next claim takes the answers over (the attempt budget
  in begin_attempt still ends an answer that kills every worker that touches it).
- Retries: record_failure writes `next_attempt_at`; nothing waits in memory. No recover-everything at
  start: a starting worker simply claims what is due, which excludes work others hold.
- Latency: enqueue() wakes this process's dispatcher at once and NOTIFYs the others (pg_signal.py);
  the poll (until the next retry or lease expiry, capped) only covers lost notifications.

A web instance with no embedded worker (EMBEDDED_WORKER=false) never starts the dispatcher: its
enqueue() only sends the NOTIFY.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from app.db import run_in_session, run_read
from app.pg_signal import PgSignal
from app.services.interview import claims
from app.services.interview.processing import AnswerWorker
from app.services.interview.queue import StepRefused

log = logging.getLogger(__name__)
CHANNEL = 'panelist_answers'
T = TypeVar('T')


class ClaimingWorker(AnswerWorker):
    def __init__(self, *args: Any, database_url: str, lease_seconds: float, poll_seconds: float,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = f'{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}'
        self.lease_seconds = lease_seconds
        self.poll_seconds = poll_seconds
        self._signal = PgSignal(database_url, CHANNEL)
        self._wake = asyncio.Event()
        self._running: dict[int, asyncio.Task[None]] = {}
        self._dispatching = False

    async def start(self) -> None:
        """Claim and process answers here (a worker, or a web instance with the embedded worker)."""
        self._loop = asyncio.get_running_loop()
        self._dispatching = True
        self._signal.start(self._wake.set)
        self._consumers = [asyncio.create_task(self._dispatch_forever(), name='answer-claims'),
                           asyncio.create_task(self._renew_forever(), name='answer-leases')]

    async def start_sending(self) -> None:
        """Only announce new answers (a web instance with EMBEDDED_WORKER=false)."""
        self._loop = asyncio.get_running_loop()
        self._signal.start(None)

    async def stop(self) -> None:
        for task in list(self._running.values()):
            task.cancel()  # each releases its claim as it ends: another worker takes the answer at once
        await asyncio.gather(*self._running.values(), return_exceptions=True)
        await super().stop()
        await self._signal.stop()

    def _put(self, answer_id: int) -> None:
        """enqueue() lands here on the loop: the row is committed, so wake the claimers."""
        if self._dispatching:
            self._wake.set()
        self._signal.notify()

    def _enqueue_after(self, answer_id: int, delay: float) -> None:
        """A retry: record_failure stored its due time in the row; the dispatcher's wait covers it."""
        self._wake.set()

    @property
    def idle(self) -> bool:
        return not self._running

    async def _write(self, step: Callable[..., T], answer_id: int, *args: Any, **kwargs: Any) -> T:
        return await run_in_session(claims.fenced, step, answer_id, self.owner, *args, **kwargs)

    async def _dispatch_forever(self) -> None:
        while True:
            self._wake.clear()
            wait: float | None = self.poll_seconds
            try:
                free = self.concurrency - len(self._running)
                taken = await run_in_session(claims.claim_due, self.owner, self.lease_seconds, free)
                for answer_id in taken:
                    self._running[answer_id] = asyncio.create_task(self._run(answer_id), name=f'answer-{answer_id}')
                if free > 0 and len(taken) < free:  # nothing more due now: sleep until something will be
                    due = await run_read(claims.next_due_seconds)
                    wait = self.poll_seconds if due is None else min(self.poll_seconds, due + 0.05)
                elif free > 0:
                    wait = 0  # every slot filled and more may be due: look again at once
                # else every slot is busy: a finishing task sets the wake-up
            except Exception:
                log.exception('claiming answers failed; trying again in %.0f s', self.poll_seconds)
            if wait:
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for loses a cancellation that arrives
                # as the wake-up fires (stop() cancels this task while the cancelled answers' `finally` sets
                # the wake-up), and the loop then polled forever while stop() waited for it.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await self._wake.wait()

    async def _run(self, answer_id: int) -> None:
        self._busy += 1
        try:
            await self.process(answer_id)
        except asyncio.CancelledError:
            log.warning('answer %s: processing stopped (lease lost or shutting down)', answer_id)
            raise
        except StepRefused as lost:
            log.warning('answer %s: result not saved: %s', answer_id, lost)
        except Exception:
            log.exception('answer worker step failed for answer %s', answer_id)
        finally:
            self._busy -= 1
            self._running.pop(answer_id, None)
            with contextlib.suppress(Exception):
                await asyncio.shield(run_in_session(claims.release, answer_id, self.owner))
            self._wake.set()
            self._changed.set()

    async def _renew_forever(self) -> None:
        """Renew every held lease a few times per lease; cancel work whose lease another worker took."""
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            held = dict(self._running)
            try:
                still = await run_in_session(claims.renew, self.owner, list(held), self.lease_seconds)
            except Exception:
                log.exception('renewing answer leases failed')
                continue
            for answer_id in set(held) - still:
                task = held[answer_id]
                if self._running.get(answer_id) is task:  # not a task that finished (and released) meanwhile
                    log.warning('answer %s: lease lost to another worker; stopping here', answer_id)
                    task.cancel()
