"""The candidate's feedback on the interview: after the last answer only, 1–5 with an optional comment;
HR sees it on the report and the job's average."""

from __future__ import annotations

import pytest

from app.db import session_scope
from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.models import Interview
from app.services import feedback, reports
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import load_interview

pytestmark = pytest.mark.usefixtures('database')


def _finish(interview_id: int | None) -> None:
    with session_scope() as session:
        row = session.get(Interview, interview_id)
        assert row is not None
        row.status, row.ended_at = 'in_progress', utcnow()
        session.add(row)
        session.commit()


def test_feedback_after_the_last_answer_reaches_the_report_and_the_job_average() -> None:
    admin = make_admin()
    job = make_job(admin)
    first, second, silent = make_interview(job), make_interview(job), make_interview(job)
    with session_scope() as session, pytest.raises(Conflict, match='once you have answered the last question'):
        feedback.save_feedback(session, first.token, {'rating': 5})
    for interview in (first, second, silent):
        _finish(interview.id)
    with session_scope() as session:
        feedback.save_feedback(session, first.token, {'rating': 2, 'comment': '  The questions were too fast. '})
        feedback.save_feedback(session, first.token, {'rating': 4, 'comment': 'Changed my mind: fine.'})
        feedback.save_feedback(session, second.token, {'rating': 5})
    with session_scope(read_only=True) as session:
        assert feedback.stored_feedback(session, first.token) == feedback.FeedbackIn(rating=4,
                                                                                      comment='Changed my mind: fine.')
        assert feedback.stored_feedback(session, silent.token) is None
        summary = feedback.job_feedback(session, admin.organization_id, job.id or 0)
        report = reports.candidate_report(session, admin.organization_id, load_interview(first.id).candidate_id)
    assert summary == feedback.JobFeedback(responses=2, average=4.5)
    assert report.interview is not None
    assert (report.interview.feedback_rating, report.interview.feedback_comment) == (4, 'Changed my mind: fine.')


def test_bad_feedback_and_foreign_jobs_are_refused() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin)
    interview = make_interview(job)
    _finish(interview.id)
    with session_scope() as session:
        for bad in ({'rating': 0}, {'rating': 6}, {'rating': 3, 'comment': 'x' * 1001}, {}):
            with pytest.raises(Invalid):
                feedback.save_feedback(session, interview.token, bad)
        with pytest.raises(NotFound):
            feedback.save_feedback(session, 'no-such-link', {'rating': 3})
        with pytest.raises(NotFound):
            feedback.job_feedback(session, stranger.organization_id, job.id or 0)
        assert feedback.job_feedback(session, admin.organization_id, job.id or 0).average is None

