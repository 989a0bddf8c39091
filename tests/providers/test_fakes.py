"""The fake providers themselves: usable from scripts, valid answers in latency mode."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import httpx

from app.providers.audio import wav_duration
from app.providers.llm.prompts import build_prompt
from app.providers.llm.wire import WireEvaluation, WirePlan, WireQuestion
from app.providers.tts.cache import AudioCache
from tests.support.fakes import FakeGemini, FakeOpenAI, FakeSarvam, start_fakes

ROOT = Path(__file__).resolve().parents[2]
EVALUATE = build_prompt('evaluate', {
    'question': 'What is an index?', 'skill': 'PostgreSQL', 'duration_seconds': 12.0,
    'rubric': [{'point': 'Speeds up lookups', 'synonyms': ['b-tree']}, {'point': 'Slows writes', 'synonyms': []},
               {'point': 'Check EXPLAIN', 'synonyms': ['query plan']}],
    'transcript': 'An index is a b-tree. I check the query plan.'})
QUESTION = build_prompt('question', {
    'item': {'type': 'technical', 'skill': 'Kubernetes', 'difficulty': 'medium', 'focus': ''},
    'job': {'title': 'SRE', 'must_have_skills': ['Kubernetes']}, 'resume': {}, 'previous_questions': []})
PLAN = build_prompt('plan', {'job': {'title': 'SRE'}, 'resume': {}, 'skeleton': [
    {'type': 'warmup', 'skill': None, 'difficulty': 'easy', 'focus': 'introduction'},
    {'type': 'technical', 'skill': 'Kubernetes', 'difficulty': 'medium', 'focus': ''}]})


def test_latency_mode_answers_valid_content() -> None:
    with FakeOpenAI(latency=0.05) as openai, FakeGemini(latency=0.05) as gemini:
        for prompt, model in ((EVALUATE, WireEvaluation), (QUESTION, WireQuestion), (PLAN, WirePlan)):
            reply = httpx.post(f'{openai.url}/v1/chat/completions', headers={'Authorization': 'Bearer test-key'},
                               json={'model': 'm', 'response_format': {'type': 'json_object'},
                                     'messages': [{'role': 'user', 'content': prompt.user}]})
            assert reply.status_code == 200 and reply.elapsed.total_seconds() >= 0.05  # the latency is applied
            from_openai = model.model_validate_json(reply.json()['choices'][0]['message']['content'])
            reply = httpx.post(f'{gemini.url}/v1beta/models/g:generateContent', headers={'x-goog-api-key': 'test-key'},
                               json={'contents': [{'role': 'user', 'parts': [{'text': prompt.user}]}],
                                     'generationConfig': {'responseMimeType': 'application/json'}})
            assert reply.status_code == 200 and reply.elapsed.total_seconds() >= 0.05
            from_gemini = model.model_validate_json(reply.json()['candidates'][0]['content']['parts'][0]['text'])
            assert from_openai == from_gemini  # both fakes answer from the same offline engine
            if isinstance(from_openai, WirePlan):  # the plan follows the skeleton it was given
                assert [(i.type, i.skill) for i in from_openai.items] == [('warmup', None), ('technical', 'Kubernetes')]


def test_sarvam_fake_speaks_base64_wav_with_latency() -> None:
    with FakeSarvam(latency_tts=0.05, latency_stt=0.05) as sarvam:
        reply = httpx.post(f'{sarvam.url}/text-to-speech', headers={'api-subscription-key': 'test-key'},
                           json={'text': 'Hello there, welcome.', 'target_language_code': 'en-IN'})
        audio = base64.b64decode(reply.json()['audios'][0])
        assert wav_duration(audio) > 0.5


def test_launcher_env_points_settings_at_the_fakes() -> None:
    with start_fakes() as fakes:
        env = fakes.env()
        assert env['OPENAI_BASE_URL'].endswith('/v1') and env['GEMINI_BASE_URL'].startswith('http://127.0.0.1:')
        assert env['SARVAM_API_KEY'] == env['GEMINI_API_KEY'] == 'test-key'


def test_serve_script_prints_urls_and_serves_until_stopped() -> None:
    process = subprocess.Popen([sys.executable, '-m', 'tests.support.fakes.serve', '--latency-llm', '0.01'],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        reply = httpx.post(f'{info["openai_url"]}/chat/completions', headers={'Authorization': 'Bearer test-key'},
                           json={'model': 'm', 'response_format': {'type': 'json_object'},
                                 'messages': [{'role': 'user', 'content': EVALUATE.user}]}, timeout=10)
        assert reply.status_code == 200
        assert set(info['env']) >= {'GEMINI_BASE_URL', 'OPENAI_BASE_URL', 'SARVAM_BASE_URL'}
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_audio_cache_survives_a_restart(tmp_path: Path) -> None:
    first = AudioCache(tmp_path, memory_items=4)
    await first.aput('k', b'RIFF-data')
    restarted = AudioCache(tmp_path, memory_items=4)
    assert await restarted.aget('k') == b'RIFF-data'
    assert await restarted.aget('missing') is None
