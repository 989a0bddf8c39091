"""Background processing of answers: transcribe, score against the rubric, consider a follow-up,
then finalize the interview when it was the last answer.

AnswerWorker is the in-process AnswerQueue (queue.py): a few consumer tasks on the event loop.
Durable by construction: the queue is only a cache of what the database says is unfinished.
Every state change is committed; a restart calls recover() and picks up whatever was left
`received` or `transcribed`, honouring scheduled retry times. Failures retry with exponential
backoff and jitter a bounded number of times, then the answer is `failed` with the error kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from app.config import get_settings
from app.db import background_priority, run_in_session, run_read
from app.languages import answer_language
from app.models import AnswerStatus
from app.monitoring.metrics import ANSWERS_FAILED, ANSWERS_HELD, ANSWERS_SCORED
from app.providers.call_gate import background_calls
from app.providers.errors import ProviderError, UnreadableAudio
from app.providers.llm.base import Evaluation, LLMProvider
from app.providers.stt.base import STTProvider
from app.services.coding.scoring import coding_evaluation, scoring_text
from app.services.interview import answers, finalize
from app.services.interview.finalize import Finalizer
from app.services.interview.follow_ups import FollowUps
from app.services.interview.queue import StepRefused
from app.transcript_quality import clean, review_reason
from app.vocabulary import apply_vocabulary, prompt_terms

log = logging.getLogger(__name__)
T = TypeVar('T')


class AnswerWorker:
    def __init__(self, llm: LLMProvider, stt: STTProvider, follow_ups: FollowUps, finalizer: Finalizer, *,
                 max_attempts: int, base_delay_seconds: float, concurrency: int = 4) -> None:
        self.llm = llm
        self.stt = stt
        self.follow_ups = follow_ups
        self.finalizer = finalizer
        self.max_attempts = max_attempts
        self.base_delay = base_delay_seconds
        self.concurrency = concurrency
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._queued: set[int] = set()
        self._busy = 0
        self._consumers: list[asyncio.Task[None]] = []
        self._timers: set[asyncio.Task[Any]] = set()
        self._changed = asyncio.Event()  # set whenever work is added or finishes
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._consumers = [asyncio.create_task(self._consume(), name=f'answer-worker-{n}')
                           for n in range(self.concurrency)]
        await self.recover()

    async def recover(self) -> None:
        """Queue every unfinished answer and re-check finished interviews that have no result yet."""
        for answer_id, delay in await run_read(answers.unfinished_answers):
            self._enqueue_after(answer_id, delay)
        for interview_id in await run_read(finalize.finished_unscored):
            self._later(0, self.finalizer.finalize_if_ready(interview_id))

    def enqueue(self, answer_id: int) -> None:
        """AnswerQueue.enqueue: from the event loop directly, from another thread via the loop."""
        try:
            on_loop = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            on_loop = False
        if on_loop or self._loop is None:
            self._put(answer_id)  # not started yet: start() runs the queue (and recover() finds it anyway)
        else:
            try:
                self._loop.call_soon_threadsafe(self._put, answer_id)
            except RuntimeError:  # the loop has closed (shutting down): the row is still there for the next start
                log.warning('answer worker stopped; answer %s will be processed on the next start', answer_id)

    def _enqueue_after(self, answer_id: int, delay: float) -> None:
        if delay > 0:
            self._later(delay, self._enqueue_now(answer_id))
        else:
            self._put(answer_id)

    @property
    def idle(self) -> bool:
        return not (self._queue.qsize() or self._busy or self._timers)

    async def wait_idle(self) -> None:
        """Until nothing is queued, running or scheduled (tests and benchmarks use this)."""
        while not self.idle:
            self._changed.clear()
            await self._changed.wait()

    async def stop(self) -> None:
        for task in [*self._consumers, *self._timers]:
            task.cancel()
        await asyncio.gather(*self._consumers, *self._timers, return_exceptions=True)
        self._consumers.clear()

    async def process(self, answer_id: int) -> None:
        # A candidate waiting on the next question writes first, and gets the provider connections first.
        with background_priority(), background_calls():
            await self._process(answer_id)

    async def _process(self, answer_id: int) -> None:
        work = await run_read(answers.pending_answer, answer_id)
        if work is None:
            return
        if not await self._write(answers.begin_attempt, answer_id, self.max_attempts):
            await self.finalizer.finalize_if_ready(work.interview_id)  # spent by crashes: marks it for review
            return
        reason: str | None = None
        try:
            transcript = work.transcript
            if work.status == AnswerStatus.received:
                assert work.audio_path is not None  # pending_answer only hands out received answers with audio
                result = await self.stt.transcribe(Path(work.audio_path), mime=work.audio_mime,
                                                   hints=prompt_terms(work.hints), language=work.language)
                cleaned = clean(apply_vocabulary(result.text, work.hints))
                result = result.model_copy(update={'text': cleaned.text})
                await self._write(answers.save_transcript, answer_id, result)
                transcript = cleaned.text.strip()
                # A coding answer's code is its substance: a silent explanation does not hold it back.
                reason = review_reason(result, cleaned, work.language, min_language_probability=get_settings()
                                       .language_mismatch_probability) if work.code is None else None
                if reason is not None:  # not scored as said: HR listens and corrects, then re-scores
                    await self._write(answers.hold_for_review, answer_id, reason)
                    ANSWERS_HELD.inc()
            if reason is None:
                if not work.rubric:  # a live question HR asked without key points: transcribed, shown unscored
                    await self._write(answers.save_unscored, answer_id)
                    await self.finalizer.finalize_if_ready(work.interview_id)
                    return
                with answer_language(work.language):  # the offline scorer's model, lexicon and comments
                    evaluation = await self._evaluate(work, transcript or '')
                await self._write(answers.save_evaluation, answer_id, evaluation, self.llm.name)
                ANSWERS_SCORED.inc()
        except StepRefused:
            raise  # the answer is another worker's now: record nothing here
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the answer, never lost
            await self._failed(work.interview_id, answer_id, exc)
            return
        if reason is not None:
            await self.finalizer.finalize_if_ready(work.interview_id)  # marks the interview for review
            return
        if work.follow_ups_enabled and work.code is None:
            with answer_language(work.language):
                await self.follow_ups.consider(work.interview_id, work.question_index, work.question_type,
                                              work.question_text, work.rubric, transcript or '', evaluation)
        await self.finalizer.finalize_if_ready(work.interview_id)

    async def _write(self, step: Callable[..., T], answer_id: int, *args: Any, **kwargs: Any) -> T:
        """One state change of an answer (answers.*), committed. The claim queue fences it."""
        return await run_in_session(step, answer_id, *args, **kwargs)

    async def _evaluate(self, work: answers.PendingAnswer, transcript: str) -> Evaluation:
        if work.code is None:
            return await self.llm.evaluate(work.question_text, work.rubric, transcript, skill=work.skill,
                                           duration_seconds=work.duration_seconds)
        evaluation = await self.llm.evaluate(work.question_text, work.rubric, scoring_text(transcript, work.code),
                                             skill=work.skill, duration_seconds=work.duration_seconds)
        return coding_evaluation(evaluation, work.tests_passed, work.tests_total)

    async def _failed(self, interview_id: int, answer_id: int, exc: Exception) -> None:
        if not isinstance(exc, ProviderError):
            log.exception('processing answer %s failed unexpectedly', answer_id, exc_info=exc)
        message = exc.message if isinstance(exc, ProviderError) else f'{type(exc).__name__}: {exc}'
        delay = await self._write(answers.record_failure, answer_id, message, self.max_attempts,
                                     self.base_delay, final=isinstance(exc, UnreadableAudio))
        ANSWERS_FAILED.labels(final='no' if delay is not None else 'yes').inc()
        if delay is not None:
            log.warning('answer %s: %s; retrying in %.1f s', answer_id, message, delay)
            self._enqueue_after(answer_id, delay)
        else:
            log.error('answer %s failed for good: %s', answer_id, message)
            await self.finalizer.finalize_if_ready(interview_id)  # marks the interview for review

    async def _consume(self) -> None:
        while True:
            answer_id = await self._queue.get()
            self._queued.discard(answer_id)
            self._busy += 1
            try:
                await self.process(answer_id)
            except Exception:
                log.exception('answer worker step failed for answer %s', answer_id)
            finally:
                self._busy -= 1
                self._queue.task_done()
                self._changed.set()

    def _put(self, answer_id: int) -> None:
        if answer_id not in self._queued:
            self._queued.add(answer_id)
            self._queue.put_nowait(answer_id)
            self._changed.set()

    async def _enqueue_now(self, answer_id: int) -> None:
        self._put(answer_id)

    def _later(self, delay: float, coro: Coroutine[Any, Any, Any]) -> None:
        async def run() -> None:
            await asyncio.sleep(delay)
            try:
                with background_priority(), background_calls():
                    await coro
            except Exception:
                log.exception('scheduled answer-worker step failed')
        task = asyncio.create_task(run())
        self._timers.add(task)
        task.add_done_callback(self._timer_done)

    def _timer_done(self, task: asyncio.Task[Any]) -> None:
        self._timers.discard(task)
        self._changed.set()
