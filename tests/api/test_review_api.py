"""The review API: report, overrides, corrections, recordings, exports, audit and settings — all
scoped to the caller's organization (another organization's ids answer exactly like missing ones)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models import Answer, AnswerStatus, AuditEvent, Candidate, Interview, Job, User
from tests.api.conftest import signup
from tests.support.engine_setup import Rig
from tests.support.factories import make_job
from tests.support.review_setup import STRONG, WEAK, answers_of, interview_with_answers
from tests.support.runtime import scripted_runtime

HOSTILE = '<script>alert(1)</script> see <a href="javascript:alert(2)">this</a>'


def _user(email: str) -> User:
    with session_scope(read_only=True) as session:
        user = session.exec(select(User).where(User.email == email)).first()
        assert user is not None
        return user


async def _scored_candidate(name: str = 'Ria Report') -> tuple[Interview, list[Answer]]:
    owner = _user('ann@acme.io')
    job = make_job(owner, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hello.', STRONG, HOSTILE], name=name)
    return interview, answers_of(interview.id)


def _actions() -> list[str]:
    with session_scope(read_only=True) as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]


async def test_report_and_overrides(client: TestClient) -> None:
    owner = signup(client)
    stranger = signup(client, email='eve@evil.io', org='Evil')
    interview, answers = await _scored_candidate()
    cid = interview.candidate_id
    report = client.get(f'/api/v1/candidates/{cid}/report', headers=owner)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body['candidate']['name'] == 'Ria Report' and body['interview']['effective']['final_score'] is not None
    assert [i['answer']['transcript'] for i in body['items']] == ['Hello.', STRONG, HOSTILE]
    assert body['items'][1]['answer']['evidence'] and body['items'][1]['answer']['has_audio'] is True
    assert len(body['interview']['videos']) == 1 and body['interview']['integrity']['focus_lost_count'] == 1
    for headers, path in ((stranger, f'/api/v1/candidates/{cid}/report'), (owner, '/api/v1/candidates/9999/report')):
        missing = client.get(path, headers=headers)
        assert (missing.status_code, missing.json()) == (404, {'detail': 'Candidate not found.'})
    assert client.get(f'/api/v1/candidates/{cid}/report').status_code == 401

    override = {'field': 'depth', 'answer_id': answers[1].id, 'score': 2.5, 'reason': 'Mostly memorised.'}
    made = client.post(f'/api/v1/candidates/{cid}/overrides', json=override, headers=owner)
    assert made.status_code == 200, made.text
    assert made.json()['override']['score'] == 2.5 and made.json()['effective']['final_score'] < 100
    bad = client.post(f'/api/v1/candidates/{cid}/overrides', json={**override, 'reason': ''}, headers=owner)
    assert bad.status_code == 422 and 'reason' in bad.json()['detail']
    foreign = client.post(f'/api/v1/candidates/{cid}/overrides', json=override, headers=stranger)
    assert foreign.status_code == 404
    after = client.get(f'/api/v1/candidates/{cid}/report', headers=owner).json()
    depth = after['items'][1]['answer']['scores']['depth']
    assert depth['ai'] == 5.0 and depth['effective'] == 2.5 and depth['override']['actor'] == 'ann@acme.io'
    override_id = made.json()['override']['id']
    assert client.delete(f'/api/v1/candidates/{cid}/overrides/{override_id}', headers=stranger).status_code == 404
    assert client.delete(f'/api/v1/candidates/{cid}/overrides/{override_id}', headers=owner).status_code == 204
    assert client.delete(f'/api/v1/candidates/{cid}/overrides/{override_id}', headers=owner).status_code == 404
    decided = client.patch(f'/api/v1/candidates/{cid}', json={'status': 'hired', 'status_note': 'Great'},
                           headers=owner)
    assert decided.status_code == 200 and decided.json()['status'] == 'hired'
    assert client.get(f'/api/v1/candidates/{cid}/report', headers=owner).json()['candidate']['decided_by'] == \
        'ann@acme.io'
    assert _actions()[-3:] == ['candidate.override', 'candidate.override_clear', 'candidate.status']


async def test_transcript_rescore_and_retry(client: TestClient) -> None:
    owner = signup(client)
    stranger = signup(client, email='eve@evil.io', org='Evil')
    _, answers = await _scored_candidate()
    answer_id = answers[2].id
    put = client.put(f'/api/v1/answers/{answer_id}/transcript', json={'text': WEAK}, headers=owner)
    assert put.status_code == 200 and put.json() == {'answer_id': answer_id, 'transcript': HOSTILE,
                                                     'transcript_corrected': WEAK}
    assert client.put(f'/api/v1/answers/{answer_id}/transcript', json={'text': 'x'},
                      headers=stranger).status_code == 404
    assert client.put(f'/api/v1/answers/{answer_id}/transcript', json={'text': 'x' * 20_001},
                      headers=owner).status_code == 422
    queued = client.post(f'/api/v1/answers/{answer_id}/rescore', headers=owner)
    assert queued.status_code == 202 and queued.json() == {'answer_id': answer_id, 'status': 'transcribed'}
    again = client.post(f'/api/v1/answers/{answer_id}/rescore', headers=owner)
    assert again.status_code == 409 and again.json()['detail'] == 'This answer is being processed already.'
    assert client.post(f'/api/v1/answers/{answer_id}/rescore', headers=stranger).status_code == 404
    retry = client.post(f'/api/v1/answers/{answers[1].id}/retry', headers=owner)
    assert retry.status_code == 409 and 'Only a failed answer' in retry.json()['detail']
    with session_scope() as session:
        failed = session.get(Answer, answers[1].id)
        failed.status, failed.error = AnswerStatus.failed, 'STT timed out'
        session.add(failed)
        session.commit()
    assert client.post(f'/api/v1/answers/{answers[1].id}/retry', headers=stranger).status_code == 404
    retried = client.post(f'/api/v1/answers/{answers[1].id}/retry', headers=owner)
    assert retried.status_code == 202 and retried.json()['status'] == 'transcribed'
    assert _actions()[-3:] == ['candidate.transcript_correct', 'candidate.rescore', 'candidate.retry']


async def test_recordings_exports_and_printable_report(client: TestClient) -> None:
    owner = signup(client)
    stranger = signup(client, email='eve@evil.io', org='Evil')
    interview, answers = await _scored_candidate(name='<b>Bold</b> Name')
    cid, job_headers = interview.candidate_id, owner
    audio = client.get(f'/api/v1/answers/{answers[1].id}/audio', headers=owner)
    assert audio.status_code == 200 and audio.content == STRONG.encode()
    assert audio.headers['content-disposition'].startswith('attachment;')
    video = client.get(f'/api/v1/candidates/{cid}/video/0', headers=owner)
    assert video.status_code == 200 and video.content.startswith(b'\x1aE\xdf\xa3')
    for path in (f'/api/v1/answers/{answers[1].id}/audio', f'/api/v1/candidates/{cid}/video/0',
                 f'/api/v1/candidates/{cid}/export', f'/api/v1/candidates/{cid}/report.html',
                 f'/api/v1/candidates/{cid}/audit'):
        response = client.get(path, headers=stranger)
        assert response.status_code == 404 and STRONG.encode() not in response.content, path
    assert client.get(f'/api/v1/candidates/{cid}/video/3', headers=owner).status_code == 404

    exported = client.get(f'/api/v1/candidates/{cid}/export', headers=owner)
    assert exported.status_code == 200 and exported.json()['candidate']['name'] == '<b>Bold</b> Name'
    assert exported.headers['content-disposition'].startswith('attachment;')
    printed = client.get(f'/api/v1/candidates/{cid}/report.html', headers=owner)
    assert printed.status_code == 200 and "script-src 'unsafe-hashes'" in printed.headers['content-security-policy']
    assert '<script>' not in printed.text and '&lt;script&gt;alert(1)&lt;/script&gt;' in printed.text
    assert 'href="javascript' not in printed.text and '&lt;b&gt;Bold&lt;/b&gt; Name' in printed.text

    with session_scope(read_only=True) as session:
        job_id = interview_job(session, cid)
    csv_response = client.get(f'/api/v1/jobs/{job_id}/candidates.csv', headers=job_headers)
    assert csv_response.status_code == 200 and csv_response.headers['content-type'].startswith('text/csv')
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode('utf-8-sig'))))
    assert [r['name'] for r in rows] == ['<b>Bold</b> Name'] and rows[0]['final_score'] == '50.0'
    assert client.get(f'/api/v1/jobs/{job_id}/candidates.csv', headers=stranger).status_code == 404
    assert _actions()[-5:] == ['recording.download', 'recording.download', 'candidate.data_export',
                               'candidate.report_print', 'job.export_csv']
    trail = client.get(f'/api/v1/candidates/{cid}/audit', headers=owner).json()
    assert [e['action'] for e in trail] == ['candidate.report_print', 'candidate.data_export', 'recording.download',
                                            'recording.download']


def interview_job(session, candidate_id: int) -> int:
    return session.get(Candidate, candidate_id).job_id


@pytest.mark.postgres  # sorting and paging in SQL (NULL order differs)
async def test_dashboard_compare_audit_and_settings(client: TestClient) -> None:
    owner = signup(client)
    stranger = signup(client, email='eve@evil.io', org='Evil')
    first, _ = await _scored_candidate('Alpha')
    with session_scope(read_only=True) as session:
        job_id = interview_job(session, first.candidate_id)
    page = client.get(f'/api/v1/jobs/{job_id}/dashboard',
                      params={'sort': 'score', 'descending': 'false', 'page_size': 10}, headers=owner)
    assert page.status_code == 200, page.text
    assert page.json()['total'] == 1 and page.json()['rows'][0]['name'] == 'Alpha'
    filtered = client.get(f'/api/v1/jobs/{job_id}/dashboard', params=[('status', 'hired'), ('status', 'rejected')],
                          headers=owner)
    assert filtered.json()['total'] == 0
    for params in ({'page_size': 7}, {'sort': 'salary'}, {'recommendation': 'Great'}):
        bad = client.get(f'/api/v1/jobs/{job_id}/dashboard', params=params, headers=owner)
        assert bad.status_code == 422 and bad.json()['detail'], params
    assert client.get(f'/api/v1/jobs/{job_id}/dashboard', headers=stranger).status_code == 404
    distribution = client.get(f'/api/v1/jobs/{job_id}/score-distribution', headers=owner).json()
    assert sum(distribution['buckets']) == 1 and distribution['candidates'] == 1
    compare = client.get(f'/api/v1/jobs/{job_id}/compare', params={'ids': [first.candidate_id]}, headers=owner)
    assert compare.status_code == 422 and '2 to 4' in compare.json()['detail']
    with session_scope(read_only=True) as session:
        job = session.get(Job, job_id)
    async with scripted_runtime() as rig:
        second = await interview_with_answers(rig, job, ['Hi.', 'No idea.', 'Pass.'], name='Beta')
    side_by_side = client.get(f'/api/v1/jobs/{job_id}/compare',
                              params={'ids': [first.candidate_id, second.candidate_id]}, headers=owner)
    assert side_by_side.status_code == 200, side_by_side.text
    columns = side_by_side.json()
    assert [c['name'] for c in columns] == ['Alpha', 'Beta'] and columns[0]['score'] > columns[1]['score']
    assert set(columns[0]['averages']) == {'correctness', 'depth', 'clarity', 'relevance'}
    assert client.get(f'/api/v1/jobs/{job_id}/compare', params={'ids': [first.candidate_id, second.candidate_id]},
                      headers=stranger).status_code == 404

    trail = client.get('/api/v1/audit', params={'action': 'auth.'}, headers=owner)
    assert trail.status_code == 200 and trail.json()['total'] == 0  # signup is account.signup
    everything = client.get('/api/v1/audit', headers=owner).json()
    assert [e['action'] for e in everything['events']] == ['job.create', 'account.signup']
    assert everything['total'] == 2 and everything['events'][0]['actor'] == 'ann@acme.io'
    paged = client.get('/api/v1/audit', params={'limit': 1, 'offset': 1}, headers=owner).json()
    assert paged['total'] == 2 and [e['action'] for e in paged['events']] == ['account.signup']
    assert client.get('/api/v1/audit', headers=stranger).json()['total'] == 1  # only its own signup

    assert client.get('/api/v1/organization', headers=owner).json()['recording_retention_days'] is None
    changed = client.patch('/api/v1/organization', json={'recording_retention_days': 30}, headers=owner)
    assert changed.status_code == 200 and changed.json()['recording_retention_days'] == 30
    assert client.patch('/api/v1/organization', json={'recording_retention_days': 0},
                        headers=owner).status_code == 422
    teammate = client.post('/api/v1/auth/team', json={'name': 'Hal', 'email': 'hal@acme.io',
                                                      'password': 'password123', 'role': 'recruiter'}, headers=owner)
    assert teammate.status_code == 201, teammate.text
    token = client.post('/api/v1/auth/token', json={'email': 'hal@acme.io', 'password': 'password123'})
    hr = {'Authorization': f'Bearer {token.json()["access_token"]}'}
    denied = client.patch('/api/v1/organization', json={'recording_retention_days': 5}, headers=hr)
    assert (denied.status_code, denied.json()['detail']) == (403, 'Your role (recruiter) cannot change settings.')
    assert client.get('/api/v1/organization', headers=hr).json()['recording_retention_days'] == 30
    assert client.get('/api/v1/organization', headers=stranger).json()['recording_retention_days'] is None


@pytest.mark.postgres  # the answer queue is claimed in the database
async def test_rescore_over_the_api_reaches_the_running_worker(rig: Rig) -> None:
    """The sync route hands the answer to the answer queue from its own thread; the worker on the event
    loop processes it."""
    import httpx
    from fastapi import FastAPI

    from app.api import install_api

    api = FastAPI()
    install_api(api)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url='http://test') as client:
        token = (await client.post('/api/v1/auth/signup', json={
            'organization': 'Acme', 'name': 'Ann', 'email': 'ann@acme.io', 'password': 'password123'})).json()
        owner = {'Authorization': f'Bearer {token["access_token"]}'}
        job = make_job(_user('ann@acme.io'), question_count=3)
        interview = await interview_with_answers(rig, job, ['Hello.', STRONG, WEAK], video=False)
        weak = answers_of(interview.id)[2]
        fixed = await client.put(f'/api/v1/answers/{weak.id}/transcript', json={'text': STRONG}, headers=owner)
        assert fixed.status_code == 200
        assert fixed.json() == {'answer_id': weak.id, 'transcript': WEAK, 'transcript_corrected': STRONG}
        queued = await client.post(f'/api/v1/answers/{weak.id}/rescore', headers=owner)
        assert queued.status_code == 202, queued.text
        await rig.wait_idle()
        report = (await client.get(f'/api/v1/candidates/{interview.candidate_id}/report', headers=owner)).json()
    assert interview.final_score is not None and report['interview']['ai']['final_score'] == 100.0 > \
        interview.final_score
    assert report['items'][2]['answer']['transcript'] == WEAK
    assert report['items'][2]['answer']['transcript_corrected'] == STRONG
