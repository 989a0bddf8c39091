"""Accommodations: job defaults, HR's per-candidate override, typed answers and extra time, end to end
through the interview engine with scripted providers (no browser)."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from app.db import session_scope
from app.errors import Invalid, NotFound
from app.models import AuditEvent, Candidate, InterviewStatus
from app.services import applications, candidates, reports
from app.services.interview.answers import AnswerUpload
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import STRONG, answers_of, load_interview

pytestmark = pytest.mark.usefixtures('database')


def typed(text: str, key: str | None = None) -> AnswerUpload:
    return AnswerUpload(data=b'', mime='text/plain', upload_key=key or uuid.uuid4().hex, duration_seconds=None,
                        text=text)


def _candidate_id(interview_id: int) -> int:
    return load_interview(interview_id).candidate_id


async def test_typed_interview_is_scored_like_a_transcript_and_marked_on_the_report(rig: Rig) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3, typed_answers='fallback')
    interview = make_interview(job)
    state = await rig.engine.start(interview.token)
    while state.question is not None:
        turn = await rig.engine.submit_answer(interview.token, state.question.index, typed(f'  {STRONG}\n'))
        state = await rig.engine.room(interview.token)
    assert turn.finished
    await rig.wait_idle()
    done = load_interview(interview.id)
    assert done.status == InterviewStatus.completed and done.final_score == 100.0
    stored = answers_of(interview.id)
    assert all(a.typed and a.audio_file is None and a.transcript == STRONG for a in stored)
    with session_scope(read_only=True) as session:
        report = reports.candidate_report(session, admin.organization_id, done.candidate_id)
    assert [item.answer.typed for item in report.items if item.answer] == [True, True, True]
    assert report.candidate.accommodations.typed_answers == 'fallback'


async def test_typed_answers_are_refused_when_the_job_allows_only_speech(rig: Rig) -> None:
    job = make_job(make_admin(), question_count=3, typed_answers='off')
    interview = make_interview(job)
    await rig.engine.start(interview.token)
    with pytest.raises(Invalid, match='answer out loud'):
        await rig.engine.submit_answer(interview.token, 0, typed(STRONG))
    turn = await rig.engine.submit_answer(interview.token, 0, spoken(STRONG))  # speaking still works
    assert turn.next is not None and turn.next.index == 1


async def test_typed_answer_limits_and_retries(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('MAX_TYPED_ANSWER_CHARS', '100')
    from app.config import reset_settings
    reset_settings()
    job = make_job(make_admin(), question_count=3, typed_answers='allowed')
    interview = make_interview(job)
    await rig.engine.start(interview.token)
    with pytest.raises(Invalid, match='empty'):
        await rig.engine.submit_answer(interview.token, 0, typed('   '))
    with pytest.raises(Invalid, match='at most 100 characters; this one has 101'):
        await rig.engine.submit_answer(interview.token, 0, typed('x' * 101))
    first = await rig.engine.submit_answer(interview.token, 0, typed('An index.', key='typed-key-0'))
    again = await rig.engine.submit_answer(interview.token, 0, typed('An index.', key='typed-key-0'))
    assert not first.duplicate and again.duplicate and again.next == first.next
    assert len(answers_of(interview.id)) == 1


async def test_hr_override_gives_one_candidate_extra_time_and_typing(rig: Rig) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3, answer_time_limit_seconds=120, typed_answers='off')
    interview = make_interview(job)
    other = make_interview(job)
    candidate_id = _candidate_id(interview.id)
    with session_scope() as session:
        acc = candidates.set_accommodations(session, admin, candidate_id,
                                            {'time_multiplier': 1.5, 'typed_answers': 'allowed'}, ip='10.0.0.7')
    assert acc.overridden == ('typed_answers', 'time_multiplier')
    state = await rig.engine.start(interview.token)
    assert state.accommodations.answer_limit(state.answer_time_limit_seconds) == 180
    assert state.accommodations.thinking_seconds(5) == 8
    await rig.engine.submit_answer(interview.token, 0, typed(STRONG))  # allowed for this candidate only
    other_state = await rig.engine.start(other.token)
    assert other_state.accommodations.answer_limit(other_state.answer_time_limit_seconds) == 120
    with pytest.raises(Invalid):
        await rig.engine.submit_answer(other.token, 0, typed(STRONG))
    with session_scope(read_only=True) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == 'candidate.accommodations')).one()
        report = reports.candidate_report(session, admin.organization_id, candidate_id)
    assert event.ip == '10.0.0.7' and event.detail['after'] == {'typed_answers': 'allowed', 'time_multiplier': 1.5}
    assert report.candidate.accommodations.labels == ['Typed answers allowed', '1.5× time',
                                                      'May redo an answer 1 time']


async def test_untimed_and_back_to_the_job_default(rig: Rig) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3, time_multiplier=2.0, rerecord_limit=3)
    interview = make_interview(job)
    candidate_id = _candidate_id(interview.id)
    with session_scope() as session:
        untimed = candidates.set_accommodations(session, admin, candidate_id, {'time_multiplier': 0})
    assert untimed.untimed and untimed.answer_limit(180) is None and untimed.thinking_seconds(5) is None
    with session_scope() as session:
        back = candidates.set_accommodations(session, admin, candidate_id, {'time_multiplier': None})
    assert back.answer_limit(180) == 360 and back.rerecord_limit == 3 and back.overridden == ()


def test_invalid_and_foreign_overrides_are_refused() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin)
    candidate_id = _candidate_id(make_interview(job).id)
    with session_scope() as session:
        with pytest.raises(Invalid, match=r'1, 1\.5, 2 or 0'):
            candidates.set_accommodations(session, admin, candidate_id, {'time_multiplier': 3})
        with pytest.raises(Invalid):
            candidates.set_accommodations(session, admin, candidate_id, {'rerecord_limit': 9})
        with pytest.raises(NotFound):
            candidates.set_accommodations(session, stranger, candidate_id, {'rerecord_limit': 2})
        assert session.get(Candidate, candidate_id).accommodations == {}
    with pytest.raises(Invalid, match=r'1, 1\.5, 2 or 0'):
        make_job(admin, time_multiplier=1.25)


def test_notice_names_the_contact_and_what_the_job_offers(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = make_admin()
    job = make_job(admin, accommodation_contact='access@example.com', typed_answers='allowed', time_multiplier=1.5)
    plain = make_job(admin)
    with session_scope(read_only=True) as session:
        notice = applications.apply_target(session, job.job_code).notice
        default = applications.apply_target(session, plain.job_code).notice
    text = notice.sections[-1].text
    assert 'contact access@example.com before you start' in text
    assert 'you may type any answer instead of speaking, you have 1.5× the usual time' in text
    assert 'contact the person who shared this link with you' in default.sections[-1].text
