"""Fake remote providers on 127.0.0.1 speaking the real wire formats (Gemini generateContent,
OpenAI chat completions, Sarvam text-to-speech / speech-to-text), with scripted faults and an
optional fixed latency. Use from tests (fixtures in tests/providers/conftest.py) or from scripts:

    from tests.support.fakes import start_fakes
    with start_fakes(latency_llm=1.5, latency_tts=0.4, latency_stt=0.6) as fakes:
        os.environ.update(fakes.env())   # GEMINI_BASE_URL, OPENAI_BASE_URL, SARVAM_BASE_URL, keys

or `python -m tests.support.fakes.serve --latency-llm 1.5 --latency-tts 0.4 --latency-stt 0.6`.
"""

from tests.support.fakes.gemini import FakeGemini
from tests.support.fakes.launcher import FakeServers, start_fakes
from tests.support.fakes.openai import FakeOpenAI
from tests.support.fakes.sarvam import FakeSarvam
from tests.support.fakes.server import FAULTS, FakeServer

__all__ = ['FAULTS', 'FakeGemini', 'FakeOpenAI', 'FakeSarvam', 'FakeServer', 'FakeServers', 'start_fakes']
