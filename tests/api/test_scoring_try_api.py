"""POST /api/v1/scoring/try: HR scores a typed answer with the pipeline's own evaluator, as an interview
answer would be scored; HR only, bodies limited, clear 422s, a failing remote scorer is a 503."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.providers.llm.offline.provider import OfflineLLM
from app.schemas import RubricPoint
from app.services.interview.pipeline import build_pipeline
from tests.api.conftest import signup
from tests.support.engine_doubles import ScriptedTTS, TextSTT
from tests.support.engine_setup import Rig, build_rig
from tests.support.runtime import installed

QUESTION = 'What is an index in PostgreSQL, and what does it cost to add one?'
RUBRIC = ['An index speeds up lookups by avoiding a full table scan',
          'Every insert and update must also update the index, so writes get slower',
          'An index takes extra disk space',
          'Check the query plan with EXPLAIN to see whether the index is used']
EXPERT = ('An index is a separate B-tree that lets PostgreSQL find matching rows without scanning the whole table. '
          'The cost is on writes: every insert or update has to maintain the index too, and it uses disk space. '
          'Before adding one I run EXPLAIN ANALYZE to confirm the planner would actually use it.')
WEAK = 'An index is something in the database. It is useful sometimes, I think, for things.'


@pytest.fixture
def offline_rig(client: TestClient) -> Iterator[Rig]:
    llm, tts, stt = OfflineLLM(), ScriptedTTS(), TextSTT()
    with installed(Rig(llm, tts, stt, build_pipeline(llm, tts, stt, max_attempts=1, base_delay_seconds=0.01,
                                                     concurrency=1))) as rig:
        yield rig


def _try(client: TestClient, headers: dict[str, str], answer: str, **extra: object):
    return client.post('/api/v1/scoring/try', json={'question': QUESTION, 'rubric': RUBRIC, 'answer': answer,
                                                     **extra}, headers=headers)


async def test_scores_like_an_interview_answer(client: TestClient, offline_rig: Rig) -> None:
    headers = signup(client)
    expert = _try(client, headers, EXPERT)
    assert expert.status_code == 200, expert.text
    body = expert.json()
    direct = await OfflineLLM().evaluate(QUESTION, [RubricPoint(point=p) for p in RUBRIC], EXPERT)
    assert {k: body[k] for k in ('correctness', 'depth', 'clarity', 'relevance', 'comment')} == \
        {k: getattr(direct, k) for k in ('correctness', 'depth', 'clarity', 'relevance', 'comment')}
    assert body['scorer'] == 'offline' and body['evidence']
    assert all(item['quote'] in EXPERT and item['point'] in RUBRIC for item in body['evidence'])
    weak = _try(client, headers, WEAK).json()
    assert body['score'] > weak['score'] + 20 and weak['missing_points']
    assert _try(client, headers, EXPERT).json() == body  # deterministic


def test_bad_requests_are_clear_422s(client: TestClient, offline_rig: Rig) -> None:
    headers = signup(client)
    cases = [
        ({'rubric': RUBRIC, 'answer': EXPERT}, 'question'),
        ({'question': QUESTION, 'rubric': [], 'answer': EXPERT}, 'rubric'),
        ({'question': QUESTION, 'rubric': RUBRIC * 2, 'answer': EXPERT}, 'rubric'),
        ({'question': QUESTION, 'rubric': ['   '], 'answer': EXPERT}, 'rubric'),
        ({'question': QUESTION, 'rubric': RUBRIC, 'answer': '  '}, 'answer'),
        ({'question': QUESTION, 'rubric': RUBRIC, 'answer': 'x' * 5001}, 'answer'),
        ({'question': 'x' * 1001, 'rubric': RUBRIC, 'answer': EXPERT}, 'question'),
        ({'question': QUESTION, 'rubric': 'not a list', 'answer': EXPERT}, 'rubric'),
    ]
    for body, field in cases:
        response = client.post('/api/v1/scoring/try', json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert any(name.startswith(field) for name in response.json()['fields']), response.json()
    garbled = client.post('/api/v1/scoring/try', content=b'{not json', headers={**headers,
                                                                                 'Content-Type': 'application/json'})
    assert garbled.status_code == 422
    huge = client.post('/api/v1/scoring/try', content=b'{"answer": "' + b'x' * 70_000 + b'"}',
                       headers={**headers, 'Content-Type': 'application/json'})
    assert huge.status_code == 413 and 'at most 5000 characters' in huge.json()['detail']


def test_only_hr_can_try(client: TestClient, offline_rig: Rig) -> None:
    response = client.post('/api/v1/scoring/try', json={'question': QUESTION, 'rubric': RUBRIC, 'answer': EXPERT})
    assert response.status_code == 401


def test_a_failing_remote_scorer_is_a_503_not_a_500(client: TestClient) -> None:
    headers = signup(client)
    with installed(build_rig()) as rig:
        rig.llm.fail_evaluations = 1
        failed = _try(client, headers, EXPERT)
        assert failed.status_code == 503 and 'Try again' in failed.json()['detail']
        assert _try(client, headers, 'an index speeds lookups').status_code == 200
