"""The speech-to-text provider contract."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel


class Transcription(BaseModel):
    text: str  # '' for silence
    confidence: float | None = None  # 0–1, averaged over segments
    language: str | None = None
    duration_seconds: float = 0.0
    # The language the answer was spoken in, as the model heard it (multilingual models only), and how sure
    # it was: an answer in another language than the interview's goes to a person (app/services/interview).
    spoken_language: str | None = None
    spoken_language_probability: float | None = None


class STTProvider(Protocol):
    name: str  # 'whisper' | 'sarvam'

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription: ...
