"""The interview room's states, driven by the recorder component's events (no real browser)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui.testing import User

from app.db import session_scope
from app.db_types import utcnow
from app.models import Interview, InterviewStatus
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import load_interview

DEVICES = {'has_video': True, 'audio_mime': 'audio/webm;codecs=opus', 'video_mime': 'video/webm;codecs=vp8,opus'}


async def _through_device_check(user: User, token: str) -> None:
    await user.open(f'/interview/{token}')
    recorder = user.find(marker='recorder')
    recorder.trigger('devices_ready', DEVICES)
    await user.should_see('Devices are ready', retries=30)
    recorder.trigger('mic_test_result', {'ok': True, 'peak_level': 0.7})
    await user.should_see('We can hear you. You are ready to start.', retries=30)


async def _started_room(user: User) -> Interview:
    """A 3-question interview whose candidate passed the device check and started."""
    interview = make_interview(make_job(make_admin(), question_count=3))
    await _through_device_check(user, interview.token)
    user.find(marker='start-interview').click()
    await user.should_see('Practice question', retries=30)
    user.find(marker='start-real').click()  # skip the practice run
    await user.should_see('Question 1 of 3', retries=100)
    return interview


async def test_device_check_gates_the_start(user: User) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3, answer_time_limit_seconds=30),
                               name='Cara Lee')
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Hi Cara, welcome')
    await user.should_see('This interview has 3 questions')
    await user.should_see('you then have up to 30 s to answer out loud')
    start = user.find(marker='start-interview').elements.pop()
    assert not start.enabled
    recorder = user.find(marker='recorder')
    recorder.trigger('devices_ready', {**DEVICES, 'has_video': False})
    await user.should_see('No camera was found', retries=30)
    recorder.trigger('mic_test_result', {'ok': False, 'peak_level': 0.05})
    await user.should_see('We could not hear you', retries=30)
    assert not start.enabled
    recorder.trigger('mic_test_result', {'ok': True, 'peak_level': 0.6})
    await user.should_see('You are ready to start', retries=30)
    assert start.enabled


async def test_permission_denied_and_missing_device_get_different_guidance(user: User) -> None:
    interview = make_interview(make_job(make_admin()))
    await user.open(f'/interview/{interview.token}')
    recorder = user.find(marker='recorder')
    recorder.trigger('device_error', {'kind': 'denied', 'title': 'Camera and microphone are blocked',
                                      'message': 'Allow access in the address bar, then check again.'})
    await user.should_see('Camera and microphone are blocked. Allow access in the address bar', retries=30)
    recorder.trigger('device_error', {'kind': 'not_found', 'title': 'No microphone found',
                                      'message': 'Plug in a microphone, then check again.'})
    await user.should_see('No microphone found. Plug in a microphone', retries=30)


async def test_start_asks_the_first_question_and_opens_the_video(user: User) -> None:
    interview = await _started_room(user)
    await user.should_see('Warm-up')
    started = load_interview(interview.id)
    assert started.status == InterviewStatus.in_progress and started.question_total == 3
    assert [s['mime'] for s in started.video_segments] == ['video/webm']


async def test_uploaded_answer_moves_to_the_next_question_then_finishes(user: User) -> None:
    await _started_room(user)
    recorder = user.find(marker='recorder')
    recorder.trigger('recording_started', {'max_seconds': 180, 'at': utcnow().isoformat()})
    await user.should_see('Recording your answer. Click Done when you have finished.', retries=30)
    await user.should_see(marker='done')
    following = {'index': 1, 'number': 2, 'total': 3, 'text': 'How do you index a large table?',
                 'type': 'technical', 'audio_url': None}
    recorder.trigger('answer_uploaded', {'status': 200, 'duration_ms': 4200, 'bytes': 9000, 'response': {
        'answer_index': 0, 'duplicate': False, 'finished': False, 'next': following}})
    await user.should_see('Question 2 of 3', retries=30)
    await user.should_see('How do you index a large table?')
    recorder.trigger('answer_upload_failed', {'message': 'Network error', 'retryable': True, 'status': 0})
    await user.should_see('could not be sent yet', retries=30)
    await user.should_see(marker='room-warning')
    await user.should_see('Try sending again')
    recorder.trigger('answer_upload_failed', {'message': 'Rejected', 'retryable': False, 'status': 400})
    await user.should_see('Rejected', retries=30)
    await user.should_see('Try sending again')  # the answer is still in the tab either way
    recorder.trigger('answer_uploaded', {'status': 200, 'duration_ms': 3100, 'bytes': 8000, 'response': {
        'answer_index': 1, 'duplicate': False, 'finished': True, 'next': None}})
    await user.should_see('Thank you, Cara!', retries=30)
    await user.should_see(marker='upload-note')
    await user.should_not_see('stay on for the whole interview')  # the camera goes off, it does not stay on
    await user.should_see(marker='feedback-form')


async def test_focus_lost_while_answering_is_recorded(user: User) -> None:
    interview = await _started_room(user)
    recorder = user.find(marker='recorder')
    for lost in (True, False, True):
        recorder.trigger('focus_change', {'lost': lost, 'hidden': lost, 'at': utcnow().isoformat()})
    for _ in range(100):  # each event is stored by its own handler off the event loop
        integrity = load_interview(interview.id).integrity
        if len(integrity.get('events', [])) == 3:
            break
        await asyncio.sleep(0.05)
    assert integrity['focus_lost_count'] == 2 and integrity['focus_lost_by_question'] == {'0': 2}


async def test_reopening_a_started_interview_offers_to_continue(user: User) -> None:
    interview = make_interview(make_job(make_admin(), question_count=3), name='Cara Lee')
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.status, row.started_at, row.last_activity_at = InterviewStatus.in_progress, utcnow(), utcnow()
        row.plan = [{'type': 'warmup'}, {'type': 'technical', 'skill': 'Python'}, {'type': 'behavioral'}]
        row.question_total = 3
        session.add(row)
        session.commit()
    await user.open(f'/interview/{interview.token}')
    await user.should_see('Welcome back, Cara')
    await user.should_see('Continue interview')


async def test_finished_closed_and_unknown_links(user: User) -> None:
    job = make_job(make_admin())
    done, closed = make_interview(job, name='Dana Diaz'), make_interview(job)
    with session_scope() as session:
        for interview_id, status in ((done.id, InterviewStatus.completed), (closed.id, InterviewStatus.abandoned)):
            row = session.get(Interview, interview_id)
            row.status, row.ended_at = status, utcnow() - timedelta(minutes=5)
            session.add(row)
        session.commit()
    await user.open(f'/interview/{done.token}')
    await user.should_see('Thank you, Dana!')
    await user.open(f'/interview/{closed.token}')
    await user.should_see('This interview is closed')
    response = await user.http_client.get('/interview/not-a-real-token')
    assert response.status_code == 404 and 'This link does not work' in response.text


async def test_a_quiet_microphone_is_mentioned_before_the_next_answer(user: User) -> None:
    await _started_room(user)
    recorder = user.find(marker='recorder')
    recorder.trigger('recording_started', {'max_seconds': 180, 'at': utcnow().isoformat()})
    await user.should_see(marker='done', retries=30)
    following = {'index': 1, 'number': 2, 'total': 3, 'text': 'How do you index a large table?',
                 'type': 'technical', 'audio_url': None}
    quiet = 'Your microphone seems quiet. Move closer to it or raise its volume for the next answer.'
    recorder.trigger('answer_uploaded', {'status': 200, 'duration_ms': 4200, 'bytes': 9000, 'response': {
        'answer_index': 0, 'duplicate': False, 'finished': False, 'next': following,
        'audio_check': {'peak_dbfs': -41.0, 'speech_detected': True, 'message': quiet}}})
    await user.should_see('Question 2 of 3', retries=30)
    await user.should_see(quiet)
    await user.should_see(marker='room-warning')
