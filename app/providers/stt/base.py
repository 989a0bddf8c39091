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


class STTProvider(Protocol):
    name: str  # 'whisper' | 'sarvam'

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription: ...
