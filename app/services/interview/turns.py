"""The candidate's turns: where they stand, starting (planning) the interview, and taking an answer.

Async orchestration only: database work goes through the sync functions in rows and answers (run
on the DB thread pool); questions come from the QuestionSupply; a stored answer goes to the
injected AnswerQueue, and the candidate gets the next question at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from app import media
from app.db import run_in_session, run_read
from app.models import InterviewStatus
from app.monitoring.metrics import ANSWERS_RECEIVED
from app.services.accommodations import Accommodations
from app.services.interview import answers, rows
from app.services.interview.answers import AnswerUpload, RecordedAnswer
from app.services.interview.audio_check import AudioCheck, check_audio
from app.services.interview.interviewer import Interviewer
from app.services.interview.locks import InterviewLocks
from app.services.interview.plan import PlanEntry
from app.services.interview.prestart import Preparations, plan_interview, prepared_plan_fits
from app.services.interview.questions import AskedQuestion, QuestionSupply
from app.services.interview.queue import AnswerQueue
from app.services.interview.rows import InterviewContext, InterviewStateError


@dataclass(frozen=True)
class RoomState:
    status: str  # scheduled | in_progress | finished (answers processing) | completed | abandoned
    candidate_name: str
    job_title: str
    total: int
    answered: int
    answer_time_limit_seconds: int
    question: AskedQuestion | None
    accommodations: Accommodations


@dataclass(frozen=True)
class TurnResult:
    answer_index: int
    duplicate: bool
    finished: bool
    next: AskedQuestion | None
    audio_check: AudioCheck | None = None  # the new recording's level: 'your microphone seems quiet'


class InterviewEngine:
    def __init__(self, interviewer: Interviewer, questions: QuestionSupply, locks: InterviewLocks,
                 queue: AnswerQueue, preparations: Preparations) -> None:
        self.interviewer = interviewer
        self.questions = questions
        self.queue = queue
        self.preparations = preparations
        self._locks = locks

    # --- candidate actions -------------------------------------------------------------------

    async def room(self, token: str) -> RoomState:
        """Where the candidate stands; serves (and pre-generates) the current question when in progress.
        Opening the room of a scheduled interview starts preparing its plan and question 1."""
        ctx = await run_read(rows.context_by_token, token)
        self.preparations.request(ctx)
        return await self._room(ctx)

    def opened(self, ctx: InterviewContext) -> None:
        """The room page was opened: prepare the interview while the candidate checks their devices."""
        self.preparations.request(ctx)

    async def start(self, token: str) -> RoomState:
        ctx = await run_read(rows.context_by_token, token)
        async with self._locks(ctx.interview_id):
            if ctx.status == InterviewStatus.scheduled:
                # Read again under the lock: the first request of a double click may have begun it meanwhile.
                ctx = await run_read(rows.context, ctx.interview_id)
            if ctx.status == InterviewStatus.scheduled:
                rows.check_can_start(ctx)
                plan = await self._plan(ctx)  # usually prepared while the candidate was in the room
                await run_in_session(rows.begin, ctx.interview_id, plan, self.interviewer.name)
                ctx = await run_read(rows.context, ctx.interview_id)  # now in progress, with its plan
            elif ctx.status != InterviewStatus.in_progress:
                raise InterviewStateError(f'This interview is {ctx.status.replace("_", " ")}; it cannot start again.')
        return await self._room(ctx)

    async def _room(self, ctx: InterviewContext) -> RoomState:
        question = None
        if ctx.status == InterviewStatus.in_progress and ctx.ended_at is None:
            question = await self.questions.serve(ctx.interview_id, ctx.answered)
        return _room_state(ctx, question)

    async def submit_answer(self, token: str, index: int, upload: AnswerUpload) -> TurnResult:
        check = await run_read(answers.check_upload, token, index, upload)
        interview_id, recorded = check.interview_id, check.replay
        if recorded is None:
            await asyncio.to_thread(answers.check_duration, upload, check.max_seconds)
            recorded = await self._store_answer(interview_id, index, upload)
        return await self._answered(interview_id, index, recorded, upload)

    async def submit_code_answer(self, token: str, index: int) -> TurnResult:
        """A coding question answered by its submitted code alone (no spoken explanation)."""
        ctx = await run_read(rows.context_by_token, token)
        recorded = await run_in_session(answers.store_code_answer, ctx.interview_id, index)
        return await self._answered(ctx.interview_id, index, recorded)

    async def _answered(self, interview_id: int, index: int, recorded: RecordedAnswer,
                        upload: AnswerUpload | None = None) -> TurnResult:
        if recorded.created:
            ANSWERS_RECEIVED.inc()
            self.queue.enqueue(recorded.answer_id)
        # A few tens of ms off the event loop (decode + voice activity), while the next question is served.
        check = asyncio.create_task(asyncio.to_thread(check_audio, upload.data, upload.mime)) if upload else None
        if recorded.finished:
            return TurnResult(index, not recorded.created, finished=True, next=None,
                              audio_check=await check if check else None)
        # Usually pre-generated while the candidate was answering, so this returns at once.
        question = await self.questions.serve(interview_id, index + 1)
        return TurnResult(index, not recorded.created, finished=False, next=question,
                          audio_check=await check if check else None)

    async def _store_answer(self, interview_id: int, index: int, upload: AnswerUpload) -> RecordedAnswer:
        """The recording reaches the disk first, then its row is committed: both before the reply."""
        if upload.text is not None:  # a typed answer has no file
            return await run_in_session(answers.store_answer, interview_id, index, upload, None)
        extension = media.audio_extension(upload.mime) or 'bin'
        name = media.new_name('answers', extension)
        await asyncio.to_thread(media.write, name, upload.data)
        try:
            recorded = await run_in_session(answers.store_answer, interview_id, index, upload, name)
        except BaseException:
            media.delete(name)  # nothing was committed: leave no orphan file behind
            raise
        if not recorded.created:
            media.delete(name)  # a concurrent retry of the same upload won the race
        return recorded

    async def _plan(self, ctx: InterviewContext) -> list[PlanEntry]:
        """The plan prepared before Start, or a new one (none prepared, it failed, or the job changed since)."""
        if prepared_plan_fits(ctx):
            return ctx.plan
        if ctx.plan:
            for name in await run_in_session(rows.drop_prepared, ctx.interview_id):
                media.delete(name)
        return await plan_interview(self.interviewer, ctx)


def _room_state(ctx: InterviewContext, question: AskedQuestion | None) -> RoomState:
    status = ctx.status
    if status == InterviewStatus.in_progress and ctx.ended_at is not None:
        status = 'finished'
    return RoomState(status=status, candidate_name=ctx.candidate_name, job_title=ctx.job.title,
                     total=ctx.question_total or ctx.question_count, answered=ctx.answered,
                     answer_time_limit_seconds=ctx.answer_time_limit_seconds, question=question,
                     accommodations=ctx.accommodations)
