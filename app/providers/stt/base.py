"""The speech-to-text provider contract."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field


class Transcription(BaseModel):
    text: str  # '' for silence
    confidence: float | None = None  # 0–1, averaged over segments
    language: str | None = None
    duration_seconds: float = 0.0
    # What the transcript-quality gate (app/transcript_quality.py) reads; None when a provider cannot tell.
    speech_detected: bool | None = None  # voice activity found in the (level-normalised) recording
    peak_dbfs: float | None = None  # loudest sample of the recording as uploaded
    avg_logprob: float | None = None  # whisper's mean token log-probability, weighted by segment length
    no_speech_prob: float | None = None  # whisper's "this is not speech", weighted by segment length
    # Skill terms the prompted decode wrote that the audio did not support (replaced by what was heard).
    rejected_terms: list[str] = Field(default_factory=list)
    # The language the answer was spoken in, as the model heard it (multilingual models only), and how sure
    # it was: an answer in another language than the interview's goes to a person (app/services/interview).
    spoken_language: str | None = None
    spoken_language_probability: float | None = None


class STTProvider(Protocol):
    name: str  # 'whisper' | 'sarvam'

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription: ...
