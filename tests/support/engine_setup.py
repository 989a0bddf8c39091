"""The interview pipeline wired to scripted providers, for tests that run interviews."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from app.services.interview.answers import AnswerUpload
from app.services.interview.pipeline import InterviewPipeline, build_pipeline
from app.services.interview.processing import AnswerWorker
from app.services.interview.turns import InterviewEngine
from tests.support.engine_doubles import ScriptedLLM, ScriptedTTS, TextSTT


@dataclass
class Rig:
    llm: ScriptedLLM
    tts: ScriptedTTS
    stt: TextSTT
    pipeline: InterviewPipeline

    @property
    def engine(self) -> InterviewEngine:
        return self.pipeline.engine

    @property
    def worker(self) -> AnswerWorker:
        return self.pipeline.worker

    async def wait_idle(self) -> None:
        """Until answer processing and question generation have both finished (30 s at most)."""
        async with asyncio.timeout(30):
            await self.pipeline.wait_idle()


def build_rig(max_attempts: int = 3, claims: dict[str, Any] | None = None) -> Rig:
    """Not started: `await rig.pipeline.start()` (or use tests.support.runtime.scripted_runtime).
    `claims` (database_url, lease_seconds, poll_seconds): the PostgreSQL claim queue instead of the
    in-process one."""
    llm, tts, stt = ScriptedLLM(), ScriptedTTS(), TextSTT()
    pipeline = build_pipeline(llm, tts, stt, max_attempts=max_attempts, base_delay_seconds=0.01, concurrency=2,
                              claims=claims)
    return Rig(llm, tts, stt, pipeline)


def spoken(text: str, key: str | None = None) -> AnswerUpload:
    return AnswerUpload(data=text.encode(), mime='audio/webm;codecs=opus', upload_key=key or uuid.uuid4().hex,
                        duration_seconds=4.0)
