"""The interview engine end to end with scripted providers: flow, durability, retries, follow-ups."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, func, select

from app import media
from app.db import session_scope
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.models import AnswerStatus, Interview, InterviewStatus, Question
from app.services.interview import answers as answer_rows
from app.services.interview import follow_ups, rows
from app.services.interview.answers import AnswerUpload
from app.services.interview.rows import InterviewStateError
from tests.support.engine_setup import Rig, build_rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG, answers_of, load_interview

pytestmark = pytest.mark.usefixtures('database')


async def _answer_all(rig: Rig, token: str, text: str = STRONG) -> None:
    state = await rig.engine.start(token)
    while state.question is not None:
        await rig.engine.submit_answer(token, state.question.index, spoken(text))
        state = await rig.engine.room(token)


async def test_full_interview_is_scored_and_reported(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=4)
    interview = make_interview(job, name='Dana')
    state = await rig.engine.start(interview.token)
    assert state.status == 'in_progress' and state.total == 4 and state.question is not None
    assert state.question.index == 0 and state.question.has_audio
    for index in range(4):
        turn = await rig.engine.submit_answer(interview.token, index, spoken(STRONG))
        assert turn.finished == (index == 3)
        assert (turn.next.index if turn.next else None) == (index + 1 if index < 3 else None)
    assert (await rig.engine.room(interview.token)).status == 'finished'  # the candidate sees "thank you"
    await rig.wait_idle()
    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed and done.final_score == 100.0
    assert done.recommendation == 'Strong' and done.report == 'Dana scored 100.0 (Strong).'
    assert done.avg_correctness == 5.0 and done.scored_at is not None and not done.needs_review
    answers = answers_of(interview.id)
    assert [a.status for a in answers] == [AnswerStatus.scored] * 4
    assert all(a.transcript == STRONG and a.evidence and media.exists(a.audio_file) for a in answers)
    with session_scope(read_only=True) as session:
        questions = session.exec(select(Question).where(Question.interview_id == interview.id)).all()
    assert len(questions) == 4 and all(q.audio_file and media.exists(q.audio_file) for q in questions)
    assert len({q.text for q in questions}) == 4


async def test_next_question_is_pregenerated_while_answering(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await rig.engine.start(interview.token)
    await rig.wait_idle()
    with session_scope(read_only=True) as session:
        ready = session.exec(select(Question.index, Question.served_at).where(
            Question.interview_id == interview.id).order_by(col(Question.index))).all()
    assert [index for index, _ in ready] == [0, 1]  # question 2 is ready, not yet shown
    assert ready[0][1] is not None and ready[1][1] is None


async def test_reload_resumes_at_first_unanswered_question(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=5)
    interview = make_interview(job)
    first = await rig.engine.start(interview.token)
    await rig.engine.submit_answer(interview.token, 0, spoken(STRONG))
    await rig.engine.submit_answer(interview.token, 1, spoken(STRONG))
    again = await rig.engine.room(interview.token)  # a reload, a new tab, a reconnect
    assert again.question is not None and again.question.index == 2 and again.answered == 2
    assert again.question.text != first.question.text
    with pytest.raises(Conflict, match='already answered'):
        await rig.engine.submit_answer(interview.token, 0, spoken('another try'))
    assert (await rig.engine.start(interview.token)).question.index == 2


async def test_a_double_click_on_start_plans_once(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    plans = 0
    real_plan = rig.llm.plan

    async def counted_plan(*args: Any, **kwargs: Any) -> object:
        nonlocal plans
        plans += 1
        return await real_plan(*args, **kwargs)

    monkeypatch.setattr(rig.llm, 'plan', counted_plan)
    # Both requests read the interview as scheduled before either takes the interview's lock.
    first, second = await asyncio.gather(rig.engine.start(interview.token), rig.engine.start(interview.token))
    assert plans == 1
    assert first.status == second.status == 'in_progress' and first.total == second.total == 3
    assert first.question.index == second.question.index == 0


async def test_retried_upload_is_idempotent(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await rig.engine.start(interview.token)
    upload = spoken(STRONG, key='upload-key-1')
    first = await rig.engine.submit_answer(interview.token, 0, upload)
    second = await rig.engine.submit_answer(interview.token, 0, upload)
    assert not first.duplicate and second.duplicate
    assert first.next == second.next
    await rig.wait_idle()
    assert len(answers_of(interview.id)) == 1
    files = list((media.media_root() / 'answers').iterdir())
    assert len(files) == 1  # the retry left no second file behind


async def test_answers_for_questions_not_asked_yet_are_refused(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    with pytest.raises(InterviewStateError):
        await rig.engine.submit_answer(interview.token, 0, spoken(STRONG))  # not started
    await rig.engine.start(interview.token)
    with pytest.raises(Conflict, match='has not been asked'):
        await rig.engine.submit_answer(interview.token, 2, spoken(STRONG))
    with pytest.raises(Invalid, match='empty'):
        await rig.engine.submit_answer(interview.token, 0, AnswerUpload(b'', 'audio/webm', 'k', None))
    with pytest.raises(Invalid, match='Unsupported recording format'):
        await rig.engine.submit_answer(interview.token, 0, AnswerUpload(b'x', 'text/html', 'k', None))
    with pytest.raises(NotFound):
        await rig.engine.room('not-a-real-token')
    assert answers_of(interview.id) == [] and not (media.media_root() / 'answers').exists()


async def test_provider_failure_is_retried_then_scored() -> None:
    rig = build_rig(max_attempts=4)  # even if one answer draws all three failures, its 4th try works
    rig.llm.fail_evaluations = 2
    rig.stt.fail = 1
    await rig.pipeline.start()
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await _answer_all(rig, interview.token)
    await rig.wait_idle()
    await rig.pipeline.stop()
    answers = answers_of(interview.id)
    assert all(a.status == AnswerStatus.scored for a in answers)
    assert sum(a.attempts for a in answers) == 3 + 3  # every attempt counted as it starts: 3 failures, 3 successes
    assert load_interview(interview.id).status == InterviewStatus.completed


async def test_persistent_failure_needs_review_then_hr_retry_completes(rig: Rig) -> None:
    rig.llm.fail_evaluations = 100
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await _answer_all(rig, interview.token)
    await rig.wait_idle()
    answers = answers_of(interview.id)
    assert [a.status for a in answers] == [AnswerStatus.failed] * 3
    assert all(a.error and 'upstream 503' in a.error and a.correctness is None for a in answers)
    stuck = load_interview(interview.id)
    assert stuck.needs_review and stuck.final_score is None and stuck.status == InterviewStatus.in_progress

    rig.llm.fail_evaluations = 0
    for answer in answers:
        with session_scope() as session:
            answer_rows.retry_failed(session, job.organization_id, answer.id)
        rig.pipeline.answer_queue.enqueue(answer.id)
    await rig.wait_idle()
    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed and done.final_score == 100.0 and not done.needs_review


async def test_hr_retry_is_scoped_and_only_for_failed_answers(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await _answer_all(rig, interview.token)
    await rig.wait_idle()
    answer = answers_of(interview.id)[0]
    with session_scope() as session, pytest.raises(NotFound):
        answer_rows.retry_failed(session, job.organization_id + 999, answer.id)
    with session_scope() as session, pytest.raises(Conflict):
        answer_rows.retry_failed(session, job.organization_id, answer.id)


async def test_restart_recovers_unprocessed_answers() -> None:
    first = build_rig()  # a server whose worker never started on the answers ("crashed")
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await _answer_all(first, interview.token)
    await first.pipeline.stop()
    assert {a.status for a in answers_of(interview.id)} == {AnswerStatus.received}

    restarted = build_rig()
    await restarted.pipeline.start()  # the worker's recover() runs on start
    await restarted.wait_idle()
    await restarted.pipeline.stop()
    assert {a.status for a in answers_of(interview.id)} == {AnswerStatus.scored}
    assert load_interview(interview.id).status == InterviewStatus.completed


async def test_shallow_answer_gets_one_follow_up_within_the_limit(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=4, follow_ups_enabled=True)
    interview = make_interview(job)
    state = await rig.engine.start(interview.token)
    answers = {0: 'hello, I am Sam', 1: 'not sure'}  # a warm-up (never followed up), then a shallow answer
    asked = []
    while state.question is not None:
        asked.append(state.question)
        await rig.engine.submit_answer(interview.token, state.question.index,
                                       spoken(answers.get(state.question.index, 'still no idea')))
        await rig.wait_idle()
        state = await rig.engine.room(interview.token)
    # The follow-up takes the first slot the candidate had not seen yet (right after the shallow
    # answer, or one later when the next question was already on screen) and replaces the last
    # planned question, so the count stays 4. Later shallow answers find no unseen slot left.
    assert [q.index for q in asked] == [0, 1, 2, 3] and all(q.total == 4 for q in asked)
    follow_ups = [q for q in asked if q.type == 'follow_up']
    assert len(follow_ups) == 1 and follow_ups[0].index in (2, 3)
    assert follow_ups[0].text == rig.llm.follow_up_text
    with session_scope(read_only=True) as session:
        row = rows.question_at(session, interview.id, follow_ups[0].index)
        assert row is not None and row.parent_index == 1
        assert [p['point'] for p in row.rubric] == ['index', 'transaction', 'replication']
    assert load_interview(interview.id).status == InterviewStatus.completed


async def test_a_late_follow_up_is_skipped_once_the_candidate_moved_on(rig: Rig) -> None:
    # E.g. a reviewer re-scores question 2 while the candidate is already on question 4.
    job = make_job(make_admin(), question_count=6, follow_ups_enabled=True)
    interview = make_interview(job)
    state = await rig.engine.start(interview.token)
    for index in range(3):
        await rig.engine.submit_answer(interview.token, index, spoken(STRONG))
    await rig.wait_idle()
    state = await rig.engine.room(interview.token)
    assert state.question is not None and state.question.index == 3  # served: 0..3, next free slot 4
    with session_scope() as session:
        assert follow_ups.insert_follow_up(session, interview.id, 1, 'Tell me more about that.') is None
    with session_scope() as session:
        assert follow_ups.insert_follow_up(session, interview.id, 2, 'Tell me more about that.') == 4
    with session_scope(read_only=True) as session:
        plan = session.get(Interview, interview.id).plan
    assert [item.get('parent_index') for item in plan].count(1) == 0 and len(plan) == 6


async def test_follow_ups_off_means_none(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, follow_ups_enabled=False)
    interview = make_interview(job)
    await _answer_all(rig, interview.token, text='no idea')
    await rig.wait_idle()
    with session_scope(read_only=True) as session:
        types = session.exec(select(Question.type).where(Question.interview_id == interview.id)).all()
    assert 'follow_up' not in types and load_interview(interview.id).recommendation == 'Reject'


async def test_state_machine_refuses_illegal_moves(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    await _answer_all(rig, interview.token)
    await rig.wait_idle()
    with pytest.raises(InterviewStateError, match='completed'):
        await rig.engine.start(interview.token)
    with pytest.raises(InterviewStateError):
        rows.transition(load_interview(interview.id), InterviewStatus.in_progress)


async def test_idle_interviews_are_abandoned(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3)
    idle, active = make_interview(job), make_interview(job)
    await rig.engine.start(idle.token)
    await rig.engine.start(active.token)
    with session_scope() as session:
        stale = session.get(Interview, idle.id)
        stale.last_activity_at = utcnow() - timedelta(hours=3)
        session.add(stale)
        session.commit()
    with session_scope() as session:
        assert rows.abandon_idle(session, utcnow() - timedelta(hours=1)) == [idle.id]
    assert load_interview(idle.id).status == InterviewStatus.abandoned
    assert load_interview(active.id).status == InterviewStatus.in_progress
    with pytest.raises(InterviewStateError):
        await rig.engine.submit_answer(idle.token, 0, spoken(STRONG))
    assert (await rig.engine.room(idle.token)).status == 'abandoned'


async def test_question_generation_failure_surfaces_without_a_fallback(rig: Rig) -> None:
    rig.llm.fail_questions = 1
    job = make_job(make_admin(), question_count=3)
    interview = make_interview(job)
    with pytest.raises(Exception, match='timed out'):
        await rig.engine.start(interview.token)
    state = await rig.engine.room(interview.token)  # the next attempt works
    assert state.question is not None and state.question.index == 0
    with session_scope(read_only=True) as session:
        assert session.exec(select(func.count()).select_from(Question)).one() >= 1


async def test_transcripts_spell_the_jobs_skill_names(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, must_have_skills=['PostgreSQL', 'JavaScript'])
    interview = make_interview(job)
    await _answer_all(rig, interview.token, text='I tuned poster sql and wrote java script for the UI.')
    await rig.wait_idle()
    assert {a.transcript for a in answers_of(interview.id)} == {'I tuned PostgreSQL and wrote JavaScript for the UI.'}


async def test_no_speech_or_invented_text_goes_to_review_never_a_zero(rig: Rig) -> None:
    from app.services import corrections

    admin = make_admin()
    job = make_job(admin, question_count=3)
    interview = make_interview(job)
    state = await rig.engine.start(interview.token)
    assert state.question is not None
    await rig.engine.submit_answer(interview.token, 0, spoken(' '))  # a muted microphone: nothing heard
    await rig.engine.submit_answer(interview.token, 1, spoken('Thank you for watching. See you in the next video.'))
    await rig.engine.submit_answer(interview.token, 2, spoken(STRONG))
    await rig.wait_idle()
    held = answers_of(interview.id)[:2]
    assert answers_of(interview.id)[2].status == AnswerStatus.scored
    assert [a.status for a in held] == [AnswerStatus.needs_review] * 2
    assert all(a.correctness is None and a.processed_at is None for a in held)
    assert held[0].review_reason is not None and 'No speech detected' in held[0].review_reason
    assert held[1].review_reason is not None and 'invented' in held[1].review_reason and held[1].transcript == ''
    stuck = load_interview(interview.id)
    assert stuck.needs_review and stuck.final_score is None and stuck.status == InterviewStatus.in_progress

    for answer in held:  # HR listened, corrected what was said, and asked for a score
        with session_scope() as session:
            corrections.correct_transcript(session, admin, answer.id, STRONG)
            corrections.request_rescore(session, admin, answer.id)
        rig.pipeline.answer_queue.enqueue(answer.id)
    await rig.wait_idle()
    assert [(a.status, a.review_reason) for a in answers_of(interview.id)] == [(AnswerStatus.scored, None)] * 3
    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed and done.final_score == 100.0 and not done.needs_review
