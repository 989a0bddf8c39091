"""The process-wide interview runtime: providers, engine, answer worker, the idle sweeper and the
recording-retention job.

Built once at startup (main.py) and reached by the API routes and pages through get_runtime().
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
from app.services.interview.processing import AnswerWorker
from app.services.interview.turns import InterviewEngine

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
    engine: InterviewEngine
    worker: AnswerWorker
    settings: Settings
    _sweeper: asyncio.Task[None] | None = field(default=None, init=False)
    _retention: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        await self.worker.start()
        self._sweeper = asyncio.create_task(self._sweep_forever(), name='interview-idle-sweeper')
        self._retention = asyncio.create_task(self._retention_forever(), name='recording-retention')

    async def stop(self) -> None:
        for task in (self._sweeper, self._retention):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.worker.stop()
        await self.engine.aclose()
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
    engine = InterviewEngine(providers.llm, providers.tts, fallback_llm=fallback)
    worker = AnswerWorker(engine, providers.llm, providers.stt, max_attempts=settings.answer_processing_attempts,
                          base_delay_seconds=settings.answer_retry_base_seconds, concurrency=settings.answer_workers)
    engine.on_answer_recorded = worker.enqueue
    return Runtime(providers=providers, engine=engine, worker=worker, settings=settings)


_current: Runtime | None = None


def get_runtime() -> Runtime:
    if _current is None:
        raise RuntimeError('the interview runtime has not been started')
    return _current


def enqueue_answer(answer_id: int) -> None:
    """Hand the answer to the worker. Call it on the event loop (the worker's queue is not thread-safe).
    Without a running worker nothing is lost: the answer's state is in the database and the next
    start resumes it."""
    if _current is None:
        log.warning('no answer worker running; answer %s will be processed on the next start', answer_id)
        return
    _current.worker.enqueue(answer_id)


def set_runtime(runtime: Runtime | None) -> None:
    global _current
    _current = runtime
