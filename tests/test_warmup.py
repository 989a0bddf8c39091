"""Startup warm-up: the real local models (piper, whisper, the scorer's sentence model) load in the
background and /health's `models` component says when they are ready; a failure is reported, not fatal."""

from __future__ import annotations

import time

import pytest

from app.config import Settings
from app.providers.errors import ProviderError
from app.providers.registry import Providers, build_providers
from app.services.interview.practice import PracticeAudio
from app.warmup import ModelWarmUp
from tests.support.engine_doubles import ScriptedLLM, TextSTT


async def test_local_models_warm_up_and_report_ready(tmp_path: pytest.TempPathFactory) -> None:
    providers = build_providers(Settings(data_dir=tmp_path))  # the defaults: offline, piper, whisper
    practice = PracticeAudio(providers.tts)
    warm = ModelWarmUp(providers, practice)
    assert set(warm.state) == {'tts:piper', 'stt:whisper', 'scoring:sentence-model', 'practice-question'}
    assert warm.health() == {'ok': True, 'ready': False, 'models': dict.fromkeys(warm.state, 'pending'),
                             'seconds': {}}
    await warm.run()
    health = warm.health()
    assert health['ok'] and health['ready'] and set(health['seconds']) == set(warm.state)
    assert providers.tts.loaded and providers.stt.loaded
    started = time.perf_counter()
    audio = await practice.audio()  # synthesized during the warm-up: served from memory now
    assert audio is not None and audio.duration_seconds > 3 and time.perf_counter() - started < 0.05


class BrokenVoice:
    name = 'piper'
    speaks_on_server = True

    async def warm_up(self) -> None:
        raise ProviderError('piper', 'cannot load voice /missing.onnx')

    async def synthesize(self, text: str, language: str = 'en') -> None:
        raise ProviderError('piper', 'cannot load voice /missing.onnx')


async def test_a_failed_model_is_reported_and_the_rest_still_load(tmp_path: pytest.TempPathFactory) -> None:
    providers = Providers(llm=ScriptedLLM(), tts=BrokenVoice(), stt=TextSTT(), settings=Settings(data_dir=tmp_path))
    practice = PracticeAudio(providers.tts)
    warm = ModelWarmUp(providers, practice)
    await warm.run()
    health = warm.health()
    assert not health['ok'] and not health['ready']
    assert health['models']['tts:piper'].startswith('failed: ') and 'missing.onnx' in health['models']['tts:piper']
    assert health['models']['practice-question'] == 'ready'  # no audio: the browser speaks the text instead
    assert await practice.audio() is None
