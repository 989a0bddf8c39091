"""Sarvam Bulbul text-to-speech over REST: POST /text-to-speech → {"audios": [base64 WAV]}."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from app.config import Settings
from app.providers.audio import join_wavs, wav_duration
from app.providers.retry import AttemptInvalidOutput
from app.providers.sarvam_http import SarvamHttp, sarvam_language
from app.providers.tts.base import SpeechAudio
from app.providers.tts.cache import AudioCache, cache_key

MAX_CHARS = 1500  # bulbul:v2's per-request limit (v3 allows more; the smaller bound is safe for both)


def split_text(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Sentence-sized pieces under `limit` characters (a word longer than that is cut)."""
    pieces: list[str] = []
    current = ''
    for sentence in re.split(r'(?<=[.!?])\s+', text):
        while len(sentence) > limit:
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f'{current} {sentence}'.strip()
    if current:
        pieces.append(current)
    return pieces


class SarvamTTS:
    name = 'sarvam'
    speaks_on_server = True

    def __init__(self, settings: Settings, cache: AudioCache) -> None:
        self._http = SarvamHttp(settings, 'sarvam-tts')
        self._model = settings.sarvam_tts_model
        self._speaker = settings.sarvam_tts_speaker
        self._cache = cache

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        text = ' '.join(text.split())
        code = sarvam_language(language)
        if not text or code is None:
            return None  # nothing to say, or a language Bulbul lacks: the browser speaks instead
        key = cache_key(f'sarvam:{self._model}:{self._speaker}', code, text)
        data = await self._cache.aget(key)
        if data is None:
            data = join_wavs([await self._synthesize_piece(piece, code) for piece in split_text(text)])
            await self._cache.aput(key, data)
        return SpeechAudio(data=data, mime='audio/wav', duration_seconds=wav_duration(data))

    async def _synthesize_piece(self, text: str, code: str) -> bytes:
        body = {
            'text': text,
            'target_language_code': code,
            'speaker': self._speaker,
            'model': self._model,
        }
        return await self._http.post('/text-to-speech', parse_audio, json_body=body)

    async def aclose(self) -> None:
        await self._http.aclose()


def parse_audio(payload: dict[str, Any]) -> bytes:
    """The WAV inside a TTS response; a 200 without usable audio is retried like any invalid output."""
    audios = payload.get('audios')
    if not isinstance(audios, list) or not audios or not all(isinstance(a, str) and a for a in audios):
        raise AttemptInvalidOutput('response has no audio')
    try:
        parts = [base64.b64decode(a, validate=True) for a in audios]
        for part in parts:
            wav_duration(part)
        return join_wavs(parts)
    except (binascii.Error, ValueError) as error:  # AudioDecodeError is a ValueError
        raise AttemptInvalidOutput('audio is not base64-encoded WAV') from error
