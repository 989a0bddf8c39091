"""The interview engine: plans an interview, serves questions (pre-generating the next one while the
candidate answers), takes answers, inserts follow-ups and finalizes the result.

Async orchestration only: database work goes through the sync functions in interview_records,
answer_records and finalize (run on the DB thread pool); providers are awaited. One process runs
one engine, so per-interview asyncio locks are enough to order serving against follow-ups.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from app import media
from app.db import background_priority, run_in_session, run_read
from app.models import InterviewStatus, Question
from app.providers.errors import ProviderError
from app.providers.llm.base import Evaluation, GeneratedQuestion, LLMProvider, PlanItem, ReportInput, RubricPoint
from app.providers.tts.base import TTSProvider
from app.services.interview import answers, finalize, rows
from app.services.interview.answers import AnswerUpload, RecordedAnswer
from app.services.interview.rows import InterviewContext, InterviewStateError

log = logging.getLogger(__name__)
T = TypeVar('T')

FOLLOW_UP_COVERAGE = 0.5  # below this share of rubric points covered, an answer counts as shallow


@dataclass(frozen=True)
class AskedQuestion:
    index: int
    total: int
    text: str
    type: str
    has_audio: bool


@dataclass(frozen=True)
class RoomState:
    status: str  # scheduled | in_progress | finished (answers processing) | completed | abandoned
    candidate_name: str
    job_title: str
    total: int
    answered: int
    answer_time_limit_seconds: int
    question: AskedQuestion | None


@dataclass(frozen=True)
class TurnResult:
    answer_index: int
    duplicate: bool
    finished: bool
    next: AskedQuestion | None


class InterviewEngine:
    def __init__(self, llm: LLMProvider, tts: TTSProvider, fallback_llm: LLMProvider | None = None) -> None:
        self.llm = llm
        self.tts = tts
        # Candidate-facing steps (plan, question text) fall back to the offline interviewer when a
        # remote model fails, so nobody is left waiting on a broken provider. Scoring never falls back.
        self.fallback_llm = fallback_llm
        self.on_answer_recorded: Callable[[int], None] = lambda _answer_id: None
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._generating: dict[tuple[int, int], asyncio.Task[Question | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # --- candidate actions -------------------------------------------------------------------

    async def room(self, token: str) -> RoomState:
        """Where the candidate stands; serves (and pre-generates) the current question when in progress."""
        return await self._room(await run_read(rows.context_by_token, token))

    async def start(self, token: str) -> RoomState:
        ctx = await run_read(rows.context_by_token, token)
        async with self._lock(ctx.interview_id):
            if ctx.status == InterviewStatus.scheduled:
                # Read again under the lock: the first request of a double click may have begun it meanwhile.
                ctx = await run_read(rows.context, ctx.interview_id)
            if ctx.status == InterviewStatus.scheduled:
                plan = await self._plan(ctx)
                await run_in_session(rows.begin, ctx.interview_id, plan, self.llm.name)
                ctx = await run_read(rows.context, ctx.interview_id)  # now in progress, with its plan
            elif ctx.status != InterviewStatus.in_progress:
                raise InterviewStateError(f'This interview is {ctx.status.replace("_", " ")}; it cannot start again.')
        return await self._room(ctx)

    async def _room(self, ctx: InterviewContext) -> RoomState:
        question = None
        if ctx.status == InterviewStatus.in_progress and ctx.ended_at is None:
            question = await self._serve(ctx.interview_id, ctx.answered)
        return _room_state(ctx, question)

    async def submit_answer(self, token: str, index: int, upload: AnswerUpload) -> TurnResult:
        interview_id, recorded = await run_read(answers.check_upload, token, index, upload)
        if recorded is None:
            recorded = await self._store_answer(interview_id, index, upload)
        if recorded.created:
            self.on_answer_recorded(recorded.answer_id)
        if recorded.finished:
            return TurnResult(index, not recorded.created, finished=True, next=None)
        # Usually pre-generated while the candidate was answering, so this returns at once.
        question = await self._serve(interview_id, index + 1)
        return TurnResult(index, not recorded.created, finished=False, next=question)

    async def _store_answer(self, interview_id: int, index: int, upload: AnswerUpload) -> RecordedAnswer:
        """The recording reaches the disk first, then its row is committed: both before the reply."""
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

    # --- background steps, called by the answer worker ----------------------------------------

    async def consider_follow_up(self, interview_id: int, question_index: int, question_type: str,
                                 question_text: str, rubric: list[RubricPoint], transcript: str,
                                 evaluation: Evaluation) -> int | None:
        """After a shallow answer, put at most one follow-up into the next unseen slot."""
        if question_type in ('follow_up', 'warmup') or evaluation.coverage >= FOLLOW_UP_COVERAGE:
            return None
        ctx = await run_read(rows.context, interview_id)
        if not ctx.follow_ups_enabled or ctx.ended_at is not None:
            return None
        try:
            text = await self.llm.follow_up(question_text, rubric, transcript)
        except ProviderError as exc:
            log.warning('no follow-up for interview %s: %s', interview_id, exc)
            return None
        if not text:
            return None
        async with self._lock(interview_id):
            slot = await run_in_session(rows.insert_follow_up, interview_id, question_index, text)
        if slot is not None:
            self._prepare(interview_id, slot)
        return slot

    async def finalize_if_ready(self, interview_id: int) -> finalize.Readiness:
        async with self._lock(interview_id):
            state = await run_read(finalize.readiness, interview_id)
            if state == finalize.Readiness.failed:
                await run_in_session(finalize.mark_needs_review, interview_id)
            if state == finalize.Readiness.stale:
                return await self._rescore(interview_id)
            if state != finalize.Readiness.ready:
                return state
            score, report_input = await run_read(finalize.score_and_report_input, interview_id)
            report = await self._with_fallback('report', _writes_report(report_input))
            await run_in_session(finalize.save_final, interview_id, score, report)
            return finalize.Readiness.done

    async def _rescore(self, interview_id: int) -> finalize.Readiness:
        """A completed interview had an answer re-scored: recompute its result and report."""
        for _ in range(3):  # another answer scored meanwhile: compute again from the newer scores
            as_of = await run_read(finalize.last_scored_at, interview_id)
            score, report_input = await run_read(finalize.score_and_report_input, interview_id)
            report = await self._with_fallback('report', _writes_report(report_input))
            if await run_in_session(finalize.save_rescored, interview_id, score, report, as_of):
                return finalize.Readiness.done
        return finalize.Readiness.stale

    # --- question supply ----------------------------------------------------------------------

    async def _serve(self, interview_id: int, index: int) -> AskedQuestion:
        while True:
            # Under the interview's lock, so a follow-up cannot take the slot between look and mark.
            async with self._lock(interview_id):
                served_total = await run_in_session(rows.serve_question, interview_id, index)
            if served_total is not None:
                break
            await self._ensure_question(interview_id, index)  # not pre-generated (yet): make it now
        served, total = served_total
        if index + 1 < total:
            self._prepare(interview_id, index + 1)
        return AskedQuestion(index, total, served.text, served.type, served.audio_file is not None)

    def _prepare(self, interview_id: int, index: int) -> None:
        """Start generating question `index` in the background unless it exists or is under way."""
        self._spawn(self._pregenerate(interview_id, index))

    async def _pregenerate(self, interview_id: int, index: int) -> None:
        with background_priority():
            await self._ensure_question(interview_id, index, quiet=True)

    async def _ensure_question(self, interview_id: int, index: int, quiet: bool = False) -> Question:
        for _ in range(5):
            existing = await run_read(rows.question_at, interview_id, index)
            if existing is not None:
                return existing
            key = (interview_id, index)
            task = self._generating.get(key)
            if task is None:
                task = asyncio.create_task(self._generate(interview_id, index))
                self._generating[key] = task
                task.add_done_callback(self._forget_generation(key))
            try:
                result = await asyncio.shield(task)
            except Exception:
                if quiet:
                    log.exception('pre-generating question %s of interview %s failed', index + 1, interview_id)
                raise
            if result is not None:
                return result
        raise RuntimeError(f'question {index + 1} of interview {interview_id} kept changing while generated')

    async def _generate(self, interview_id: int, index: int) -> Question | None:
        ctx = await run_read(rows.context, interview_id)
        if index >= len(ctx.plan):
            raise InterviewStateError('There is no such question in this interview.')
        item = ctx.plan[index]
        if item.get('type') == 'follow_up':
            rubric = await run_read(rows.follow_up_rubric, interview_id, int(item['parent_index']))
            generated = GeneratedQuestion(text=item['text'], rubric=rubric)
        else:
            plan_item = PlanItem.model_validate(item)
            previous = await run_read(rows.question_texts, interview_id)
            generated = await self._with_fallback(
                'question', lambda llm: llm.question(plan_item, ctx.job, ctx.resume, previous))
        fields: dict[str, Any] = {
            'text': generated.text, 'type': item.get('type', 'technical'), 'skill': item.get('skill'),
            'difficulty': item.get('difficulty'), 'focus': item.get('focus'),
            'rubric': [p.model_dump() for p in generated.rubric], 'parent_index': item.get('parent_index'),
            **await self._speak(generated.text, ctx.job.language),
        }
        question = await run_in_session(rows.save_question, interview_id, index, item, fields)
        if question is None or question.audio_file != fields.get('audio_file'):
            media.delete(fields.get('audio_file'))  # stale or lost the race: its audio is not needed
        return question

    async def _plan(self, ctx: InterviewContext) -> list[dict[str, Any]]:
        items = await self._with_fallback('plan', lambda llm: llm.plan(ctx.job, ctx.resume, ctx.question_count))
        return [item.model_dump() for item in items[:ctx.question_count]]

    async def _speak(self, text: str, language: str) -> dict[str, Any]:
        if not self.tts.speaks_on_server:
            return {}
        try:
            audio = await self.tts.synthesize(text, language)
        except ProviderError as exc:
            # The room reads the question aloud with the browser's voice instead.
            log.warning('text-to-speech failed, the browser will speak the question: %s', exc)
            return {}
        if audio is None:
            return {}
        name = media.new_name('questions', media.audio_extension(audio.mime) or 'wav')
        await asyncio.to_thread(partial(media.write, name, audio.data, durable=False))  # regenerable
        return {'audio_file': name, 'audio_mime': audio.mime, 'audio_duration': audio.duration_seconds}

    async def _with_fallback(self, step: str, call: Callable[[LLMProvider], Coroutine[Any, Any, T]]) -> T:
        try:
            return await call(self.llm)
        except ProviderError as exc:
            if self.fallback_llm is None:
                raise
            log.warning('%s with %s failed (%s); using the offline interviewer', step, self.llm.name, exc)
            return await call(self.fallback_llm)

    def _forget_generation(self, key: tuple[int, int]) -> Callable[[asyncio.Task[Question | None]], None]:
        def done(_task: asyncio.Task[Question | None]) -> None:
            self._generating.pop(key, None)
        return done

    def _lock(self, interview_id: int) -> asyncio.Lock:
        lock = self._locks.get(interview_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[interview_id] = lock
        return lock

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(_discard_from(self._tasks))

    async def aclose(self) -> None:
        for task in list(self._tasks) + list(self._generating.values()):
            task.cancel()
        await asyncio.gather(*self._tasks, *self._generating.values(), return_exceptions=True)


def _writes_report(data: ReportInput) -> Callable[[LLMProvider], Coroutine[Any, Any, str]]:
    return lambda llm: llm.report(data)


def _discard_from(tasks: set[asyncio.Task[Any]]) -> Callable[[asyncio.Task[Any]], None]:
    def done(task: asyncio.Task[Any]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error('background interview task failed: %s', task.exception())
    return done


def _room_state(ctx: InterviewContext, question: AskedQuestion | None) -> RoomState:
    status = ctx.status
    if status == InterviewStatus.in_progress and ctx.ended_at is not None:
        status = 'finished'
    return RoomState(status=status, candidate_name=ctx.candidate_name, job_title=ctx.job.title,
                     total=ctx.question_total or ctx.question_count, answered=ctx.answered,
                     answer_time_limit_seconds=ctx.answer_time_limit_seconds, question=question)
