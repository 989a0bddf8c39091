"""Fixtures for provider tests: fake remote servers (started once), fast retry settings, and local
speech models loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.providers.tts.cache import AudioCache
from tests.support.fakes import FakeServers, start_fakes


@pytest.fixture(scope='session')
def fakes() -> Iterator[FakeServers]:
    servers = start_fakes()
    yield servers
    servers.stop()


@pytest.fixture
def fake(fakes: FakeServers) -> Iterator[FakeServers]:
    """The session's fake servers with no leftover scripted faults or recorded requests."""
    for server in (fakes.gemini, fakes.openai, fakes.sarvam):
        server.reset()
    yield fakes
    for server in (fakes.gemini, fakes.openai, fakes.sarvam):
        server.reset()


def fast_settings(fakes: FakeServers, tmp: Path, **overrides: Any) -> Settings:
    """Settings pointed at the fakes, with timeouts and backoff short enough for a quick suite."""
    values: dict[str, Any] = dict(
        data_dir=tmp,
        gemini_base_url=fakes.gemini_url, gemini_api_key='test-key',
        openai_base_url=fakes.openai_url, openai_api_key='test-key',
        sarvam_base_url=fakes.sarvam_url, sarvam_api_key='test-key',
        provider_timeout_seconds=0.5, provider_max_retries=2,
        provider_backoff_base_seconds=0.01, provider_backoff_max_seconds=0.05,
        provider_retry_after_max_seconds=0.2,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope='session')
def piper_tts(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from app.providers.tts.piper import PiperTTS, bundled_voice_path

    return PiperTTS(bundled_voice_path(), AudioCache(tmp_path_factory.mktemp('tts-cache'), 32))


@pytest.fixture(scope='session')
def whisper_stt() -> Any:
    from app.providers.stt.whisper import WhisperSTT, bundled_model_path

    return WhisperSTT(str(bundled_model_path()), workers=2, beam_size=5)
