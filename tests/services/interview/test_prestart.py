"""Preparing an interview before Start: opening the room makes the plan and question 1 (with audio)
once, so Start makes no LLM call; concurrent preparations plan once; failures leave Start as it was."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlmodel import col, select

from app import media
from app.consent import notice_version
from app.db import session_scope
from app.models import Interview, InterviewStatus, Job, Question
from app.providers.errors import ProviderError
from app.services.interview.rows import InterviewStateError
from app.services.invitations import accept, invite
from tests.support.engine_setup import Rig
from tests.support.factories import make_admin, make_interview, make_job

pytestmark = pytest.mark.usefixtures('database')


class Calls:
    """Counts the scripted LLM's plan calls and its question-1 calls (no earlier question yet)."""

    def __init__(self, rig: Rig, fail_plans: int = 0) -> None:
        self.plans = 0
        self.first_questions = 0
        self.fail_plans = fail_plans
        self.plan_gate: asyncio.Event | None = None
        plan, question = rig.llm.plan, rig.llm.question

        async def counted_plan(*args: Any, **kwargs: Any) -> Any:
            self.plans += 1
            if self.plan_gate is not None:
                await self.plan_gate.wait()  # hold planning so a second caller arrives meanwhile
            if self.fail_plans:
                self.fail_plans -= 1
                raise ProviderError('scripted', 'upstream 503', retryable=True)
            return await plan(*args, **kwargs)

        async def counted_question(item: Any, job: Any, resume: Any, previous: list[str]) -> Any:
            self.first_questions += not previous
            return await question(item, job, resume, previous)

        rig.llm.plan = counted_plan  # type: ignore[method-assign]
        rig.llm.question = counted_question  # type: ignore[method-assign,assignment]


def _questions(interview_id: int) -> list[Question]:
    with session_scope(read_only=True) as session:
        return list(session.exec(select(Question).where(Question.interview_id == interview_id)
                                 .order_by(col(Question.index))).all())


def _interview(interview_id: int) -> Interview:
    with session_scope(read_only=True) as session:
        found = session.get(Interview, interview_id)
        assert found is not None
        return found


async def test_opening_the_room_prepares_plan_and_question_one_and_start_makes_no_llm_call(rig: Rig) -> None:
    interview = make_interview(make_job(make_admin(), question_count=4))
    calls = Calls(rig)
    before = await rig.engine.room(interview.token)
    assert before.status == 'scheduled' and before.question is None and before.total == 4
    await rig.wait_idle()
    prepared = _questions(interview.id or 0)
    assert [q.index for q in prepared] == [0] and prepared[0].served_at is None
    assert prepared[0].audio_file and media.exists(prepared[0].audio_file)
    stored = _interview(interview.id or 0)
    assert stored.status == InterviewStatus.scheduled and len(stored.plan) == 4 and stored.started_at is None
    assert (calls.plans, calls.first_questions) == (1, 1)

    await rig.engine.room(interview.token)  # a reload of the room: nothing is made again
    state = await rig.engine.start(interview.token)
    assert (calls.plans, calls.first_questions) == (1, 1)  # Start only served what was prepared
    assert state.status == 'in_progress' and state.question is not None and state.question.index == 0
    assert state.question.text == prepared[0].text and state.question.has_audio and state.total == 4
    await rig.wait_idle()
    assert [q.index for q in _questions(interview.id or 0)] == [0, 1]  # question 2 pre-generated as before


async def test_two_tabs_and_a_start_during_preparation_plan_once(rig: Rig) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    calls = Calls(rig)
    calls.plan_gate = asyncio.Event()
    preparations = rig.pipeline.preparations
    first = asyncio.create_task(preparations.prepare(interview.id or 0))
    second = asyncio.create_task(preparations.prepare(interview.id or 0))
    start = asyncio.create_task(rig.engine.start(interview.token))
    await asyncio.sleep(0.05)
    assert calls.plans == 1  # the others wait for the first plan instead of making their own
    calls.plan_gate.set()
    await asyncio.gather(first, second)
    state = await start
    assert state.question is not None and state.question.index == 0
    await rig.wait_idle()
    assert (calls.plans, calls.first_questions) == (1, 1)
    assert [q.index for q in _questions(interview.id or 0)] == [0, 1]


async def test_a_failed_preparation_is_planned_again_by_start(rig: Rig) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    calls = Calls(rig, fail_plans=1)
    await rig.engine.room(interview.token)
    await rig.wait_idle()
    assert _interview(interview.id or 0).plan == [] and _questions(interview.id or 0) == []
    state = await rig.engine.start(interview.token)
    assert state.question is not None and state.question.index == 0 and calls.plans == 2


async def test_a_failed_question_one_is_written_by_start(rig: Rig) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    calls = Calls(rig)
    rig.llm.fail_questions = 1
    await rig.engine.room(interview.token)
    await rig.wait_idle()
    assert len(_interview(interview.id or 0).plan) == 3 and _questions(interview.id or 0) == []
    state = await rig.engine.start(interview.token)
    assert state.question is not None and state.question.index == 0
    assert (calls.plans, calls.first_questions) == (1, 2)


async def test_a_job_changed_after_preparation_gets_a_fresh_plan(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    calls = Calls(rig)
    await rig.engine.room(interview.token)
    await rig.wait_idle()
    old_audio = _questions(interview.id or 0)[0].audio_file
    with session_scope() as session:
        stored = session.get(Job, job.id)
        assert stored is not None
        stored.question_count = 5
        session.add(stored)
        session.commit()
    state = await rig.engine.start(interview.token)
    assert state.total == 5 and calls.plans == 2 and len(_interview(interview.id or 0).plan) == 5
    assert old_audio and not media.exists(old_audio)  # the unused prepared question left nothing behind


async def test_no_preparation_before_an_invited_candidate_consents(rig: Rig) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    with session_scope() as session:
        invited = invite.invite_one(session, admin, job.id or 0, 'Ivy Invitee', 'ivy@example.com')
    calls = Calls(rig)
    await rig.engine.room(invited.token)
    await rig.wait_idle()
    assert calls.plans == 0
    with pytest.raises(InterviewStateError, match='agree'):
        await rig.engine.start(invited.token)
    with session_scope() as session:
        accept.accept(session, invited.token, notice_version())
    await rig.engine.room(invited.token)
    await rig.wait_idle()
    assert calls.plans == 1
