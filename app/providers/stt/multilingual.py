"""Speech-to-text for interviews that are not in English: whisper base, told the interview's language.

English keeps tiny.en (faster, and better on English than base); every other language goes to the
multilingual base model that the install step joins from two wheels and verifies (data/models/
whisper-base.json). Decoding is pinned to the interview's language — auto-detection drifts to English on
accented or code-switched answers — and the language the answer was actually spoken in is detected on the
side, so an answer given in another language goes to a person instead of being scored as off-topic.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.languages import WHISPER_LANG, primary
from app.providers.audio import Pcm
from app.providers.embedding.model_files import REINSTALL_HINT, load_manifest, problems
from app.providers.errors import ProviderError
from app.providers.stt.base import STTProvider, Transcription
from app.providers.stt.whisper import WhisperSTT

log = logging.getLogger(__name__)

MODEL_NAME = 'whisper-base'
DETECTION_SECONDS = 30  # whisper detects the language from its first window


def bundled_multilingual_path() -> Path:
    return load_manifest(MODEL_NAME).directory


class MultilingualWhisperSTT(WhisperSTT):
    """WhisperSTT on a multilingual model, with the spoken language detected alongside the transcript."""

    name = 'whisper'

    def problem(self) -> str | None:
        path = Path(self.model_ref)
        if path == bundled_multilingual_path():
            wrong = problems(load_manifest(MODEL_NAME), path, check_hashes=False)
            if wrong:
                return f'multilingual whisper model: {"; ".join(wrong)}: {REINSTALL_HINT}'
        return super().problem()

    def transcribe_pcm(self, pcm: Pcm, hints: list[str] | None, language: str) -> Transcription:
        lang = WHISPER_LANG.get(primary(language))
        if lang is None:
            raise ProviderError(self.name, f'whisper cannot transcribe {language!r}')
        result = super().transcribe_pcm(pcm, hints, lang)
        if not result.text:
            return result
        spoken, probability = self._detect(pcm)
        return result.model_copy(update={'spoken_language': spoken, 'spoken_language_probability': probability})

    def _detect(self, pcm: Pcm) -> tuple[str | None, float | None]:
        model: Any = self._model.get()
        audio = pcm.as_float32()[: DETECTION_SECONDS * pcm.sample_rate]
        try:
            spoken, probability, _ = model.detect_language(audio=audio, vad_filter=True)
        except Exception as error:  # noqa: BLE001  (a check on the side: never lose the transcript over it)
            log.warning('language detection failed: %s', error)
            return None, None
        return str(spoken), round(float(probability), 3)


class LanguageRoutedSTT:
    """English answers to the English provider, every other language to the multilingual model.

    Everything that is not about routing (name, problem(), loaded, warm_up) is the English provider's,
    so health, metrics and start-up warm-up see the same provider as before.
    """

    def __init__(self, english: STTProvider, multilingual: MultilingualWhisperSTT) -> None:
        self.english = english
        self.multilingual = multilingual

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.english, attribute)

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription:
        if primary(language) == 'en':
            return await self.english.transcribe(audio, mime=mime, hints=hints, language=language)
        problem = self.multilingual.problem()
        if problem:
            raise ProviderError('whisper', problem)
        return await self.multilingual.transcribe(audio, mime=mime, hints=hints, language=language)
