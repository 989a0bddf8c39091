"""A coding question inside a real interview (scripted speech, real sandbox): planned after the spoken
questions, answered by code with or without a spoken explanation, scored from the hidden tests."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlmodel import select

from app.config import reset_settings
from app.db import session_scope
from app.errors import Conflict
from app.models import AnswerStatus, CodeSubmission, InterviewStatus, Question, QuestionType
from app.sandbox import sandbox_status
from app.services.coding import submissions
from app.services.coding.bank import task_by_id
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG, answers_of, load_interview

pytestmark = [pytest.mark.usefixtures('database'),
              pytest.mark.skipif(not sandbox_status().available, reason=sandbox_status().reason or 'no sandbox')]


async def _reach_coding_question(rig: Rig, token: str) -> int:
    state = await rig.engine.start(token)
    while state.question is not None and state.question.type != QuestionType.coding:
        await rig.engine.submit_answer(token, state.question.index, spoken(STRONG))
        state = await rig.engine.room(token)
    assert state.question is not None
    return state.question.index


def _task_of(interview_id: int, index: int) -> str:
    with session_scope(read_only=True) as session:
        question = session.exec(select(Question).where(Question.interview_id == interview_id,
                                                       Question.index == index)).one()
        assert question.coding_task is not None
        return question.coding_task


async def test_solved_task_without_explanation_scores_full_correctness(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, coding_enabled=True, coding_question_count=1)
    interview = make_interview(job)
    index = await _reach_coding_question(rig, interview.token)
    assert index == 3
    with session_scope(read_only=True) as session:
        shown = submissions.room_task(session, interview.token, index)
    task = task_by_id(_task_of(interview.id, index))
    assert task is not None and shown.title == task.title and shown.code == task.starter
    assert shown.examples and shown.examples[0]['call'].startswith(task.entry + '(')

    tried = await submissions.run_examples(interview.token, index, task.starter)
    assert tried.total == len(task.examples)
    with pytest.raises(Conflict, match='Submit your code first'):
        await rig.engine.submit_answer(interview.token, index, spoken('my explanation'))
    run = await submissions.submit_code(interview.token, index, task.solution, examples_run=1)
    assert run.passed == run.total == len(task.hidden)
    turn = await rig.engine.submit_code_answer(interview.token, index)
    assert turn.finished
    await rig.wait_idle()

    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed
    coding_answer = answers_of(interview.id)[index]
    assert coding_answer.status == AnswerStatus.scored and coding_answer.correctness == 5.0
    assert coding_answer.audio_file is None and coding_answer.transcript == ''
    assert f'{run.total} of {run.total} hidden tests passed' in (coding_answer.comment or '')
    with session_scope(read_only=True) as session:
        stored = session.exec(select(CodeSubmission)).one()
    assert stored.code == task.solution and stored.tests_passed == run.total and stored.examples_run == 1
    assert all(result['passed'] and result['ms'] is not None for result in stored.results)


async def test_resubmitted_code_with_spoken_explanation_is_scored_from_the_last_submission(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, coding_enabled=True, coding_question_count=1)
    interview = make_interview(job)
    index = await _reach_coding_question(rig, interview.token)
    task = task_by_id(_task_of(interview.id, index))
    assert task is not None
    run = await submissions.submit_code(interview.token, index, task.starter)
    assert run.passed < run.total
    better = await submissions.submit_code(interview.token, index, task.solution)  # replaced before answering
    assert better.passed == better.total
    turn = await rig.engine.submit_answer(interview.token, index, spoken(STRONG))
    assert turn.finished
    with pytest.raises(Conflict, match='no more answers'):
        await submissions.submit_code(interview.token, index, task.starter)
    await rig.wait_idle()
    coding_answer = answers_of(interview.id)[index]
    assert coding_answer.transcript == STRONG and coding_answer.correctness == 5.0
    assert (coding_answer.comment or '').startswith(f'{better.total} of {better.total} hidden tests passed')


async def test_coding_off_or_no_sandbox_plans_no_exercise(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    off = make_interview(make_job(make_admin(), question_count=3, coding_enabled=False, coding_question_count=2))
    assert (await rig.engine.start(off.token)).total == 3
    from app.sandbox import SandboxStatus
    from app.services.coding import planning

    monkeypatch.setattr(planning, 'sandbox_status', lambda: SandboxStatus(False, 'bwrap is not installed'))
    job = make_job(make_admin('Other org', 'o@example.com'), question_count=3, coding_enabled=True)
    assert (await rig.engine.start(make_interview(job).token)).total == 3


async def test_a_second_run_while_one_is_under_way_is_refused(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, coding_enabled=True, coding_question_count=1)
    interview = make_interview(job)
    index = await _reach_coding_question(rig, interview.token)
    slow = 'import time\ntime.sleep(1.5)\n'
    first = asyncio.create_task(submissions.run_examples(interview.token, index, slow))
    await asyncio.sleep(0.5)
    with pytest.raises(Conflict, match='still running'):
        await submissions.run_examples(interview.token, index, slow)
    assert (await first).verdict == 'ok'
    assert (await submissions.run_examples(interview.token, index, slow)).verdict == 'ok'  # free again


async def test_a_follow_up_never_takes_the_coding_exercise_slot(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=4, follow_ups_enabled=True, coding_enabled=True,
                   coding_question_count=1)
    interview = make_interview(job)
    state = await rig.engine.start(interview.token)
    types = []
    while state.question is not None and state.question.type != QuestionType.coding:
        types.append(state.question.type)
        await rig.engine.submit_answer(interview.token, state.question.index,
                                       spoken('hello, I am Sam' if state.question.index == 0 else 'not sure'))
        await rig.wait_idle()
        state = await rig.engine.room(interview.token)
    # The follow-up replaced the last spoken question; the exercise is still last, the count unchanged.
    assert state.question is not None and state.question.index == 4 and state.question.total == 5
    assert types.count(QuestionType.follow_up) == 1


async def test_hostile_code_in_an_interview_leaves_the_server_responsive(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('SANDBOX_WALL_SECONDS', '3')
    monkeypatch.setenv('SANDBOX_CPU_SECONDS', '2')
    reset_settings()
    job = make_job(make_admin(), question_count=3, coding_enabled=True, coding_question_count=1)
    interview = make_interview(job)
    index = await _reach_coding_question(rig, interview.token)
    other = make_interview(job, email='other@example.com')
    hostile = ('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n'
               '    x = bytearray(10 ** 7)\n    print("x" * 10000)\n')
    running = asyncio.create_task(submissions.submit_code(interview.token, index, hostile))
    await asyncio.sleep(0.5)
    started = time.monotonic()
    other_state = await rig.engine.start(other.token)  # another candidate is served meanwhile
    assert other_state.question is not None and time.monotonic() - started < 2.0
    run = await running
    assert run.passed == 0 and run.verdict != 'ok' and run.message.startswith('Stopped:')
    assert run.wall_ms < 6000


async def test_the_editor_draft_survives_a_reload(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, coding_enabled=True, coding_question_count=1)
    interview = make_interview(job)
    index = await _reach_coding_question(rig, interview.token)
    submissions.save_draft(interview.token, index, 'def half_done(:\n')
    with session_scope(read_only=True) as session:
        assert submissions.room_task(session, interview.token, index).code == 'def half_done(:\n'
    submissions.save_draft(interview.token, index, 'x' * 30_000)  # too long to keep: the last draft stays
    with session_scope(read_only=True) as session:
        assert submissions.room_task(session, interview.token, index).code == 'def half_done(:\n'
