"""No server-side speech: the interview room reads the question with the browser's speech synthesis."""

from __future__ import annotations

from app.providers.tts.base import SpeechAudio


class BrowserTTS:
    name = 'browser'
    speaks_on_server = False

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        return None
