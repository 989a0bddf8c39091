"""The process-wide interview runtime: providers, the interview pipeline, the idle sweeper and the
recording-retention job.

Roles: a web instance (main.py) serves candidates and, unless EMBEDDED_WORKER=false, processes answers
too; a worker (`main.py worker`, PostgreSQL only) only processes answers. On PostgreSQL the answer
queue is the claim queue on the answers table (claiming.py) and the periodic jobs run only in the
process holding the cluster-leader advisory lock (app.leader), so each runs once per cluster.

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
from app.leader import ClusterLeader
from app.providers.llm.base import LLMProvider
from app.services import recordings
from app.services.interview import finalize, rows
from app.services.interview.claiming import ClaimingWorker
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
    role: str = 'web'  # 'web' (main.py) or 'worker' (main.py worker: answers only)
    leader: ClusterLeader | None = None  # None: this process is the only one (SQLite, tests)

    @property
    def engine(self) -> InterviewEngine:
        return self.pipeline.engine

    @property
    def answer_queue(self) -> AnswerQueue:
        return self.pipeline.answer_queue

    @property
    def processes_answers(self) -> bool:
        return self.role == 'worker' or self.settings.embedded_worker

    async def start(self) -> None:
        await self.pipeline.start(embedded_worker=self.processes_answers)
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
        if self.leader is not None:
            await self.leader.close()

    async def leads(self) -> bool:
        """Whether this process runs the once-per-cluster jobs now (always, without a leader lock)."""
        return self.leader is None or await self.leader.holds()

    async def finish_scored_interviews(self) -> None:
        """On the claim queue nothing is recovered at start, so the leader finishes here what the
        in-process worker's recover() finishes at start: interviews whose answers are all processed
        but that have no result (their last worker died between the answer and the report)."""
        if not isinstance(self.pipeline.worker, ClaimingWorker):
            return
        with background_priority():
            pending = await run_in_session(finalize.finished_unscored)
        for interview_id in pending:
            await self.pipeline.worker.finalizer.finalize_if_ready(interview_id)

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
                if await self.leads():
                    await self.apply_retention()
            except Exception:
                log.exception('recording retention failed')
            await asyncio.sleep(RETENTION_INTERVAL_SECONDS)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_INTERVAL_SECONDS)
            try:
                if await self.leads():
                    await self.sweep_idle()
                    await self.finish_scored_interviews()
            except Exception:
                log.exception('idle sweep failed')


def build_runtime(settings: Settings, providers: Providers, *, role: str = 'web') -> Runtime:
    """`role` 'web' or 'worker'. On PostgreSQL answers go through the claim queue and housekeeping
    through the leader lock; a worker role or EMBEDDED_WORKER=false needs PostgreSQL."""
    postgres = settings.sqlalchemy_url.startswith('postgresql')
    if not postgres and (role == 'worker' or not settings.embedded_worker):
        raise ValueError('Separate answer workers (`main.py worker`, EMBEDDED_WORKER=false) need a PostgreSQL '
                         'DATABASE_URL: on SQLite the web process processes answers itself.')
    claims = {'database_url': settings.sqlalchemy_url, 'lease_seconds': settings.answer_lease_seconds,
              'poll_seconds': settings.answer_queue_poll_seconds} if postgres else None
    fallback: LLMProvider | None = None
    if providers.llm.name != 'offline':
        from app.providers.llm.offline.provider import OfflineLLM

        fallback = OfflineLLM()
    pipeline = build_pipeline(providers.llm, providers.tts, providers.stt, fallback_llm=fallback,
                              max_attempts=settings.answer_processing_attempts,
                              base_delay_seconds=settings.answer_retry_base_seconds,
                              concurrency=settings.answer_workers, claims=claims,
                              prestart_workers=settings.prestart_workers)
    processes_answers = role == 'worker' or settings.embedded_worker
    # Load only the models this role uses: a worker transcribes and scores, a web-only instance speaks.
    warm_up = ModelWarmUp(providers, pipeline.practice, stt=processes_answers, tts=role != 'worker')
    return Runtime(providers=providers, pipeline=pipeline, settings=settings, warm_up=warm_up, role=role,
                   leader=ClusterLeader(settings.sqlalchemy_url) if postgres else None)


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
