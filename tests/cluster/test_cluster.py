"""Two web instances behind HAProxy (deploy/haproxy/panelist.cfg), PostgreSQL, Redis, shared MEDIA_DIR.

20 candidates take interviews through the balancer with the HTTP API the interview room uses; half
are pinned to each instance by the balancer's cookie. Once every candidate has answered at least one
question, web1 gets kill -9. Its candidates must carry on through web2 (question audio web1 made is
served by web2 from the shared media; a retried upload is stored once), nobody starts over, an HR
browser signed in on web1 is still signed in on web2, and an API token issued by web1 works on web2.
The failed-sign-in limit is shared: five failures spread over both instances lock the sixth try.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.cluster.cluster import Cluster, missing_tools, running_cluster
from tests.support.db_backends import postgres_unavailable_reason

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(missing_tools() is not None, reason=missing_tools() or ''),
    pytest.mark.skipif(postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or ''),
]

CANDIDATES = 20
QUESTIONS = 3
HR_EMAIL = 'hr@cluster.example'
PASSWORD = 'cluster-password'
NODE_COOKIE = 'PANELIST_NODE'


@dataclass
class Run:
    token: str
    node: str  # the instance the balancer's cookie pins this candidate to at first
    indexes: list[int] = field(default_factory=list)  # question indexes served, in order
    nodes_seen: set[str] = field(default_factory=set)
    answered: int = 0
    errors: list[str] = field(default_factory=list)


def test_cluster_survives_losing_a_web_instance(tmp_path: Path, launch_chromium) -> None:
    env = {'APPLY_MAX_PER_IP_PER_HOUR': '1000', 'PUBLIC_URL': ''}
    begun = time.monotonic()
    with running_cluster(tmp_path, env) as cluster:
        started = time.monotonic()
        token, job_code, signup_node = _seed(cluster)
        assert signup_node in {'web1', 'web2'}  # the balancer inserted its sticky cookie
        _check_shared_login_limit(cluster)

        browser = launch_chromium()
        context = browser.new_context(ignore_https_errors=True)
        context.add_cookies([{'name': NODE_COOKIE, 'value': 'web1', 'url': cluster.url}])  # as if web1 had set it
        page = context.new_page()
        page.goto(f'{cluster.url}/login')
        page.get_by_label('Work email').fill(HR_EMAIL)
        page.get_by_label('Password').fill(PASSWORD)
        page.get_by_role('button', name='Sign in').click()
        page.wait_for_url('**/jobs')

        runs = [Run(t, f'web{1 + n % 2}') for n, t in enumerate(_apply_all(cluster, job_code))]
        audio = _answer_audio()
        killed_at = threading.Event()
        result: dict[str, list[float]] = {}
        driver = threading.Thread(target=lambda: result.update(
            asyncio.run(_drive(cluster, runs, audio, killed_at))))
        driver.start()
        driver.join(150)
        assert not driver.is_alive(), 'the interviews did not finish'
        assert killed_at.is_set()

        # The HR browser's instance is gone: the next page load goes to web2, still signed in.
        page.goto(f'{cluster.url}/login')
        page.wait_for_url('**/jobs')
        assert {c['name']: c['value'] for c in context.cookies()}[NODE_COOKIE] == 'web2'
        api = httpx.get(f'{cluster.url}/api/v1/jobs', headers={'Authorization': f'Bearer {token}'}, verify=False)
        assert api.status_code == 200, api.text  # a token signed by whichever instance: valid on web2

        for run in runs:
            assert not run.errors, (run.node, run.errors)
            assert run.indexes == list(range(QUESTIONS)), (run.node, run.indexes)  # nobody started over
            assert run.answered == QUESTIONS
        moved = [run for run in runs if run.node == 'web1']
        assert moved and all(run.nodes_seen == {'web1', 'web2'} for run in moved)
        stored = _answers_per_interview(cluster.database_url)
        assert sorted(stored.values()) == [(QUESTIONS, QUESTIONS)] * CANDIDATES  # each answer stored once
        gaps = sorted(result['gaps'])
        print(json.dumps({
            'candidates': CANDIDATES, 'questions': QUESTIONS, 'turns': len(gaps),
            'turn_gap_p50_ms': round(statistics.median(gaps) * 1000, 1),
            'turn_gap_p95_ms': round(gaps[int(0.95 * (len(gaps) - 1))] * 1000, 1),
            'turn_gap_max_ms': round(gaps[-1] * 1000, 1), 'requests_retried': len(result['retries']),
            'failover_turn_gap_p50_ms': round(statistics.median(result['burst_gaps']) * 1000, 1),
            'other_turn_gap_p50_ms': round(statistics.median(result['steady_gaps']) * 1000, 1),
            'candidates_moved': len(moved), 'cluster_start_s': round(started - begun, 1),
            'after_start_s': round(time.monotonic() - started, 1)}))


def _seed(cluster: Cluster) -> tuple[str, str, str]:
    with httpx.Client(base_url=cluster.url, verify=False, timeout=30) as client:
        signup = client.post('/api/v1/auth/signup', json={
            'organization': 'Cluster Co', 'name': 'Cluster HR', 'email': HR_EMAIL, 'password': PASSWORD})
        assert signup.status_code == 201, signup.text
        token = signup.json()['access_token']
        job = client.post('/api/v1/jobs', headers={'Authorization': f'Bearer {token}'}, json={
            'title': 'Backend Engineer', 'description': 'Python and PostgreSQL services.',
            'must_have_skills': ['Python', 'PostgreSQL'], 'question_count': QUESTIONS})
        assert job.status_code == 201, job.text
        return token, job.json()['job_code'], signup.cookies.get(NODE_COOKIE) or ''


def _check_shared_login_limit(cluster: Cluster) -> None:
    """LOGIN_MAX_FAILURES_PER_ACCOUNT (5) failures alternating between the instances lock the account for
    this client on both: one instance alone would have allowed five more."""
    body = {'email': 'nobody@cluster.example', 'password': 'wrong-password'}
    instances = [cluster.web['web1'].url, cluster.web['web2'].url]
    codes = [httpx.post(f'{instances[n % 2]}/api/v1/auth/token', json=body, timeout=30).status_code for n in range(6)]
    assert codes == [401] * 5 + [429], codes


def _apply_all(cluster: Cluster, job_code: str) -> list[str]:
    resume = b'Alex Example\nSkills: Python, PostgreSQL\n2019 - 2025 Backend engineer\n'
    tokens = []
    with httpx.Client(base_url=cluster.url, verify=False, timeout=30) as client:
        for n in range(CANDIDATES):
            reply = client.post(f'/api/v1/apply/{job_code}', data={
                'name': f'Candidate {n}', 'email': f'c{n}@cluster.example', 'consent': 'true'},
                files={'resume': ('resume.txt', resume, 'text/plain')})
            assert reply.status_code == 201, reply.text
            tokens.append(str(reply.json()['interview_url']).rsplit('/', 1)[1])
    return tokens


def _answer_audio() -> bytes:
    from bench.turns import answer_recording  # a real webm/opus recording, as Chrome sends it

    return answer_recording()


async def _drive(cluster: Cluster, runs: list[Run], audio: bytes, killed_at: threading.Event) -> dict[str, list[float]]:
    stats: dict[str, list[float]] = {'gaps': [], 'burst_gaps': [], 'steady_gaps': [], 'retries': []}
    first_answers = asyncio.Semaphore(0)
    killed = asyncio.Event()

    async def kill_when_all_answered_once() -> None:
        for _ in runs:
            await first_answers.acquire()
        await asyncio.to_thread(cluster.kill, 'web1')
        killed_at.set()
        killed.set()

    killer = asyncio.create_task(kill_when_all_answered_once())
    await asyncio.gather(*[_candidate(cluster, run, audio, stats, first_answers, killed) for run in runs])
    await killer
    return stats


async def _candidate(cluster: Cluster, run: Run, audio: bytes, stats: dict[str, list[float]],
                     first_answers: asyncio.Semaphore, killed: asyncio.Event) -> None:
    from bench.turns import send  # resends after a dropped connection or a 503, as the interview room does

    async with httpx.AsyncClient(base_url=cluster.url, verify=False, timeout=60) as client:
        # As if the balancer had pinned this browser there: the cookie it would set (host-only, path /).
        client.cookies.set(NODE_COOKIE, run.node, domain='127.0.0.1', path='/')
        await asyncio.sleep(random.uniform(0, 2))
        reply = await send(client, stats, 'POST', f'/api/v1/interview/{run.token}/start')
        if reply is None or reply.status_code != 200:
            run.errors.append(f'start: {reply.status_code if reply else "no connection"}')
            return
        question = reply.json()['question']
        while question is not None:
            run.indexes.append(question['index'])
            if question['audio_url']:  # made by whichever instance: served from the shared MEDIA_DIR
                audio_reply = await send(client, stats, 'GET', question['audio_url'])
                if audio_reply is None or audio_reply.status_code != 200:
                    run.errors.append(f'audio {question["index"]}: {audio_reply.status_code if audio_reply else "-"}')
            run.nodes_seen.add(_node(client))
            if run.answered == 1:  # everyone answers the second question after web1 is gone: mid-interview
                await killed.wait()
            await asyncio.sleep(random.uniform(0.3, 1.0))
            t0 = time.perf_counter()
            reply = await send(client, stats, 'POST', f'/api/v1/interview/{run.token}/answers/{question["index"]}',
                               content=audio, headers={'Content-Type': 'audio/webm;codecs=opus',
                                                       'X-Upload-Key': uuid.uuid4().hex, 'X-Duration-Ms': '4000'})
            if reply is None or reply.status_code != 200:
                run.errors.append(f'answer {question["index"]}: {reply.status_code if reply else "no connection"}')
                return
            run.answered += 1
            if run.answered == 1:
                first_answers.release()
            question = reply.json()['next']
            if question is not None:
                stats['gaps'].append(time.perf_counter() - t0)
                # The turn right after the kill: all 20 answer at once, on one instance, half of them moved.
                stats['burst_gaps' if run.answered == 2 else 'steady_gaps'].append(time.perf_counter() - t0)
            run.nodes_seen.add(_node(client))


def _node(client: httpx.AsyncClient) -> str:
    values = {cookie.value or '' for cookie in client.cookies.jar if cookie.name == NODE_COOKIE}
    assert len(values) == 1, values  # the balancer's new cookie replaced the old one
    return values.pop()


def _answers_per_interview(database_url: str) -> dict[int, tuple[int, int]]:
    """interview id → (answers stored, distinct questions answered)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            'SELECT q.interview_id, count(a.id), count(DISTINCT q.id) FROM answers a '
            'JOIN questions q ON q.id = a.question_id GROUP BY q.interview_id').fetchall()
    return {interview: (answers, questions) for interview, answers, questions in rows}
