"""The text-to-speech provider contract."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class SpeechAudio(BaseModel):
    data: bytes
    mime: str  # e.g. 'audio/wav'
    duration_seconds: float


class TTSProvider(Protocol):
    name: str  # 'piper' | 'sarvam' | 'browser'
    # False for 'browser': the server returns no audio and the interview room speaks the text itself.
    speaks_on_server: bool

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None: ...
