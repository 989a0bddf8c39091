"""Speech in the interview's language: the English voice for English, espeak-ng for the rest.

The bundled piper voice speaks English only. For other languages espeak-ng (when installed) speaks on the
server; without it `synthesize` returns None and the room reads the question with the browser's voice for
that language, as before. Everything that is not about routing (name, problem(), loaded, warm_up,
voice_path) is the English provider's, so health, metrics and warm-up see the same provider as before.
"""

from __future__ import annotations

from typing import Any

from app.languages import primary
from app.providers.tts.base import SpeechAudio, TTSProvider
from app.providers.tts.espeak import EspeakTTS


class LanguageRoutedTTS:
    def __init__(self, english: TTSProvider, others: EspeakTTS) -> None:
        self.english = english
        self.others = others

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.english, attribute)

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        if primary(language) == 'en':
            return await self.english.synthesize(text, language)
        return await self.others.synthesize(text, language)
