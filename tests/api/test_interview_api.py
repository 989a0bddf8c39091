"""The candidate-side interview endpoints the room's browser code uses (token is the credential)."""

from __future__ import annotations

from collections.abc import Iterator

import av
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app import media
from app.config import reset_settings
from app.db import session_scope
from app.models import Answer, Interview, InterviewStatus
from tests.support.engine_setup import Rig, build_rig
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.runtime import installed

STRONG = b'I would add an index, wrap it in a transaction and use replication for reads.'


@pytest.fixture
def idle_rig(client: TestClient) -> Iterator[Rig]:
    # Installed but not started: these tests look at the HTTP contract, not at scoring (the queued
    # answers wait in the idle worker; the TestClient runs the routes on its own event loop).
    with installed(build_rig()) as rig:
        yield rig


def _upload(client: TestClient, token: str, index: int, body: bytes = STRONG, key: str = 'key-0001',
            mime: str = 'audio/webm;codecs=opus'):
    return client.post(f'/api/v1/interview/{token}/answers/{index}', content=body,
                       headers={'Content-Type': mime, 'X-Upload-Key': key, 'X-Duration-Ms': '4200'})


@pytest.mark.postgres  # answer claims and the queue in the database
def test_room_start_answer_and_finish(client: TestClient, idle_rig: Rig) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3), name='Dana Diaz')
    token = interview.token
    before = client.get(f'/api/v1/interview/{token}').json()
    assert before['status'] == 'scheduled' and before['question'] is None and before['candidate_name'] == 'Dana Diaz'
    started = client.post(f'/api/v1/interview/{token}/start')
    assert started.status_code == 200
    question = started.json()['question']
    assert question['index'] == 0 and question['number'] == 1 and question['total'] == 3
    audio = client.get(question['audio_url'])
    assert audio.status_code == 200 and audio.headers['content-type'] == 'audio/wav' and audio.content[:4] == b'RIFF'
    for index in range(3):
        turn = _upload(client, token, index, key=f'key-000{index}')
        assert turn.status_code == 200, turn.text
        assert turn.json()['finished'] == (index == 2)
    assert client.get(f'/api/v1/interview/{token}').json()['status'] == 'finished'
    with session_scope() as session:
        answers = session.exec(select(Answer)).all()
    assert len(answers) == 3 and answers[0].duration_seconds == 4.2 and answers[0].audio_mime == 'audio/webm'


def test_upload_errors_are_clear_4xx(client: TestClient, idle_rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_interview(make_job(make_admin(), question_count=3)).token
    assert _upload(client, token, 0).status_code == 409  # not started yet
    client.post(f'/api/v1/interview/{token}/start')
    assert _upload(client, token, 0, body=b'').json()['detail'].startswith('The recording is empty')
    assert _upload(client, token, 0, mime='text/html').status_code == 422
    assert _upload(client, token, 2).status_code == 409  # not asked yet
    monkeypatch.setenv('MAX_ANSWER_UPLOAD_MB', '1')
    reset_settings()
    too_big = _upload(client, token, 0, body=b'x' * (1024 * 1024 + 1))
    assert too_big.status_code == 413 and 'larger than 1 MB' in too_big.json()['detail']
    assert client.get('/api/v1/interview/not-a-token').status_code == 404
    assert client.get(f'/api/v1/interview/{token}/questions/1/audio').status_code == 404  # not shown yet
    with session_scope() as session:
        assert len(session.exec(select(Answer)).all()) == 0


@pytest.mark.postgres  # a retried upload meets a unique constraint
def test_retried_upload_gets_the_same_reply(client: TestClient, idle_rig: Rig) -> None:
    token = make_interview(make_job(make_admin(), question_count=3)).token
    client.post(f'/api/v1/interview/{token}/start')
    first = _upload(client, token, 0, key='same-key-123')
    again = _upload(client, token, 0, key='same-key-123')
    other = _upload(client, token, 0, key='other-key-456')
    assert first.status_code == again.status_code == 200
    assert again.json()['duplicate'] is True and again.json()['next'] == first.json()['next']
    assert other.status_code == 409 and 'already answered' in other.json()['detail']


def test_video_chunks_append_in_order(client: TestClient, idle_rig: Rig, tmp_path) -> None:
    token = make_interview(make_job(make_admin(), question_count=3)).token
    assert client.post(f'/api/v1/interview/{token}/video', json={'mime': 'video/webm'}).status_code == 409
    client.post(f'/api/v1/interview/{token}/start')
    opened = client.post(f'/api/v1/interview/{token}/video', json={'mime': 'video/webm;codecs=vp8,opus'})
    assert opened.status_code == 201
    url = opened.json()['upload_url']
    data = _webm_bytes(tmp_path)
    pieces = [data[i:i + 4000] for i in range(0, len(data), 4000)]
    for seq, piece in enumerate(pieces):
        assert client.post(f'{url}?seq={seq}', content=piece).json() == {'stored': True, 'next_seq': seq + 1}
    repeat = client.post(f'{url}?seq=0', content=pieces[0])
    assert repeat.status_code == 200 and repeat.json()['stored'] is False
    gap = client.post(f'{url}?seq={len(pieces) + 3}', content=b'x')
    assert gap.status_code == 409 and gap.json()['expected_seq'] == len(pieces)
    with session_scope() as session:
        interview = session.exec(select(Interview)).one()
    segment = interview.video_segments[0]
    assert segment['chunks'] == len(pieces) and segment['bytes'] == len(data)
    with av.open(str(media.path_of(segment['file']))) as container:
        assert len(container.streams.video) == 1
        assert sum(1 for _ in container.decode(video=0)) == 10


def test_video_chunks_yield_to_candidate_writes(client: TestClient, write_priorities: list[bool]) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    with session_scope() as session:  # in progress without the engine: no question generation writes meanwhile
        row = session.get(Interview, interview.id)
        row.status = InterviewStatus.in_progress
        session.add(row)
    token = interview.token
    url = client.post(f'/api/v1/interview/{token}/video', json={'mime': 'video/webm'}).json()['upload_url']
    write_priorities.clear()
    assert client.post(f'{url}?seq=0', content=b'\x1aE\xdf\xa3 chunk').json() == {'stored': True, 'next_seq': 1}
    assert write_priorities == [False]  # a background write: an answer upload waiting on the lock goes first


def test_focus_events_are_recorded(client: TestClient, idle_rig: Rig) -> None:
    token = make_interview(make_job(make_admin(), question_count=3)).token
    client.post(f'/api/v1/interview/{token}/start')
    for lost in (True, False, True):
        assert client.post(f'/api/v1/interview/{token}/events',
                           json={'lost': lost, 'question_index': 0}).status_code == 204
    with session_scope() as session:
        integrity = session.exec(select(Interview)).one().integrity
    assert integrity['focus_lost_count'] == 2 and integrity['focus_lost_by_question'] == {'0': 2}
    assert len(integrity['events']) == 3


def _webm_bytes(tmp_path) -> bytes:
    path = tmp_path / 'clip.webm'
    with av.open(str(path), 'w', format='webm') as container:
        stream = container.add_stream('libvpx', rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, 'yuv420p'
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, dtype='uint8'),
                                               format='rgb24')
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path.read_bytes()

