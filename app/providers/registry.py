"""Builds the LLM, TTS and STT providers chosen by settings, once per process.

`build_providers(settings)` checks the configuration first and raises ProviderConfigError with a
message that says exactly which setting is missing; `get_providers()` caches one instance per process.
Local models are not loaded here (that takes seconds): they load on first use, in the bounded pool.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from app.config import Settings, get_settings
from app.providers.instrumented import timed_llm, timed_stt, timed_tts
from app.providers.llm.base import LLMProvider
from app.providers.local_pool import configure_pool, threads_per_job
from app.providers.stt.base import STTProvider
from app.providers.tts.base import TTSProvider
from app.providers.tts.cache import AudioCache


class ProviderConfigError(RuntimeError):
    """The selected providers cannot work with the current settings (e.g. a missing API key)."""


@dataclass(frozen=True)
class ProviderStatus:
    kind: str  # 'llm' | 'tts' | 'stt'
    name: str
    ready: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {'kind': self.kind, 'name': self.name, 'ready': self.ready, 'detail': self.detail}


@dataclass
class Providers:
    llm: LLMProvider
    tts: TTSProvider
    stt: STTProvider
    settings: Settings

    def health(self) -> list[ProviderStatus]:
        """Cheap, offline status for GET /health: configuration and model files, no network calls."""
        return [_status('llm', self.llm, self.settings), _status('tts', self.tts, self.settings),
                _status('stt', self.stt, self.settings)]

    async def aclose(self) -> None:
        """Close HTTP clients opened on the current event loop (call at shutdown)."""
        for provider in (self.llm, self.tts, self.stt):
            close = getattr(provider, 'aclose', None)
            if close is not None:
                await close()


def configuration_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    if settings.llm_provider == 'gemini' and not settings.gemini_api_key:
        problems.append('LLM_PROVIDER=gemini needs GEMINI_API_KEY (or set LLM_PROVIDER=offline).')
    if settings.llm_provider == 'openai':
        if not settings.openai_base_url:
            problems.append('LLM_PROVIDER=openai needs OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama).')
        # A local server (Ollama, vLLM, LM Studio) usually has no key; OpenAI's own endpoint always needs one.
        elif 'api.openai.com' in settings.openai_base_url and not settings.openai_api_key:
            problems.append('LLM_PROVIDER=openai with api.openai.com needs OPENAI_API_KEY '
                            '(or point OPENAI_BASE_URL at a local server, or set LLM_PROVIDER=offline).')
    for kind, selected in (('TTS', settings.tts_provider), ('STT', settings.stt_provider)):
        if selected == 'sarvam' and not settings.sarvam_api_key:
            fallback = 'piper' if kind == 'TTS' else 'whisper'
            problems.append(f'{kind}_PROVIDER=sarvam needs SARVAM_API_KEY (or set {kind}_PROVIDER={fallback}).')
    return problems


def build_providers(settings: Settings) -> Providers:
    problems = configuration_problems(settings)
    if problems:
        raise ProviderConfigError('Provider settings are incomplete: ' + ' '.join(problems))
    configure_pool(settings.local_workers)
    # Timed: every call's duration and failures go to the Prometheus metrics (app.providers.instrumented).
    return Providers(llm=timed_llm(_build_llm(settings)), tts=timed_tts(_build_tts(settings)),
                     stt=timed_stt(_build_stt(settings)), settings=settings)


def _build_llm(settings: Settings) -> LLMProvider:
    if settings.llm_provider == 'gemini':
        from app.providers.llm.gemini import GeminiLLM

        return GeminiLLM(settings)
    if settings.llm_provider == 'openai':
        from app.providers.llm.openai_compat import OpenAICompatibleLLM

        return OpenAICompatibleLLM(settings)
    from app.providers.llm.offline.provider import OfflineLLM

    return OfflineLLM()


def _build_tts(settings: Settings) -> TTSProvider:
    cache = AudioCache(settings.tts_cache_dir, settings.tts_cache_memory_items)
    if settings.tts_provider == 'sarvam':
        from app.providers.tts.sarvam import SarvamTTS

        return SarvamTTS(settings, cache)
    if settings.tts_provider == 'browser':
        from app.providers.tts.browser import BrowserTTS

        return BrowserTTS()
    from app.providers.tts.by_language import LanguageRoutedTTS
    from app.providers.tts.espeak import EspeakTTS
    from app.providers.tts.piper import PiperTTS, resolve_voice_path

    piper = PiperTTS(resolve_voice_path(settings.piper_voice), cache, threads=threads_per_job(settings.local_workers))
    return LanguageRoutedTTS(piper, EspeakTTS(cache))


def _build_stt(settings: Settings) -> STTProvider:
    if settings.stt_provider == 'sarvam':
        from app.providers.stt.sarvam import SarvamSTT

        return SarvamSTT(settings)
    from app.providers.stt.multilingual import LanguageRoutedSTT, MultilingualWhisperSTT, bundled_multilingual_path
    from app.providers.stt.whisper import WhisperSTT, resolve_model

    options: dict[str, Any] = {'workers': settings.local_workers, 'threads': threads_per_job(settings.local_workers),
                               'beam_size': settings.whisper_beam_size, 'verify_terms': settings.stt_verify_terms}
    multilingual = settings.whisper_multilingual_model or str(bundled_multilingual_path())
    return LanguageRoutedSTT(WhisperSTT(resolve_model(settings.whisper_model), **options),
                             MultilingualWhisperSTT(multilingual, **options))


def _status(kind: str, provider: Any, settings: Settings) -> ProviderStatus:
    name = provider.name
    problem = provider.problem() if hasattr(provider, 'problem') else None
    if problem:
        return ProviderStatus(kind, name, False, problem)
    if hasattr(provider, 'loaded'):
        return ProviderStatus(kind, name, True, 'model loaded' if provider.loaded else 'model loads on first use')
    if name == 'offline':
        return ProviderStatus(kind, name, True, 'offline question bank and rubric scoring')
    if name == 'browser':
        return ProviderStatus(kind, name, True, "questions are spoken by the candidate's browser")
    endpoint = {'gemini': settings.gemini_base_url or 'Google default endpoint',
                'openai': settings.openai_base_url, 'sarvam': settings.sarvam_base_url}.get(name, '')
    model = {'gemini': settings.gemini_model, 'openai': settings.openai_model}.get(name, '')
    return ProviderStatus(kind, name, True, f'configured: {model + " at " if model else ""}{endpoint}')


_cached: Providers | None = None
_cached_lock = threading.Lock()


def get_providers() -> Providers:
    """The process-wide providers, built from get_settings() on first call."""
    global _cached
    with _cached_lock:
        if _cached is None:
            _cached = build_providers(get_settings())
        return _cached


def reset_providers() -> None:
    """Forget the cached providers (tests switch settings between cases)."""
    global _cached
    with _cached_lock:
        _cached = None
