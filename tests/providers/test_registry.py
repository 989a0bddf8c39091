"""Choosing providers from settings, the startup error for missing keys, and the health summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.providers.registry import ProviderConfigError, build_providers, get_providers, reset_providers


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)


def test_defaults_are_fully_offline(tmp_path: Path) -> None:
    providers = build_providers(settings(tmp_path))
    assert (providers.llm.name, providers.tts.name, providers.stt.name) == ('offline', 'piper', 'whisper')
    health = {s.kind: s for s in providers.health()}
    assert all(s.ready for s in health.values())
    assert health['stt'].detail in ('model loads on first use', 'model loaded')
    assert providers.tts.speaks_on_server


def test_remote_choices(tmp_path: Path) -> None:
    providers = build_providers(settings(
        tmp_path, llm_provider='gemini', gemini_api_key='k', tts_provider='sarvam', stt_provider='sarvam',
        sarvam_api_key='k'))
    assert (providers.llm.name, providers.tts.name, providers.stt.name) == ('gemini', 'sarvam', 'sarvam')
    assert all(s.ready for s in providers.health())
    browser = build_providers(settings(tmp_path, tts_provider='browser'))
    assert browser.tts.name == 'browser' and not browser.tts.speaks_on_server


@pytest.mark.parametrize(('values', 'expected'), [
    ({'llm_provider': 'gemini'}, 'GEMINI_API_KEY'),
    ({'llm_provider': 'openai'}, 'OPENAI_API_KEY'),
    ({'tts_provider': 'sarvam'}, 'SARVAM_API_KEY'),
    ({'stt_provider': 'sarvam'}, 'STT_PROVIDER=whisper'),
])
def test_missing_key_is_a_clear_startup_error(tmp_path: Path, values: dict[str, str], expected: str) -> None:
    with pytest.raises(ProviderConfigError) as caught:
        build_providers(settings(tmp_path, **values))
    assert expected in str(caught.value)


def test_local_openai_compatible_server_needs_no_key(tmp_path: Path) -> None:
    providers = build_providers(settings(tmp_path, llm_provider='openai', openai_base_url='http://localhost:11434/v1'))
    assert providers.llm.name == 'openai'


def test_missing_local_model_shows_in_health(tmp_path: Path) -> None:
    providers = build_providers(settings(tmp_path, whisper_model=str(tmp_path / 'nowhere'),
                                         piper_voice=str(tmp_path / 'voice.onnx')))
    health = {s.kind: s for s in providers.health()}
    assert not health['stt'].ready and 'not found' in health['stt'].detail
    assert not health['tts'].ready and 'not found' in health['tts'].detail
    assert health['llm'].as_dict() == {'kind': 'llm', 'name': 'offline', 'ready': True,
                                       'detail': 'offline question bank and rubric scoring'}


def test_providers_are_built_once_per_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from app.config import reset_settings

    monkeypatch.setenv('DATA_DIR', str(tmp_path))
    reset_settings()
    reset_providers()
    try:
        assert get_providers() is get_providers()
    finally:
        reset_providers()
        reset_settings()
