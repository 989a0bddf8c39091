"""Start all fake providers at once (tests, benchmarks, or `python -m tests.support.fakes.serve`)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.fakes.gemini import FakeGemini
from tests.support.fakes.openai import FakeOpenAI
from tests.support.fakes.sarvam import FakeSarvam

API_KEY = 'test-key'


@dataclass
class FakeServers:
    gemini: FakeGemini
    openai: FakeOpenAI
    sarvam: FakeSarvam

    @property
    def gemini_url(self) -> str:
        return self.gemini.url

    @property
    def openai_url(self) -> str:
        return f'{self.openai.url}/v1'

    @property
    def sarvam_url(self) -> str:
        return self.sarvam.url

    def env(self) -> dict[str, str]:
        """Settings (as environment variables) that point the app's providers at these fakes.
        Provider choice is left to the caller: set LLM_PROVIDER / TTS_PROVIDER / STT_PROVIDER too."""
        return {
            'GEMINI_BASE_URL': self.gemini_url, 'GEMINI_API_KEY': API_KEY,
            'OPENAI_BASE_URL': self.openai_url, 'OPENAI_API_KEY': API_KEY,
            'SARVAM_BASE_URL': self.sarvam_url, 'SARVAM_API_KEY': API_KEY,
        }

    def stop(self) -> None:
        for server in (self.gemini, self.openai, self.sarvam):
            server.stop()

    def __enter__(self) -> FakeServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_fakes(*, latency_llm: float = 0.0, latency_tts: float = 0.0, latency_stt: float = 0.0) -> FakeServers:
    servers = FakeServers(
        gemini=FakeGemini(latency=latency_llm, api_key=API_KEY),
        openai=FakeOpenAI(latency=latency_llm, api_key=API_KEY),
        sarvam=FakeSarvam(latency_tts=latency_tts, latency_stt=latency_stt, api_key=API_KEY),
    )
    for server in (servers.gemini, servers.openai, servers.sarvam):
        server.start()
    return servers
