"""Provider calls are timed and their failures counted by kind; the wrappers change nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from app.config import Settings
from app.providers.errors import ProviderError, ProviderTimeout
from app.providers.instrumented import TimedLLM, TimedSTT
from app.providers.llm.base import RubricPoint
from app.providers.registry import build_providers
from app.providers.retry import AttemptRateLimited, RetryPolicy, call_with_retries
from tests.support.engine_doubles import ScriptedLLM, TextSTT


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_llm_calls_are_timed_and_errors_counted_by_kind() -> None:
    llm = TimedLLM(ScriptedLLM())
    labels = {'kind': 'llm', 'provider': 'scripted', 'operation': 'evaluate'}
    calls = sample('panelist_provider_call_duration_seconds_count', **labels)
    errors = sample('panelist_provider_errors_total', kind='llm', provider='scripted', error='unavailable')
    result = await llm.evaluate('Q?', [RubricPoint(point='index')], 'an index helps')
    assert result.correctness == 5.0 and llm.name == 'scripted'
    llm.inner.fail_evaluations = 1
    with pytest.raises(ProviderError):
        await llm.evaluate('Q?', [RubricPoint(point='index')], 'an index helps')
    assert sample('panelist_provider_call_duration_seconds_count', **labels) == calls + 2
    assert sample('panelist_provider_call_duration_seconds_sum', **labels) > 0
    assert sample('panelist_provider_errors_total', kind='llm', provider='scripted', error='unavailable') == errors + 1


async def test_stt_timeouts_are_their_own_kind(tmp_path: Path) -> None:
    stt = TimedSTT(TextSTT())
    stt.inner.fail = 1
    audio = tmp_path / 'a.webm'
    audio.write_bytes(b'hello')
    before = sample('panelist_provider_errors_total', kind='stt', provider='text-stt', error='timeout')
    with pytest.raises(ProviderTimeout):
        await stt.transcribe(audio)
    assert (await stt.transcribe(audio)).text == 'hello'
    assert sample('panelist_provider_errors_total', kind='stt', provider='text-stt', error='timeout') == before + 1


def test_built_providers_are_timed_and_keep_their_face(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, llm_provider='offline', tts_provider='browser',
                        stt_provider='sarvam', sarvam_api_key='k', sarvam_base_url='http://127.0.0.1:9')
    providers = build_providers(settings)
    assert type(providers.llm).__name__ == 'TimedLLM' and type(providers.stt).__name__ == 'TimedSTT'
    assert (providers.llm.name, providers.tts.name, providers.stt.name) == ('offline', 'browser', 'sarvam')
    assert providers.tts.speaks_on_server is False
    assert [(s.kind, s.name, s.ready) for s in providers.health()] == [
        ('llm', 'offline', True), ('tts', 'browser', True), ('stt', 'sarvam', True)]


async def test_retried_attempts_are_counted_by_reason() -> None:
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise AttemptRateLimited('HTTP 429', retry_after=0)
        return 'ok'

    before = sample('panelist_provider_retries_total', provider='fakeapi', reason='rate_limited')
    assert await call_with_retries('fakeapi', flaky, RetryPolicy(max_retries=2, backoff_base_seconds=0)) == 'ok'
    assert sample('panelist_provider_retries_total', provider='fakeapi', reason='rate_limited') == before + 1
