"""Preparing an interview before Start: its plan, question 1 and question 1's audio are made while the
candidate is still in the room (device check, practice question), so Start waits only for what is
still missing instead of two LLM calls and a synthesis in a row.

The interview row is the record: the plan is stored on the still-scheduled interview, once (under the
interview's lock here, and under the row lock in rows.store_prepared_plan across processes), so a
reload, a second tab or a second preparation finds it there and never plans again; question 1 is an
ordinary unserved Question row, which Start serves. A fixed pool of workers takes requests from a
bounded queue; when the queue is full a request is dropped and Start plans as it always did. Any
failure is only logged: Start plans again (or serving writes question 1) with its usual messages.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from app.db import run_in_session, run_read
from app.models import InterviewStatus, QuestionType
from app.services.coding.planning import coding_entries
from app.services.interview import rows
from app.services.interview.interviewer import Interviewer
from app.services.interview.locks import InterviewLocks
from app.services.interview.plan import PlanEntry
from app.services.interview.questions import QuestionSupply
from app.services.interview.rows import InterviewContext

log = logging.getLogger(__name__)


async def plan_interview(interviewer: Interviewer, ctx: InterviewContext) -> list[PlanEntry]:
    """The interview's plan: the LLM's spoken questions, then the job's coding exercises."""
    items = await interviewer.plan(ctx.job, ctx.resume, ctx.question_count, seed=ctx.candidate_seed)
    spoken = [PlanEntry.planned(item) for item in items[:ctx.question_count]]
    return spoken + await coding_entries(ctx.coding_questions, ctx.interview_id)


def may_prepare(ctx: InterviewContext) -> bool:
    """Only an interview the candidate could start now: not a closed link, and never before an invited
    candidate agreed to the notice (their resume goes to the LLM only after consent)."""
    return ctx.status == InterviewStatus.scheduled and not ctx.closed_message and not ctx.needs_consent


def prepared_plan_fits(ctx: InterviewContext) -> bool:
    """A plan prepared before HR changed the job's question counts is not used."""
    coding = sum(1 for entry in ctx.plan if entry.type == QuestionType.coding)
    return bool(ctx.plan) and coding == ctx.coding_questions and len(ctx.plan) - coding == ctx.question_count


class Preparations:
    def __init__(self, interviewer: Interviewer, questions: QuestionSupply, locks: InterviewLocks, *,
                 workers: int, queue_size: int = 1000) -> None:
        self.interviewer = interviewer
        self.questions = questions
        self._locks = locks
        self._worker_count = workers  # 0: no preparation, Start does everything as before
        self._queue: asyncio.Queue[int] = asyncio.Queue(maxsize=queue_size)
        self._pending: set[int] = set()  # queued or being prepared: a reload does not queue it again
        self._workers: list[asyncio.Task[Any]] = []
        self._changed = asyncio.Event()

    def request(self, ctx: InterviewContext) -> None:
        """Prepare this interview in the background if it is worth it and not prepared or queued yet."""
        if not self._worker_count or not may_prepare(ctx) or ctx.plan or ctx.interview_id in self._pending:
            return
        try:
            self._queue.put_nowait(ctx.interview_id)
        except asyncio.QueueFull:
            log.info('preparation queue full: interview %s plans at Start', ctx.interview_id)
            return
        self._pending.add(ctx.interview_id)
        if not self._workers:
            self._workers = [asyncio.create_task(self._work()) for _ in range(self._worker_count)]

    async def prepare(self, interview_id: int) -> None:
        """Store the plan (unless stored already) and make question 1. Raises what planning raises."""
        async with self._locks(interview_id):  # Start takes the same lock: it waits for this plan, not a second
            ctx = await run_read(rows.context, interview_id)
            if not may_prepare(ctx):
                return
            if not ctx.plan:
                plan = await plan_interview(self.interviewer, ctx)
                if not await run_in_session(rows.store_prepared_plan, interview_id, plan):
                    return  # started or planned elsewhere meanwhile
        await self.questions.make(interview_id, 0)

    @property
    def idle(self) -> bool:
        return not self._pending

    async def wait_idle(self) -> None:
        while not self.idle:
            self._changed.clear()
            await self._changed.wait()

    async def aclose(self) -> None:
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        self._pending.clear()

    async def _work(self) -> None:
        while True:
            interview_id = await self._queue.get()
            try:
                await self.prepare(interview_id)
            except Exception:
                log.exception('preparing interview %s before its start failed; Start will plan it', interview_id)
            finally:
                self._pending.discard(interview_id)
                self._changed.set()
