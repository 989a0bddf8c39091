"""An engine + worker wired to scripted providers, for engine tests."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from app.services.interview.answers import AnswerUpload
from app.services.interview.processing import AnswerWorker
from app.services.interview.turns import InterviewEngine
from tests.support.engine_doubles import ScriptedLLM, ScriptedTTS, TextSTT


@dataclass
class Rig:
    llm: ScriptedLLM
    tts: ScriptedTTS
    stt: TextSTT
    engine: InterviewEngine
    worker: AnswerWorker

    async def settle(self) -> None:
        """Let background generation and answer processing finish (both can start each other)."""
        async with asyncio.timeout(30):
            while True:
                await self.worker.wait_idle()
                pending = [*self.engine._tasks, *self.engine._generating.values()]
                if not pending:
                    break
                await asyncio.wait(pending)


def build_rig(max_attempts: int = 3) -> Rig:
    llm, tts, stt = ScriptedLLM(), ScriptedTTS(), TextSTT()
    engine = InterviewEngine(llm, tts)
    worker = AnswerWorker(engine, llm, stt, max_attempts=max_attempts, base_delay_seconds=0.01, concurrency=2)
    engine.on_answer_recorded = worker.enqueue
    return Rig(llm, tts, stt, engine, worker)


def spoken(text: str, key: str | None = None) -> AnswerUpload:
    return AnswerUpload(data=text.encode(), mime='audio/webm;codecs=opus', upload_key=key or uuid.uuid4().hex,
                        duration_seconds=4.0)
