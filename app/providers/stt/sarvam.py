"""Sarvam Saarika speech-to-text over REST: multipart POST /speech-to-text → {"transcript": ...}.

The synchronous endpoint takes at most 30 s of audio, while an answer may run for minutes, so the
answer is decoded locally (PyAV), split into pieces under that limit, and the pieces' transcripts
joined. Silence is detected locally too: no request is made for a muted microphone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.config import Settings
from app.providers.audio import AudioDecodeError, Pcm, decode_audio, is_silent
from app.providers.errors import ProviderError
from app.providers.local_pool import run_local
from app.providers.retry import AttemptInvalidOutput
from app.providers.sarvam_http import SarvamHttp, sarvam_language
from app.providers.stt.base import Transcription

PIECE_SECONDS = 25.0


def split_pcm(pcm: Pcm, seconds: float = PIECE_SECONDS) -> list[Pcm]:
    step = int(seconds * pcm.sample_rate)
    return [Pcm(pcm.samples[i:i + step], pcm.sample_rate) for i in range(0, len(pcm.samples), step)] or [pcm]


def parse_transcript(payload: dict[str, Any]) -> tuple[str, str | None]:
    transcript = payload.get('transcript')
    if not isinstance(transcript, str):
        raise AttemptInvalidOutput('response has no transcript')
    language = payload.get('language_code')
    return transcript.strip(), language if isinstance(language, str) else None


class SarvamSTT:
    name = 'sarvam'

    def __init__(self, settings: Settings) -> None:
        self._http = SarvamHttp(settings, 'sarvam-stt')
        self._model = settings.sarvam_stt_model
        self._silence_dbfs = settings.stt_silence_dbfs

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription:
        pcm, silent = await run_local(self._decode, audio)
        if silent:
            return Transcription(text='', duration_seconds=pcm.duration_seconds)
        # 'unknown' asks Saarika to detect the language when the interview's is not one it lists.
        code = sarvam_language(language) or 'unknown'
        texts: list[str] = []
        detected: str | None = None
        for piece in split_pcm(pcm):
            text, piece_language = await self._http.post(
                '/speech-to-text', parse_transcript,
                data={'model': self._model, 'language_code': code},
                files={'file': ('answer.wav', piece.to_wav(), 'audio/wav')},
            )
            if text:
                texts.append(text)
            detected = detected or piece_language
        return Transcription(
            text=' '.join(texts), confidence=None,  # Saarika reports no confidence
            language=(detected or code).split('-')[0], duration_seconds=round(pcm.duration_seconds, 3),
        )

    def _decode(self, audio: Path) -> tuple[Pcm, bool]:
        try:
            pcm = decode_audio(audio)
        except FileNotFoundError as error:
            raise ProviderError(self.name, f'audio file missing: {audio}') from error
        except AudioDecodeError as error:
            raise ProviderError(self.name, str(error)) from error
        return pcm, is_silent(pcm, self._silence_dbfs)

    async def aclose(self) -> None:
        await self._http.aclose()
