"""The System page's figures from the database: the organization's processing queue, answers waiting
for HR's retry, the last 24 hours' failures grouped by reason, and the recordings still stored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.db import session_scope
from app.db_types import utcnow
from app.errors import Forbidden
from app.models import Answer, Interview, Question
from app.services import system_status
from tests.fairness_setup import make_hr
from tests.support.factories import make_admin, make_interview, make_job

pytestmark = pytest.mark.usefixtures('database')


def _answers(interview: Interview, *rows: dict[str, object]) -> None:
    with session_scope() as session:
        for index, values in enumerate(rows):
            question = Question(interview_id=interview.id or 0, index=index, text=f'Question {index + 1}?')
            session.add(question)
            session.flush()
            session.add(Answer(question_id=question.id or 0, interview_id=interview.id or 0, **values))
        session.commit()


def test_queue_failures_and_recordings_of_the_organization() -> None:
    admin = make_admin()
    now = utcnow()
    interview = make_interview(make_job(admin))
    timeout = 'STT timed out (after 3 attempts)'
    _answers(
        interview,
        {'status': 'received', 'created_at': now - timedelta(minutes=5), 'audio_file': 'a.webm', 'audio_bytes': 1000},
        {'status': 'transcribed', 'created_at': now - timedelta(minutes=1)},
        {'status': 'failed', 'error': timeout, 'created_at': now - timedelta(hours=2), 'audio_file': 'b.webm',
         'audio_bytes': 500},
        # Still being retried after a failure: counted under the same reason, not as given up.
        {'status': 'received', 'error': f'  {timeout}\n', 'created_at': now - timedelta(hours=1)},
        {'status': 'failed', 'error': 'invalid model output', 'created_at': now - timedelta(hours=3)},
        {'status': 'failed', 'error': 'a failure from two days ago', 'created_at': now - timedelta(days=2)},
        {'status': 'scored', 'created_at': now - timedelta(hours=4), 'audio_file': 'c.webm', 'audio_bytes': 250},
    )
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        assert row is not None
        row.video_segments = [{'file': 'v1.webm', 'bytes': 4000}, {'file': None, 'bytes': 99}]
        session.add(row)
        session.commit()
    # Another organization's queue and failures are not this admin's.
    _answers(make_interview(make_job(make_admin())),
             {'status': 'failed', 'error': 'someone else', 'created_at': now, 'audio_file': 'x', 'audio_bytes': 10**6})
    with session_scope(read_only=True) as session:
        status = system_status.queue_status(session, admin)
    assert (status.waiting, status.awaiting_retry) == (3, 3)
    assert status.oldest_waiting_seconds is not None and 3595 < status.oldest_waiting_seconds < 3700
    assert [(r.reason, r.answers, r.final) for r in status.failures_24h] == [
        (timeout, 2, 1), ('invalid model output', 1, 1)]
    assert status.recordings_bytes == 1000 + 500 + 250 + 4000  # answer audio and the video's stored segments
    with session_scope(read_only=True) as session, pytest.raises(Forbidden):
        system_status.queue_status(session, make_hr(admin))
