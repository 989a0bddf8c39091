"""Fake remote providers on 127.0.0.1 speaking the real wire formats (Gemini generateContent,
OpenAI chat completions, Sarvam text-to-speech / speech-to-text), with scripted faults and an
optional fixed latency. Use from tests (fixtures in tests/providers/conftest.py) or from scripts:

    from tests.fakes import start_fakes
    with start_fakes(latency_llm=1.5, latency_tts=0.4, latency_stt=0.6) as fakes:
        os.environ.update(fakes.env())   # GEMINI_BASE_URL, OPENAI_BASE_URL, SARVAM_BASE_URL, keys

or `python -m tests.fakes.serve --latency-llm 1.5 --latency-tts 0.4 --latency-stt 0.6`.
"""

from tests.fakes.gemini import FakeGemini
from tests.fakes.launcher import FakeServers, start_fakes
from tests.fakes.openai import FakeOpenAI
from tests.fakes.sarvam import FakeSarvam
from tests.fakes.server import FAULTS, FakeServer

__all__ = ['FAULTS', 'FakeGemini', 'FakeOpenAI', 'FakeSarvam', 'FakeServer', 'FakeServers', 'start_fakes']
