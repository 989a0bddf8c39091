"""The process-wide interview runtime: providers, the interview pipeline, the idle sweeper and the
recording-retention job.

Built once at startup (main.py) and reached by the API routes and pages through get_runtime();
answer_queue() is how a page or route hands an answer to background processing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from app.config import Settings
from app.db import background_priority, run_in_session
from app.db_types import utcnow
from app.providers.llm.base import LLMProvider
from app.services import recordings
from app.services.interview import rows
from app.services.interview.pipeline import InterviewPipeline, build_pipeline
from app.services.interview.queue import AnswerQueue
from app.services.interview.turns import InterviewEngine
from app.warmup import ModelWarmUp

if TYPE_CHECKING:
    from app.providers.registry import Providers

log = logging.getLogger(__name__)
SWEEP_INTERVAL_SECONDS = 60.0
# Retention is counted in days, so an hourly pass deletes expired recordings at most an hour late.
RETENTION_INTERVAL_SECONDS = 3600.0
RETENTION_FIRST_RUN_SECONDS = 30.0  # not in the way of startup work


@dataclass
class Runtime:
    providers: Providers
    pipeline: InterviewPipeline
    settings: Settings
    _sweeper: asyncio.Task[None] | None = field(default=None, init=False)
    _retention: asyncio.Task[None] | None = field(default=None, init=False)
    warm_up: ModelWarmUp | None = None  # build_runtime makes it; tests' runtimes have no local models
    _warming: asyncio.Task[None] | None = field(default=None, init=False)

    @property
    def engine(self) -> InterviewEngine:
        return self.pipeline.engine

    @property
    def answer_queue(self) -> AnswerQueue:
        return self.pipeline.answer_queue

    async def start(self) -> None:
        await self.pipeline.start()
        self._sweeper = asyncio.create_task(self._sweep_forever(), name='interview-idle-sweeper')
        self._retention = asyncio.create_task(self._retention_forever(), name='recording-retention')
        if self.warm_up is not None and self.settings.warm_up_models:
            self._warming = asyncio.create_task(self.warm_up.run(), name='model-warm-up')

    async def stop(self) -> None:
        for task in (self._sweeper, self._retention, self._warming):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.pipeline.stop()
        await self.providers.aclose()

    async def sweep_idle(self) -> list[int]:
        cutoff = utcnow() - timedelta(minutes=self.settings.interview_idle_minutes)
        with background_priority():  # housekeeping: candidates' requests write first
            abandoned = await run_in_session(rows.abandon_idle, cutoff)
        if abandoned:
            log.info('marked %d idle interviews abandoned', len(abandoned))
        return abandoned

    async def apply_retention(self) -> recordings.RetentionRun:
        with background_priority():  # housekeeping: candidates' requests write first
            result = await run_in_session(recordings.run_retention)
        if result.files:
            log.info('retention: deleted %d recordings of %d interviews', result.files, result.interviews)
        return result

    async def _retention_forever(self) -> None:
        await asyncio.sleep(RETENTION_FIRST_RUN_SECONDS)
        while True:
            try:
                await self.apply_retention()
            except Exception:
                log.exception('recording retention failed')
            await asyncio.sleep(RETENTION_INTERVAL_SECONDS)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_INTERVAL_SECONDS)
            try:
                await self.sweep_idle()
            except Exception:
                log.exception('idle sweep failed')


def build_runtime(settings: Settings, providers: Providers) -> Runtime:
    fallback: LLMProvider | None = None
    if providers.llm.name != 'offline':
        from app.providers.llm.offline.provider import OfflineLLM

        fallback = OfflineLLM()
    pipeline = build_pipeline(providers.llm, providers.tts, providers.stt, fallback_llm=fallback,
                              max_attempts=settings.answer_processing_attempts,
                              base_delay_seconds=settings.answer_retry_base_seconds,
                              concurrency=settings.answer_workers)
    return Runtime(providers=providers, pipeline=pipeline, settings=settings,
                   warm_up=ModelWarmUp(providers, pipeline.practice))


_current: Runtime | None = None


def get_runtime() -> Runtime:
    if _current is None:
        raise RuntimeError('the interview runtime has not been started')
    return _current


class _NextStart:
    """The answer queue while no runtime runs (a script, a test without one): nothing is lost, the
    answer's state is in the database and the next start resumes it."""

    def enqueue(self, answer_id: int) -> None:
        log.warning('no answer worker running; answer %s will be processed on the next start', answer_id)


def answer_queue() -> AnswerQueue:
    """The running runtime's answer queue (callable from the event loop and from sync routes' threads)."""
    return _current.answer_queue if _current is not None else _NextStart()


def set_runtime(runtime: Runtime | None) -> None:
    global _current
    _current = runtime
