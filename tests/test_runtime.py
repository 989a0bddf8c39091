"""The process-wide runtime: the answer queue with or without a running worker, and its housekeeping jobs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from app.db import session_scope
from app.db_types import utcnow
from app.models import Interview
from app.runtime import answer_queue, get_runtime
from app.services import organization, recordings
from tests.support.engine_setup import Rig
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import STRONG, WEAK, answers_of, interview_with_answers


def test_answer_queue_without_a_runtime_only_warns(caplog: pytest.LogCaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import app.runtime

    monkeypatch.setattr(app.runtime, '_current', None)  # whatever an earlier test in this process started
    with pytest.raises(RuntimeError):
        get_runtime()
    with caplog.at_level(logging.WARNING, logger='app.runtime'):
        answer_queue().enqueue(7)
    assert 'answer 7 will be processed on the next start' in caplog.text


@pytest.mark.postgres  # finds interviews past retention by comparing aware timestamps in SQL
async def test_runtime_runs_the_retention_job(rig: Rig) -> None:
    admin = make_admin()
    with session_scope() as session:
        organization.update_settings(session, admin, {'recording_retention_days': 1})
    job = make_job(admin, question_count=3)
    interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK])
    runtime = get_runtime()
    assert await runtime.apply_retention() == recordings.RetentionRun(0, 0)  # ended just now: kept
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.ended_at = utcnow() - timedelta(days=1, minutes=1)
        session.add(row)
        session.commit()
    assert await runtime.apply_retention() == recordings.RetentionRun(1, 4)
    assert all(a.audio_file is None for a in answers_of(interview.id))


async def test_runtime_housekeeping_yields_to_candidate_writes(rig: Rig, write_priorities: list[bool]) -> None:
    runtime = get_runtime()
    write_priorities.clear()
    assert await runtime.sweep_idle() == []
    assert await runtime.apply_retention() == recordings.RetentionRun(0, 0)
    assert write_priorities == [False, False]
