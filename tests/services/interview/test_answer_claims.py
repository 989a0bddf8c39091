"""The PostgreSQL answer queue (claims on the answers table): several workers in one process, each
with its own providers, sharing one database — every answer is processed by exactly one of them,
live claims are respected, expired ones are taken over, retries are scheduled in the database."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlmodel import col, select

from app.config import get_settings
from app.db import run_in_session, session_scope
from app.models import Answer, AnswerStatus
from app.services.interview import answers as answer_rows
from app.services.interview import claims
from tests.support.engine_setup import Rig, build_rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG

pytestmark = pytest.mark.usefixtures('database')


@pytest.fixture
def pg_url(database: str) -> str:
    if database != 'postgresql':
        pytest.skip('the claim queue runs on PostgreSQL only (SQLite keeps the in-process queue)')
    return get_settings().sqlalchemy_url


@pytest.fixture
async def rigs(pg_url: str) -> AsyncIterator[list[Rig]]:
    """Rigs made with make() are stopped at the end (lease 3 s, poll 0.5 s)."""
    made: list[Rig] = []
    yield made
    for rig in made:
        await rig.pipeline.stop()


async def _start(rigs: list[Rig], url: str, *, embedded: bool = True, lease: float = 3.0, poll: float = 0.5) -> Rig:
    rig = build_rig(claims={'database_url': url, 'lease_seconds': lease, 'poll_seconds': poll})
    await rig.pipeline.start(embedded_worker=embedded)
    rigs.append(rig)
    return rig


async def _answer_interviews(rig: Rig, interviews: int, questions: int) -> None:
    job = make_job(make_admin(), question_count=questions)
    for n in range(interviews):
        token = make_interview(job, name=f'Candidate {n}').token
        state = await rig.engine.start(token)
        while state.question is not None:
            await rig.engine.submit_answer(token, state.question.index, spoken(STRONG))
            state = await rig.engine.room(token)


def _statuses() -> list[tuple[str, int, str | None]]:
    with session_scope(read_only=True) as session:
        rows = session.exec(select(Answer.status, Answer.attempts, Answer.claimed_by).order_by(col(Answer.id))).all()
    return [(status, attempts, owner) for status, attempts, owner in rows]


async def _until_done(expected: int, within: float = 30) -> list[tuple[str, int, str | None]]:
    deadline = time.monotonic() + within
    while True:
        rows = _statuses()
        if len(rows) == expected and all(status == AnswerStatus.scored and owner is None
                                         for status, _, owner in rows):
            return rows
        assert time.monotonic() < deadline, rows
        await asyncio.sleep(0.1)


async def test_two_workers_share_the_answers_and_process_each_exactly_once(pg_url: str, rigs: list[Rig]) -> None:
    first = await _start(rigs, pg_url)
    second = await _start(rigs, pg_url)
    await _answer_interviews(first, interviews=4, questions=4)  # stored by the first; NOTIFY wakes both
    rows = await _until_done(16)
    assert first.llm.evaluations + second.llm.evaluations == 16  # each answer scored once across both
    assert first.llm.evaluations and second.llm.evaluations  # and both took part
    assert {attempts for _, attempts, _ in rows} == {1}


async def test_a_stored_answer_wakes_a_worker_in_another_process_at_once(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    worker = await _start(rigs, pg_url, poll=120.0)  # idle, and its poll would not come for two minutes
    await asyncio.sleep(0.5)  # it has looked once, found nothing and sleeps
    started = time.monotonic()
    await _answer_interviews(web, interviews=1, questions=3)  # NOTIFY after each answer's commit
    await _until_done(3, within=60)  # generous for a loaded machine; still half the poll
    assert time.monotonic() - started < 60 and worker.llm.evaluations == 3


async def test_a_web_instance_without_embedded_worker_processes_nothing(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    await _answer_interviews(web, interviews=1, questions=3)
    await asyncio.sleep(1.0)
    assert [status for status, _, _ in _statuses()] == [AnswerStatus.received] * 3
    worker = await _start(rigs, pg_url)  # a `main.py worker` coming up takes them
    await _until_done(3)
    assert web.llm.evaluations == 0 and worker.llm.evaluations == 3


async def test_live_claims_are_respected_and_expired_ones_taken_over(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    await _answer_interviews(web, interviews=1, questions=3)
    # A worker claimed all three, then was killed (its lease of 2 s is never renewed).
    taken = await run_in_session(claims.claim_due, 'killed-worker', 2.0, 10)
    assert len(taken) == 3
    started = time.monotonic()
    survivor = await _start(rigs, pg_url)
    await asyncio.sleep(1.0)
    assert survivor.llm.evaluations == 0  # a starting worker does not touch work another holds
    await _until_done(3)
    assert time.monotonic() - started >= 1.5  # taken over only once the lease ran out
    assert survivor.llm.evaluations == 3


async def test_finished_answers_are_not_processed_again_by_a_new_worker(pg_url: str, rigs: list[Rig]) -> None:
    first = await _start(rigs, pg_url)
    await _answer_interviews(first, interviews=1, questions=3)
    await _until_done(3)
    restarted = await _start(rigs, pg_url)
    await asyncio.sleep(1.0)
    assert restarted.llm.evaluations == 0 and first.llm.evaluations == 3


async def test_a_failed_step_is_retried_from_the_database(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    await _answer_interviews(web, interviews=1, questions=3)
    worker = await _start(rigs, pg_url)
    worker.llm.fail_evaluations = 1  # one 503: the answer gets a next_attempt_at, not an in-memory timer
    rows = await _until_done(3)
    assert sorted(attempts for _, attempts, _ in rows) == [1, 1, 2]
    assert worker.llm.evaluations == 4


async def test_claims_skip_locked_rows_and_renewal_reports_lost_leases(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    await _answer_interviews(web, interviews=1, questions=4)
    first = await run_in_session(claims.claim_due, 'a', 30.0, 3)
    second = await run_in_session(claims.claim_due, 'b', 30.0, 3)
    assert len(first) == 3 and len(second) == 1 and not set(first) & set(second)
    assert await run_in_session(claims.claim_due, 'c', 30.0, 3) == []
    assert await run_in_session(claims.renew, 'a', [*first, *second], 30.0) == set(first)
    assert await run_in_session(claims.next_due_seconds) == pytest.approx(30.0, abs=2)
    await run_in_session(claims.release, second[0], 'b')
    assert await run_in_session(claims.claim_due, 'c', 30.0, 3) == second


async def test_a_worker_that_lost_its_claim_writes_nothing(pg_url: str, rigs: list[Rig]) -> None:
    web = await _start(rigs, pg_url, embedded=False)
    await _answer_interviews(web, interviews=1, questions=3)
    [answer_id] = await run_in_session(claims.claim_due, 'stalled', 30.0, 1)
    with pytest.raises(claims.LeaseLost, match='held by stalled'):  # the takeover's owner is another worker
        await run_in_session(claims.fenced, answer_rows.save_unscored, answer_id, 'slow-one')
    assert _statuses()[0] == (AnswerStatus.received, 0, 'stalled')
    await run_in_session(claims.fenced, answer_rows.save_unscored, answer_id, 'stalled')
    assert _statuses()[0][0] == AnswerStatus.scored
