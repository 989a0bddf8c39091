"""The room's practice run and accommodations, driven by the recorder's events (no real browser)."""

from __future__ import annotations

from nicegui.testing import User

from app.db import session_scope
from app.db_types import utcnow
from app.models import Candidate, Interview, InterviewStatus
from app.services.interview.practice import PRACTICE_QUESTION
from tests.pages.conftest import sign_in
from tests.pages.test_interview_pages import _through_device_check
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import answers_of, load_interview


async def test_practice_question_is_not_stored_then_the_interview_starts(user: User) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3))
    await _through_device_check(user, interview.token)
    user.find(marker='start-interview').click()
    await user.should_see(PRACTICE_QUESTION, retries=30)
    await user.should_see('Practice', marker='question-number')
    recorder = user.find(marker='recorder')
    recorder.trigger('practice_recorded', {'duration_ms': 3000, 'bytes': 5000})
    await user.should_see('Play your answer back', retries=30)
    await user.should_see(marker='play-practice')
    await user.should_see(marker='practice-again')
    # practising neither begins the interview nor stores anything
    assert load_interview(interview.id).status == InterviewStatus.scheduled
    user.find(marker='start-real').click()
    await user.should_see('Question 1 of 3', retries=100)
    assert load_interview(interview.id).status == InterviewStatus.in_progress
    assert answers_of(interview.id) == []


async def test_no_microphone_offers_typed_answers_when_the_job_allows(user: User) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3, typed_answers='fallback',
                                        accommodation_contact='access@acme.io'))
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Contact access@acme.io')
    user.find(marker='recorder').trigger('device_error', {
        'kind': 'not_found', 'title': 'No microphone found', 'message': 'Plug one in.'})
    await user.should_see('Continue with typed answers', retries=30)
    user.find(marker='start-typed').click()
    await user.should_see('Question 1 of 3', retries=100)  # no practice: there is nothing to record
    user.find(marker='typed-answer').type('I would add an index and check the plan with EXPLAIN.')
    user.find(marker='send-typed').click()
    await user.should_see('Question 2 of 3', retries=100)
    stored = answers_of(interview.id)
    assert len(stored) == 1 and stored[0].typed and stored[0].transcript.startswith('I would add an index')


async def test_speech_only_job_offers_no_typing(user: User) -> None:
    interview = make_interview(make_job(make_admin(), typed_answers='off'))
    await user.open(f'/interview/{interview.token}')
    user.find(marker='recorder').trigger('device_error', {
        'kind': 'denied', 'title': 'Camera and microphone are blocked', 'message': 'Allow access.'})
    await user.should_see('Camera and microphone are blocked', retries=30)
    await user.should_not_see('Continue with typed answers')


async def test_extra_time_and_hr_override_change_the_limits_shown(user: User) -> None:
    interview = make_interview(make_job(make_admin(), answer_time_limit_seconds=60, time_multiplier=1.5))
    await user.open(f'/interview/{interview.token}')
    await user.should_see('you then have up to 1 min 30 s to answer out loud')
    with session_scope() as session:
        candidate = session.get(Candidate, load_interview(interview.id).candidate_id)
        assert candidate is not None
        candidate.accommodations = {'time_multiplier': 0.0, 'typed_answers': 'allowed'}
        session.add(candidate)
        session.commit()
    await user.open(f'/interview/{interview.token}')
    await user.should_see('you then have as long as you need to answer out loud')
    await user.should_see('you may type any answer instead of speaking, answers are not timed')


async def test_pause_and_type_instead_during_a_question(user: User) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3, typed_answers='allowed'))
    await _through_device_check(user, interview.token)
    user.find(marker='start-interview').click()
    await user.should_see('Practice question', retries=30)
    user.find(marker='start-real').click()
    await user.should_see('Question 1 of 3', retries=100)
    await user.should_see(marker='pause')
    await user.should_see(marker='type-instead')
    recorder = user.find(marker='recorder')
    recorder.trigger('recording_started', {'max_seconds': 180, 'at': '2026-11-30T19:00:00+00:00', 'redos_left': 1})
    await user.should_see('Start over to record it again (1 left)', retries=30)
    await user.should_see(marker='redo')
    await user.should_not_see(marker='pause')  # pausing is between questions, not mid-answer


async def test_thank_you_screen_takes_feedback_that_hr_sees(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    interview = make_interview(job, name='Dana Diaz')
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        assert row is not None
        row.status, row.ended_at = InterviewStatus.completed, utcnow()
        session.add(row)
        session.commit()
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Thank you, Dana!')
    await user.should_not_see('stay on')  # the camera is off once the interview is over
    user.find(marker='feedback-save').click()
    await user.should_see('Choose a rating from 1 to 5 first.', retries=30)
    user.find(marker='feedback-rating').elements.pop().set_value(4)
    user.find(marker='feedback-comment').type('Clear questions.')
    user.find(marker='feedback-save').click()
    await user.should_see('Thank you for your feedback.', retries=30)
    assert load_interview(interview.id).feedback_rating == 4
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see('4 of 5 (1 response)', retries=30)
    await user.should_see(marker='insecure-link')  # the test client's http://test is not this computer
    await user.open(f'/candidates/{load_interview(interview.id).candidate_id}')
    await user.should_see('Rated the interview 4 of 5', retries=30)
    await user.should_see('Clear questions.')
