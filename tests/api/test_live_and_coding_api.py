"""The coding endpoints (candidate token) and HR's live endpoints (bearer, organization-scoped)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models import AuditEvent, Question
from app.sandbox import sandbox_status
from app.services.coding.bank import task_by_id
from tests.api.conftest import signup
from tests.support.engine_setup import Rig, build_rig
from tests.support.runtime import installed

RESUME = (b'Jane Doe\njane@example.com\nData engineer at Northwind since 2017, building pipelines.\n'
          b'Skills: Python, SQL, PostgreSQL, Airflow\n')
STRONG = b'I would add an index, wrap it in a transaction and use replication for reads.'


@pytest.fixture
def idle_rig(client: TestClient) -> Iterator[Rig]:
    with installed(build_rig()) as rig:
        yield rig


def _job_and_candidate(client: TestClient, headers: dict[str, str], **job: object) -> tuple[int, str]:
    created = client.post('/api/v1/jobs', headers=headers, json={'title': 'Data Engineer', 'question_count': 3,
                                                                 **job})
    assert created.status_code == 201, created.text
    code = created.json()['job_code']
    info = client.get(f'/api/v1/apply/{code}').json()
    applied = client.post(f'/api/v1/apply/{code}', data={
        'name': 'Jane', 'email': 'jane@example.com', 'consent': 'true',
        'consent_notice_version': info['consent_notice']['version']},
        files={'resume': ('cv.txt', RESUME, 'text/plain')})
    assert applied.status_code == 201, applied.text
    return applied.json()['candidate_id'], applied.json()['interview_url'].rstrip('/').split('/')[-1]


def _upload(client: TestClient, token: str, index: int, key: str) -> dict[str, object]:
    reply = client.post(f'/api/v1/interview/{token}/answers/{index}', content=STRONG,
                        headers={'Content-Type': 'audio/webm', 'X-Upload-Key': key, 'X-Duration-Ms': '4000'})
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


@pytest.mark.skipif(not sandbox_status().available, reason=sandbox_status().reason or 'no sandbox')
def test_coding_question_over_the_api(client: TestClient, idle_rig: Rig) -> None:
    headers = signup(client)
    candidate_id, token = _job_and_candidate(client, headers, coding_enabled=True, coding_question_count=1)
    room = client.post(f'/api/v1/interview/{token}/start').json()
    assert room['total'] == 4
    for index in range(3):
        _upload(client, token, index, f'key-{index:04d}')
    task = client.get(f'/api/v1/interview/{token}/code/3')
    assert task.status_code == 200, task.text
    with session_scope(read_only=True) as session:
        task_id = session.exec(select(Question.coding_task).where(Question.index == 3)).one()
    bank = task_by_id(task_id)
    assert bank is not None and task.json()['title'] == bank.title
    assert client.get(f'/api/v1/interview/{token}/code/0').status_code == 409  # not a coding question
    tried = client.post(f'/api/v1/interview/{token}/code/3/run', json={'code': bank.starter}).json()
    assert tried['total'] == len(bank.examples) and tried['verdict'] == 'ok'
    assert client.post(f'/api/v1/interview/{token}/code/3/run', json={'code': ''}).status_code == 422
    early = client.post(f'/api/v1/interview/{token}/answers/3', content=STRONG,
                        headers={'Content-Type': 'audio/webm', 'X-Upload-Key': 'key-early'})
    assert early.status_code == 409 and 'Submit your code first' in early.json()['detail']
    submitted = client.post(f'/api/v1/interview/{token}/code/3/submit', json={'code': bank.solution}).json()
    assert submitted['passed'] == submitted['total'] == len(bank.hidden)
    turn = client.post(f'/api/v1/interview/{token}/code/3/answer')
    assert turn.status_code == 200 and turn.json()['finished'] is True
    report = client.get(f'/api/v1/candidates/{candidate_id}/report', headers=headers).json()
    code = report['items'][3]['code']
    assert code['tests_passed'] == code['tests_total'] == len(bank.hidden) and code['code'] == bank.solution
    printable = client.get(f'/api/v1/candidates/{candidate_id}/report.html', headers=headers).text
    assert f'{len(bank.hidden)} of {len(bank.hidden)} tests passed' in printable
    assert 'Hidden test 1' in printable and f'def {bank.entry}(' in printable


def test_hr_live_endpoints(client: TestClient, idle_rig: Rig) -> None:
    headers = signup(client)
    candidate_id, token = _job_and_candidate(client, headers)
    client.post(f'/api/v1/interview/{token}/start')
    view = client.get(f'/api/v1/candidates/{candidate_id}/live', headers=headers)
    assert view.status_code == 200 and view.json()['current']['number'] == 1
    asked = client.post(f'/api/v1/candidates/{candidate_id}/live/questions', headers=headers,
                        json={'text': 'What is your notice period?', 'key_points': []})
    assert asked.status_code == 201 and asked.json() == {'index': 1, 'number': 2}
    turn = _upload(client, token, 0, 'key-0000')
    assert json.dumps(turn['next']).count('What is your notice period?') == 1
    note = client.post(f'/api/v1/candidates/{candidate_id}/live/notes', headers=headers, json={'text': 'Calm.'})
    assert note.status_code == 201 and note.json()['question_number'] == 2
    assert client.post(f'/api/v1/candidates/{candidate_id}/live/notes', headers=headers,
                       json={'text': ' '}).status_code == 422
    other = signup(client, 'eve@other.io', 'Other')
    assert client.get(f'/api/v1/candidates/{candidate_id}/live', headers=other).status_code == 404
    assert client.post(f'/api/v1/candidates/{candidate_id}/live/questions', headers=other,
                       json={'text': 'Sneaky question?'}).status_code == 404
    assert client.get(f'/api/v1/candidates/{candidate_id}/live').status_code == 401
    with session_scope(read_only=True) as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count('interview.live_view') == 1 and 'interview.live_question' in actions
    assert 'interview.note' in actions
    printable = client.get(f'/api/v1/candidates/{candidate_id}/report.html', headers=headers).text
    assert 'asked live by Ann' in printable and 'Team notes' in printable and 'Calm.' in printable
