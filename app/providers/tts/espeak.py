"""Offline speech for the languages the bundled piper voice does not speak, with Debian's espeak-ng.

espeak-ng is GPL-3, so it is called as a separate program (never linked): `espeak-ng -v <voice>
--stdout` reads the text on stdin (never the command line: no length or quoting limits, no option
injection from a question) and writes a WAV. The voice is formant-synthesised — robotic next to piper, but
intelligible and instant, in 100+ languages. Runs in the bounded local pool like every other model call.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache

from app.languages import ESPEAK_VOICE, primary
from app.providers.audio import wav_duration
from app.providers.errors import ProviderError
from app.providers.local_pool import Priority, run_local_at
from app.providers.tts.base import SpeechAudio
from app.providers.tts.cache import AudioCache, cache_key

log = logging.getLogger(__name__)

PROGRAM = 'espeak-ng'
SYNTHESIS_TIMEOUT_SECONDS = 30  # a question is a few sentences: espeak-ng needs well under a second
WORDS_PER_MINUTE = 150  # espeak-ng's default of 175 is hard to follow in a second language


def espeak_path() -> str | None:
    return shutil.which(PROGRAM)


@lru_cache(maxsize=1)
def installed_voices() -> frozenset[str]:
    """The voice names `espeak-ng --voices` lists on this machine (empty when it is not installed)."""
    path = espeak_path()
    if path is None:
        return frozenset()
    try:
        listing = subprocess.run([path, '--voices'], capture_output=True, text=True, timeout=10,  # noqa: S603
                                 check=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning('espeak-ng is installed but cannot list its voices: %s', error)
        return frozenset()
    # Columns: Pty Language Age/Gender VoiceName File Other-languages; the second is the voice's language.
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


def voice_for(language: str) -> str | None:
    """The installed espeak-ng voice for an interview language, or None."""
    voice = ESPEAK_VOICE.get(primary(language))
    return voice if voice is not None and voice in installed_voices() else None


class EspeakTTS:
    name = 'espeak-ng'
    speaks_on_server = True

    def __init__(self, cache: AudioCache) -> None:
        self._cache = cache

    def problem(self) -> str | None:
        if espeak_path() is None:
            return 'espeak-ng is not installed (apt-get install espeak-ng); other languages use browser speech'
        return None

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        text = ' '.join(text.split())
        voice = voice_for(language)
        if not text or voice is None:
            return None  # the room reads the question with the browser's voice for that language
        key = cache_key(f'espeak-ng:{voice}', primary(language), text)
        data = await self._cache.aget(key)
        if data is None:
            data = await run_local_at(Priority.SPEAK, self._synthesize_wav, voice, text)
            await self._cache.aput(key, data)
        return SpeechAudio(data=data, mime='audio/wav', duration_seconds=wav_duration(data))

    def _synthesize_wav(self, voice: str, text: str) -> bytes:
        path = espeak_path()
        if path is None:
            raise ProviderError(self.name, 'espeak-ng is not installed')
        try:
            result = subprocess.run(  # noqa: S603  (fixed program and options; the text goes in on stdin)
                [path, '-v', voice, '-s', str(WORDS_PER_MINUTE), '--stdout'], input=text.encode('utf-8'),
                capture_output=True, timeout=SYNTHESIS_TIMEOUT_SECONDS, check=False, env={'LANG': 'C.UTF-8'})
        except subprocess.TimeoutExpired as error:
            raise ProviderError(self.name, f'espeak-ng took longer than {SYNTHESIS_TIMEOUT_SECONDS} s') from error
        if result.returncode != 0 or not result.stdout.startswith(b'RIFF'):
            detail = result.stderr.decode('utf-8', 'replace').strip()[-300:]
            raise ProviderError(self.name, f'espeak-ng failed (exit {result.returncode}): {detail}')
        return _fix_stream_header(result.stdout)


def _fix_stream_header(data: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back, so its RIFF and data sizes say 0x7fffffff; set them to
    the real sizes so players and wav_duration read the right length."""
    if len(data) < 44 or data[36:40] != b'data':
        return data
    fixed = bytearray(data)
    fixed[4:8] = (len(data) - 8).to_bytes(4, 'little')
    fixed[40:44] = (len(data) - 44).to_bytes(4, 'little')
    return bytes(fixed)
