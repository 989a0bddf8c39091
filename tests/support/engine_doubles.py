"""Scripted providers for engine tests: deterministic, instant, and able to fail on cue.

The fake STT treats the uploaded bytes as the spoken words, so a test "says" an answer by
uploading its text.
"""

from __future__ import annotations

import asyncio
import io
import wave
from pathlib import Path

from app.providers.errors import ProviderError, ProviderTimeout
from app.providers.llm.base import (
    Evaluation,
    EvidenceItem,
    GeneratedQuestion,
    PlanItem,
    ReportInput,
    RubricPoint,
)
from app.providers.stt.base import Transcription
from app.providers.tts.base import SpeechAudio
from app.schemas import JobContext, ParsedResume

KEYWORDS = ['index', 'transaction', 'replication']


class ScriptedLLM:
    name = 'scripted'

    def __init__(self) -> None:
        self.fail_evaluations = 0  # fail this many evaluate() calls, then work
        self.fail_questions = 0
        self.evaluations = 0
        self.follow_up_text: str | None = 'Can you give a concrete example from your own work?'

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]:
        items = [PlanItem(type='warmup', focus='introduction')]
        skills = job.must_have_skills or ['General']
        while len(items) < count:
            items.append(PlanItem(type='technical', skill=skills[len(items) % len(skills)]))
        return items[:count]

    async def question(self, item: PlanItem, job: JobContext, resume: ParsedResume,
                       previous_questions: list[str]) -> GeneratedQuestion:
        if self.fail_questions:
            self.fail_questions -= 1
            raise ProviderTimeout(self.name)
        text = f'Question {len(previous_questions) + 1}: tell me about {item.skill or item.focus}.'
        return GeneratedQuestion(text=text, rubric=[RubricPoint(point=k) for k in KEYWORDS])

    async def evaluate(self, question: str, rubric: list[RubricPoint], transcript: str, *,
                       skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
        self.evaluations += 1
        if self.fail_evaluations:
            self.fail_evaluations -= 1
            raise ProviderError(self.name, 'upstream 503', retryable=True)
        matched = [p.point for p in rubric if p.point in transcript.lower()]
        score = 5.0 * len(matched) / len(rubric)
        return Evaluation(
            correctness=score, depth=score, clarity=score, relevance=score,
            evidence=[EvidenceItem(point=p, quote=p) for p in matched], matched_points=matched,
            missing_points=[p.point for p in rubric if p.point not in matched],
            comment=f'Covered {len(matched)} of {len(rubric)} points.', coverage=len(matched) / len(rubric))

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
        return self.follow_up_text

    async def report(self, data: ReportInput) -> str:
        return f'{data.candidate_name} scored {data.final_score} ({data.recommendation}).'


class ScriptedTTS:
    name = 'scripted-tts'
    speaks_on_server = True

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        buffer = io.BytesIO()
        with wave.open(buffer, 'wb') as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(16000)
            wav.writeframes(b'\0\0' * 1600)
        return SpeechAudio(data=buffer.getvalue(), mime='audio/wav', duration_seconds=0.1)


class TextSTT:
    name = 'text-stt'

    def __init__(self) -> None:
        self.fail = 0

    async def transcribe(self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None,
                         language: str = 'en') -> Transcription:
        if self.fail:
            self.fail -= 1
            raise ProviderTimeout(self.name)
        spoken = await asyncio.to_thread(audio.read_bytes)
        return Transcription(text=spoken.decode(), confidence=0.9, language='en', duration_seconds=3.0)
