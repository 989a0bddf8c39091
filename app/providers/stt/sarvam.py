"""Sarvam Saarika speech-to-text over REST: multipart POST /speech-to-text → {"transcript": ...}.

The synchronous endpoint takes at most 30 s of audio and reads the browser's formats (webm, ogg,
mp4, wav) itself. A short answer is sent as recorded, after a cheap duration probe: decoding every
answer locally cost ~40 ms of CPU each, a third of the server's CPU at 100 concurrent interviews.
A longer answer is decoded (PyAV), checked for silence (no request for a muted microphone), split
into pieces under the limit, and the pieces' transcripts joined.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from app.config import Settings
from app.media import audio_extension, base_mime
from app.providers.audio import MAX_DECODE_SECONDS, Pcm, decode_audio, peak_dbfs, probe_duration, reading_audio
from app.providers.local_pool import Priority, run_local_at
from app.providers.retry import AttemptInvalidOutput
from app.providers.sarvam_http import SarvamHttp, sarvam_language
from app.providers.stt.base import Transcription
from app.providers.voice import has_speech

PIECE_SECONDS = 25.0
DIRECT_SECONDS = 28.0  # under the REST limit of 30 s, with room for container overhead


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

    async def transcribe(
        self, audio: Path, *, mime: str | None = None, hints: list[str] | None = None, language: str = 'en',
    ) -> Transcription:
        # 'unknown' asks Saarika to detect the language when the interview's is not one it lists.
        code = sarvam_language(language) or 'unknown'
        kind = base_mime(mime or '')
        extension = audio_extension(kind)  # the formats answers are accepted in, all of which Saarika reads
        if extension is not None:
            duration = await run_local_at(Priority.BACKGROUND, self._probe, audio, mime)
            if duration <= DIRECT_SECONDS:
                data = await asyncio.to_thread(audio.read_bytes)
                text, detected = await self._send(code, (f'answer.{extension}', data, kind))
                return self._result([text], detected, code, duration)
        pcm, silent = await run_local_at(Priority.BACKGROUND, self._decode, audio, mime)
        if silent:
            return Transcription(text='', duration_seconds=pcm.duration_seconds, speech_detected=False,
                                 peak_dbfs=peak_dbfs(pcm))
        texts: list[str] = []
        detected = None
        for piece in split_pcm(pcm):
            text, piece_language = await self._send(code, ('answer.wav', piece.to_wav(), 'audio/wav'))
            texts.append(text)
            detected = detected or piece_language
        return self._result(texts, detected, code, pcm.duration_seconds)

    async def _send(self, code: str, file: tuple[str, bytes, str]) -> tuple[str, str | None]:
        result: tuple[str, str | None] = await self._http.post(
            '/speech-to-text', parse_transcript, data={'model': self._model, 'language_code': code},
            files={'file': file})
        return result

    @staticmethod
    def _result(texts: list[str], detected: str | None, code: str, duration: float) -> Transcription:
        return Transcription(
            text=' '.join(t for t in texts if t), confidence=None,  # Saarika reports no confidence
            language=(detected or code).split('-')[0], duration_seconds=round(duration, 3),
        )

    def _probe(self, audio: Path, mime: str | None) -> float:
        with reading_audio(self.name, audio):
            return probe_duration(audio, mime)

    def _decode(self, audio: Path, mime: str | None) -> tuple[Pcm, bool]:
        with reading_audio(self.name, audio):
            pcm = decode_audio(audio, mime=mime, max_seconds=MAX_DECODE_SECONDS)
        return pcm, not has_speech(pcm)

    async def aclose(self) -> None:
        await self._http.aclose()
