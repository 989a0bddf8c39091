"""GET/PUT /api/v1/jobs/{id}/questions: HR sees the pool the planner draws from, edits, pins and excludes
questions and adds their own; interviews for the job honour it; other organizations get 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db import session_scope
from app.models import Job
from app.providers.llm.offline.provider import OfflineLLM
from app.services.interview.pipeline import build_pipeline
from tests.api.conftest import signup
from tests.support.engine_doubles import ScriptedTTS, TextSTT
from tests.support.engine_setup import Rig
from tests.support.factories import make_interview
from tests.support.runtime import installed

JOB = {'title': 'Backend Engineer', 'description': 'Python and PostgreSQL APIs.', 'question_count': 4,
       'must_have_skills': ['python', 'postgres'], 'nice_to_have_skills': ['docker']}
OWN = {'skill': 'PostgreSQL', 'difficulty': 'hard', 'pinned': True,
       'text': 'Two workers may post the same ledger entry at once. How do you make sure it is posted only once?',
       'rubric': ['Uses a unique constraint or an idempotency key', 'Explains the race between check and insert',
                  'Handles the conflict error and retries or returns the existing row']}


@pytest.fixture
def offline_rig(client: TestClient) -> Iterator[Rig]:
    llm, tts, stt = OfflineLLM(), ScriptedTTS(), TextSTT()
    pipeline = build_pipeline(llm, tts, stt, max_attempts=1, base_delay_seconds=0.01, concurrency=1)
    with installed(Rig(llm, tts, stt, pipeline)) as rig:
        yield rig


def _job(client: TestClient, headers: dict[str, str]) -> int:
    created = client.post('/api/v1/jobs', json=JOB, headers=headers)
    assert created.status_code == 201, created.text
    return int(created.json()['id'])


def _by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q['key']: q for q in body['questions']}


def test_hr_sees_the_pool_and_saves_edits_pins_exclusions_and_own_questions(client: TestClient) -> None:
    headers = signup(client)
    job_id = _job(client, headers)
    pool = client.get(f'/api/v1/jobs/{job_id}/questions', headers=headers)
    assert pool.status_code == 200, pool.text
    questions = pool.json()['questions']
    assert {q['skill'] for q in questions} == {'Python', 'PostgreSQL', 'Docker'}
    assert len(questions) >= 27 and not any(q['pinned'] or q['excluded'] or q['edited'] for q in questions)
    assert all(len(q['rubric']) >= 3 and q['rubric'][0]['synonyms'] for q in questions)

    gil = _by_key(pool.json())['python-hard-1']
    text = 'How does the GIL affect a CPU-bound thread pool in CPython, and what would you use instead?'
    points = [p['point'] for p in gil['rubric']][:3]
    edited = {**gil, 'text': text, 'rubric': [*points, 'Measures before choosing processes or threads'], 'pinned': True}
    unchanged = questions[9:14]  # PostgreSQL ones, sent back as they came: nothing stored for them
    body = [edited, {'bank_id': 'python-easy-1', 'excluded': True}, OWN, *unchanged]
    saved = client.put(f'/api/v1/jobs/{job_id}/questions', json={'questions': body}, headers=headers)
    assert saved.status_code == 200, saved.text
    after = _by_key(saved.json())
    assert after['python-hard-1']['pinned'] and after['python-hard-1']['edited']
    assert after['python-hard-1']['text'].startswith('How does the GIL affect')
    kept = after['python-hard-1']['rubric']
    assert kept[0]['synonyms'] == gil['rubric'][0]['synonyms']  # an unchanged point keeps its synonyms
    assert kept[3] == {'point': 'Measures before choosing processes or threads', 'synonyms': []}
    assert after['python-easy-1']['excluded'] and not after['python-easy-1']['edited']
    own = [q for q in saved.json()['questions'] if q['custom']]
    assert len(own) == 1 and own[0]['pinned'] and own[0]['key'].startswith('job-')

    # Saving the list back as GET returns it keeps HR's own question under the same key.
    again = client.put(f'/api/v1/jobs/{job_id}/questions', json={'questions': saved.json()['questions']},
                       headers=headers)
    assert again.status_code == 200 and [q['key'] for q in again.json()['questions'] if q['custom']] == [own[0]['key']]
    assert client.get(f'/api/v1/jobs/{job_id}/questions', headers=headers).json() == again.json()


def test_bad_question_edits_are_clear_422s_and_change_nothing(client: TestClient) -> None:
    headers = signup(client)
    job_id = _job(client, headers)
    before = client.get(f'/api/v1/jobs/{job_id}/questions', headers=headers).json()
    cases = [
        [{'bank_id': 'no-such-question', 'pinned': True}],
        [{'bank_id': 'python-easy-1', 'pinned': True, 'excluded': True}],
        [{**OWN, 'rubric': ['only one point', 'and two']}],
        [{**OWN, 'rubric': None}],
        [{**OWN, 'text': 'x' * 1001}],
        [{**OWN, 'rubric': ['a' * 301, 'b', 'c']}],
        [{'bank_id': 'python-easy-1', 'pinned': True}, {'bank_id': 'python-easy-1', 'excluded': True}],
        [{'bank_id': f'python-{d}-{n}', 'pinned': True} for d in ('easy', 'medium') for n in (1, 2, 3)],  # > 4 pins
    ]
    for questions in cases:
        response = client.put(f'/api/v1/jobs/{job_id}/questions', json={'questions': questions}, headers=headers)
        assert response.status_code == 422, (questions, response.text)
        assert response.json()['detail'], response.json()
    assert client.put(f'/api/v1/jobs/{job_id}/questions', json={}, headers=headers).status_code == 422
    assert client.get(f'/api/v1/jobs/{job_id}/questions', headers=headers).json() == before


def test_another_organization_gets_404(client: TestClient) -> None:
    owner = signup(client, 'owner@a.io', 'A')
    stranger = signup(client, 'stranger@b.io', 'B')
    job_id = _job(client, owner)
    assert client.get(f'/api/v1/jobs/{job_id}/questions', headers=stranger).status_code == 404
    put = client.put(f'/api/v1/jobs/{job_id}/questions', json={'questions': [OWN]}, headers=stranger)
    assert put.status_code == 404
    mine = client.get(f'/api/v1/jobs/{job_id}/questions', headers=owner).json()['questions']
    assert not any(q['custom'] for q in mine)
    assert client.get('/api/v1/jobs/999999/questions', headers=owner).status_code == 404
    assert client.get(f'/api/v1/jobs/{job_id}/questions').status_code == 401


def test_interviews_ask_the_pinned_question_and_never_an_excluded_one(client: TestClient,
                                                                      offline_rig: Rig) -> None:
    headers = signup(client)
    job_id = _job(client, headers)
    excluded = [f'postgresql-{d}-{n}' for d in ('easy', 'medium', 'hard') for n in (1, 2, 3)]
    questions = [OWN, *({'bank_id': key, 'excluded': True} for key in excluded)]
    assert client.put(f'/api/v1/jobs/{job_id}/questions', json={'questions': questions},
                      headers=headers).status_code == 200
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
    texts: list[str] = []
    for n in range(3):
        token = make_interview(job, resume={'skills': ['Python', 'PostgreSQL'], 'projects': []}).token
        started = client.post(f'/api/v1/interview/{token}/start')
        assert started.status_code == 200, started.text
        asked = [started.json()['question']['text']]
        for index in range(3):
            turn = client.post(f'/api/v1/interview/{token}/answers/{index}', content=b'an answer',
                               headers={'Content-Type': 'audio/webm', 'X-Upload-Key': f'key-{n}-{index}-upload',
                                        'X-Duration-Ms': '3000'})
            assert turn.status_code == 200, turn.text
            if turn.json()['next']:
                asked.append(turn.json()['next']['text'])
        assert OWN['text'] in asked, asked
        texts += asked
    pool = _by_key(client.get(f'/api/v1/jobs/{job_id}/questions', headers=headers).json())
    assert not {pool[key]['text'] for key in excluded} & set(texts)
