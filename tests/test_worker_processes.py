"""`python main.py worker` processes on one PostgreSQL database: answers queued by a web instance without
an embedded worker, two workers processing them with slow remote speech recognition, one of them
killed with kill -9 mid-processing. Every answer ends scored, each scored by exactly one evaluation
(counted at the fake LLM server), and a worker (re)starting afterwards processes nothing again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from app.config import reset_settings
from app.db import reset_engine, upgrade_schema
from app.providers.llm.prompts import extract_data
from app.services.interview.answers import AnswerUpload
from tests.support.db_backends import PG_ADMIN_URL, postgres_unavailable_reason
from tests.support.engine_setup import Rig, build_rig
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.fakes import FakeServers, start_fakes
from tests.support.fakes.llm_content import task_of
from tests.support.fakes.sarvam import tone_wav

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(postgres_unavailable_reason() is not None,
                                reason=postgres_unavailable_reason() or '')
INTERVIEWS, QUESTIONS = 4, 3
ANSWERS = INTERVIEWS * QUESTIONS
LEASE_SECONDS = 4


@pytest.fixture
def cluster_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """A fresh migrated database and a DATA_DIR shared by this process and the workers."""
    name = f'panelist_workers_{uuid.uuid4().hex[:8]}'
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {name}')
    url = f'{PG_ADMIN_URL.rsplit("/", 1)[0]}/{name}'
    data_dir = tmp_path / 'var'
    data_dir.mkdir()
    monkeypatch.setenv('DATABASE_URL', url)
    monkeypatch.setenv('DATA_DIR', str(data_dir))
    monkeypatch.setenv('SECRET_KEY', 'x' * 40)
    reset_settings()
    reset_engine()
    upgrade_schema()
    try:
        yield url, data_dir
    finally:
        reset_engine()
        reset_settings()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


@pytest.fixture
def fakes() -> Iterator[FakeServers]:
    with start_fakes(latency_stt=2.5) as servers:  # slow enough to kill a worker mid-transcription
        yield servers


@pytest.fixture
async def web(cluster_db: tuple[str, Path]) -> AsyncIterator[Rig]:
    """A web instance with EMBEDDED_WORKER=false: stores answers and announces them, processes none."""
    rig = build_rig(claims={'database_url': cluster_db[0], 'lease_seconds': LEASE_SECONDS, 'poll_seconds': 1.0})
    await rig.pipeline.start(embedded_worker=False)
    yield rig
    await rig.pipeline.stop()


class Workers:
    def __init__(self, url: str, data_dir: Path, fakes: FakeServers, log_dir: Path) -> None:
        self.env = {**os.environ, **fakes.env(), 'DATABASE_URL': url, 'DATA_DIR': str(data_dir),
                    'SECRET_KEY': 'x' * 40, 'LLM_PROVIDER': 'openai', 'STT_PROVIDER': 'sarvam',
                    'TTS_PROVIDER': 'browser', 'ANSWER_WORKERS': '2', 'ANSWER_LEASE_SECONDS': str(LEASE_SECONDS),
                    'ANSWER_QUEUE_POLL_SECONDS': '1', 'LOG_LEVEL': 'INFO', 'PYTHONPATH': str(ROOT)}
        self.log_dir = log_dir
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f'worker{len(self.started)}.log').open('wb')
        process = subprocess.Popen([sys.executable, str(ROOT / 'main.py'), 'worker'], cwd=ROOT, env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return '\n'.join(path.read_text(errors='replace')[-3000:] for path in sorted(self.log_dir.glob('*.log')))


def _rows(url: str) -> list[tuple[int, str, int, str | None]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute('SELECT id, status, attempts, claimed_by FROM answers ORDER BY id').fetchall()
    return [(int(a), str(b), int(c), d) for a, b, c, d in rows]


def _evaluations(fakes: FakeServers) -> int:
    prompts = [''.join(m.get('content', '') for m in r.json().get('messages', []) if m.get('role') == 'user')
               for r in list(fakes.openai.requests)]
    return sum(task_of(extract_data(text)) == 'evaluate' for text in prompts)


def _transcriptions(fakes: FakeServers) -> int:
    return sum(r.path.startswith('/speech-to-text') for r in list(fakes.sarvam.requests))


async def _queue_answers(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=QUESTIONS)
    recording = tone_wav(6.0, 16000)
    for n in range(INTERVIEWS):
        token = make_interview(job, name=f'Candidate {n}').token
        state = await rig.engine.start(token)
        while state.question is not None:
            await rig.engine.submit_answer(token, state.question.index, AnswerUpload(
                data=recording, mime='audio/wav', upload_key=uuid.uuid4().hex, duration_seconds=6.0))
            state = await rig.engine.room(token)


async def _wait_for(predicate: Callable[[], bool], within: float, workers: Workers, what: str) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out waiting for {what}\n{workers.logs()}')
        await asyncio.sleep(0.2)


async def test_killed_worker_answers_are_taken_over_and_scored_once(
        cluster_db: tuple[str, Path], fakes: FakeServers, web: Rig, tmp_path: Path) -> None:
    url, data_dir = cluster_db
    await _queue_answers(web)
    assert [status for _, status, _, _ in _rows(url)] == ['received'] * ANSWERS
    workers = Workers(url, data_dir, fakes, tmp_path)
    try:
        doomed, survivor = workers.start(), workers.start()

        def doomed_mid_transcription() -> bool:
            mine = [row for row in _rows(url) if row[3] and f':{doomed.pid}:' in row[3]]
            return bool(mine) and _transcriptions(fakes) > 0

        await _wait_for(doomed_mid_transcription, 90, workers, 'the first worker to claim answers')
        await asyncio.sleep(0.5)  # its requests are at the 2.5 s speech-recognition server now
        held = [row[0] for row in _rows(url) if row[3] and f':{doomed.pid}:' in row[3]]
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        assert held, 'the killed worker held no answers'

        await _wait_for(lambda: all(status == 'scored' and owner is None for _, status, _, owner in _rows(url)),
                        120, workers, 'every answer scored')
        rows = _rows(url)
        assert len(rows) == ANSWERS
        # Exactly once: one evaluation per answer across the cluster. The killed worker died inside
        # speech recognition, so only its transcriptions were repeated by the survivor.
        assert _evaluations(fakes) == ANSWERS, workers.logs()
        assert ANSWERS + len(held) >= _transcriptions(fakes) >= ANSWERS
        # The crash counted as an attempt on what the killed worker had begun (begin_attempt counts first).
        assert 2 in {attempts for answer_id, _, attempts, _ in rows if answer_id in held}
        assert survivor.poll() is None

        # A restarted worker and the survivor find nothing to do: finished answers stay finished.
        workers.start()
        await asyncio.sleep(6)
        assert _evaluations(fakes) == ANSWERS and _rows(url) == rows
    finally:
        workers.stop()
