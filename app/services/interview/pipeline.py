"""The interview pipeline assembled: one place that wires the parts together (see __init__ for the map).

build_pipeline makes every part once and injects what each needs, so no part reaches for another
through a global or a callback: the candidate side gets the AnswerQueue, answer processing gets
the follow-up and finalize steps, and all of them share one InterviewLocks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from app.providers.llm.base import LLMProvider
from app.providers.stt.base import STTProvider
from app.providers.tts.base import TTSProvider
from app.services.interview.claiming import ClaimingWorker
from app.services.interview.finalize import Finalizer
from app.services.interview.follow_ups import FollowUps
from app.services.interview.interviewer import Interviewer
from app.services.interview.locks import InterviewLocks
from app.services.interview.practice import PracticeAudio
from app.services.interview.prestart import Preparations
from app.services.interview.processing import AnswerWorker
from app.services.interview.questions import QuestionSupply
from app.services.interview.queue import AnswerQueue
from app.services.interview.turns import InterviewEngine
from app.services.live.ask import LiveQuestions


@dataclass
class InterviewPipeline:
    engine: InterviewEngine  # the candidate's side: room, start, answer
    questions: QuestionSupply
    worker: AnswerWorker  # the in-process answer queue and its consumers
    practice: PracticeAudio  # the spoken practice question the room plays before question 1
    live: LiveQuestions  # HR's questions asked during a live interview
    preparations: Preparations  # plan and question 1 made while the candidate is in the room, before Start

    @property
    def answer_queue(self) -> AnswerQueue:
        return self.worker

    @property
    def evaluator(self) -> LLMProvider:
        """The LLM that scores answers (never the fallback): HR's "try an answer" uses it too."""
        return self.worker.llm

    async def start(self, *, embedded_worker: bool = True) -> None:
        """Start processing answers here; or, with embedded_worker=False (a PostgreSQL web instance whose
        answers `main.py worker` processes), only announce stored answers to the workers."""
        if embedded_worker:
            await self.worker.start()  # in-process: resumes answers left unprocessed by the previous run
        elif isinstance(self.worker, ClaimingWorker):
            await self.worker.start_sending()
        else:
            raise RuntimeError('a web instance without an embedded worker needs the PostgreSQL answer queue')

    async def stop(self) -> None:
        await self.worker.stop()
        await self.preparations.aclose()
        await self.questions.aclose()

    async def wait_idle(self) -> None:
        """Until no answer is queued, processed or waiting for a retry, and no question is being made.

        Processing can start a question (a follow-up) and serving can start nothing but questions,
        so both are checked again until one pass finds them idle together. Tests and benchmarks
        use this to wait for the background to settle.
        """
        while True:
            await self.preparations.wait_idle()
            await self.worker.wait_idle()
            await self.questions.wait_idle()
            await asyncio.sleep(0)  # let a just-finished task's callbacks run before looking again
            if self.preparations.idle and self.worker.idle and self.questions.idle:
                return


def build_pipeline(llm: LLMProvider, tts: TTSProvider, stt: STTProvider, *, fallback_llm: LLMProvider | None = None,
                   max_attempts: int, base_delay_seconds: float, concurrency: int,
                   claims: dict[str, Any] | None = None, prestart_workers: int = 32) -> InterviewPipeline:
    """`fallback_llm` takes over planning, question writing and the report when `llm` fails.
    `claims` (database_url, lease_seconds, poll_seconds) selects the PostgreSQL answer queue.
    `prestart_workers` interviews are prepared at once before their Start (0: none)."""
    locks = InterviewLocks()
    interviewer = Interviewer(llm, fallback_llm)
    questions = QuestionSupply(interviewer, tts, locks)
    parts = (llm, stt, FollowUps(llm, questions, locks), Finalizer(interviewer, locks))
    worker = (AnswerWorker(*parts, max_attempts=max_attempts, base_delay_seconds=base_delay_seconds,
                           concurrency=concurrency) if claims is None else
              ClaimingWorker(*parts, max_attempts=max_attempts, base_delay_seconds=base_delay_seconds,
                             concurrency=concurrency, **claims))
    preparations = Preparations(interviewer, questions, locks, workers=prestart_workers)
    engine = InterviewEngine(interviewer, questions, locks, queue=worker, preparations=preparations)
    return InterviewPipeline(engine=engine, questions=questions, worker=worker, practice=PracticeAudio(tts),
                             live=LiveQuestions(questions, locks), preparations=preparations)
