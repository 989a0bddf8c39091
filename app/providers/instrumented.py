"""Timing and error counting around every LLM, TTS and STT call, by provider (Prometheus metrics).

build_providers wraps each provider in one of these; everything else about the provider (name,
health, aclose, model state) is passed through, so the rest of the app does not know the difference.
A call's duration includes its retries, queueing for a local model and cache hits: it is the wait
the interview experiences.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from app.monitoring.metrics import PROVIDER_DURATION, PROVIDER_ERRORS
from app.providers.errors import ProviderError, ProviderInvalidOutput, ProviderRateLimited, ProviderTimeout
from app.providers.llm.base import (
    Evaluation,
    GeneratedQuestion,
    LLMProvider,
    PlanItem,
    ReportInput,
    RubricPoint,
)
from app.providers.stt.base import STTProvider, Transcription
from app.providers.tts.base import SpeechAudio, TTSProvider
from app.schemas import JobContext, ParsedResume


def error_kind(exc: BaseException) -> str:
    """A short, bounded label for a failed call."""
    if isinstance(exc, ProviderTimeout):
        return 'timeout'
    if isinstance(exc, ProviderRateLimited):
        return 'rate_limited'
    if isinstance(exc, ProviderInvalidOutput):
        return 'invalid_output'
    if isinstance(exc, ProviderError):
        return 'unavailable' if exc.retryable else 'rejected'
    return 'unexpected'


class _Timed:
    kind = ''

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name: str = inner.name

    def __getattr__(self, attribute: str) -> Any:
        # Only reached for attributes this class lacks: health checks, model state, aclose, ...
        if attribute == 'inner':
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)

    @asynccontextmanager
    async def _observe(self, operation: str) -> AsyncIterator[None]:
        started = time.perf_counter()
        try:
            yield
        except BaseException as exc:
            if isinstance(exc, Exception):
                PROVIDER_ERRORS.labels(self.kind, self.name, error_kind(exc)).inc()
            raise
        finally:
            PROVIDER_DURATION.labels(self.kind, self.name, operation).observe(time.perf_counter() - started)


class TimedLLM(_Timed):
    kind = 'llm'

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]:
        async with self._observe('plan'):
            return await self.inner.plan(job, resume, count, seed=seed)

    async def question(self, item: PlanItem, job: JobContext, resume: ParsedResume,
                       previous_questions: list[str]) -> GeneratedQuestion:
        async with self._observe('question'):
            return await self.inner.question(item, job, resume, previous_questions)

    async def evaluate(self, question: str, rubric: list[RubricPoint], transcript: str, *,
                       skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
        async with self._observe('evaluate'):
            return await self.inner.evaluate(
                question, rubric, transcript, skill=skill, duration_seconds=duration_seconds)

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
        async with self._observe('follow_up'):
            return await self.inner.follow_up(question, rubric, transcript)

    async def report(self, data: ReportInput) -> str:
        async with self._observe('report'):
            return await self.inner.report(data)


class TimedTTS(_Timed):
    kind = 'tts'

    def __init__(self, inner: Any) -> None:
        super().__init__(inner)
        self.speaks_on_server: bool = inner.speaks_on_server

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        async with self._observe('synthesize'):
            return await self.inner.synthesize(text, language)


class TimedSTT(_Timed):
    kind = 'stt'

    async def transcribe(self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None,
                         language: str = 'en') -> Transcription:
        async with self._observe('transcribe'):
            return await self.inner.transcribe(
                audio, mime=mime, hints=hints, language=language)


def timed_llm(provider: LLMProvider) -> LLMProvider:
    return TimedLLM(provider)


def timed_tts(provider: TTSProvider) -> TTSProvider:
    return TimedTTS(provider)


def timed_stt(provider: STTProvider) -> STTProvider:
    return TimedSTT(provider)
