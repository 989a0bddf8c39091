"""Hiring analytics over a small hand-checked set of candidates at every stage."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from app.db import session_scope
from app.db_types import UTC
from app.errors import NotFound
from app.models import Answer, Candidate, Interview, Job, Question, User
from app.services import analytics_export, hiring_analytics
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')
T = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def _candidate(job: Job, *, status: str = 'pending', interview: str = 'scheduled', minutes: float | None = None,
               answers: int = 0, score: float | None = None, decided_after_hours: float | None = None,
               started: bool = True, invited: bool = False, consent: bool = True, rating: int | None = None,
               ) -> None:
    with session_scope() as session:
        n = secrets.token_hex(4)
        ended = T + timedelta(minutes=minutes) if minutes is not None else None
        decided = ended + timedelta(hours=decided_after_hours) if ended and decided_after_hours else None
        candidate = Candidate(organization_id=job.organization_id, job_id=job.id or 0, name=f'C {n}',
                              email=f'c{n}@example.com', created_at=T, status=status, decided_at=decided,
                              invited_at=T if invited else None, consent_at=T if consent else None)
        session.add(candidate)
        session.flush()
        row = Interview(organization_id=job.organization_id, candidate_id=candidate.id or 0,
                        token=secrets.token_urlsafe(16), status=interview,
                        started_at=T if interview != 'scheduled' and started else None, ended_at=ended,
                        final_score=score, effective_score=score, feedback_rating=rating)
        session.add(row)
        session.flush()
        for index in range(answers):
            question = Question(interview_id=row.id or 0, index=index, text=f'Question {index + 1}?')
            session.add(question)
            session.flush()
            session.add(Answer(question_id=question.id or 0, interview_id=row.id or 0, status='scored'))
        session.commit()


def _seed() -> tuple[Job, Job]:
    admin = make_admin()
    backend, data = make_job(admin, title='Backend'), make_job(admin, title='Data')
    _candidate(backend)  # applied only
    _candidate(backend, interview='in_progress', answers=1)  # started, still answering
    _candidate(backend, interview='abandoned', minutes=60)  # left at question 1
    _candidate(backend, interview='abandoned', minutes=60, answers=2)  # left at question 3
    _candidate(backend, interview='abandoned', minutes=60, answers=2)  # left at question 3
    _candidate(backend, interview='completed', minutes=30, score=70)  # pending decision
    _candidate(backend, interview='completed', minutes=20, score=85, status='hired', decided_after_hours=48)
    _candidate(backend, interview='completed', minutes=40, score=30, status='rejected', decided_after_hours=24)
    # Answered the last question, not scored yet: completed for the funnel.
    _candidate(backend, interview='in_progress', minutes=10, status='shortlisted', decided_after_hours=2)
    _candidate(backend, status='rejected')  # rejected without an interview: not "decided" in the funnel
    _candidate(data, interview='completed', minutes=25, score=60)
    _candidate(data, interview='completed', minutes=35, score=90, status='shortlisted', decided_after_hours=12)
    return backend, data


def _analytics(job: Job, **scope):
    with session_scope(read_only=True) as session:
        return hiring_analytics.hiring_analytics(session, job.organization_id, scope)


def test_overall_funnel_times_and_drop_off() -> None:
    backend, _ = _seed()
    result = _analytics(backend)
    # applied 12; started: 8 backend + 2 data = 10; completed: 4 + 2 = 6; decided (after completing): 4.
    assert [(s.key, s.count) for s in result.funnel] == [('invited', 0), ('applied', 12), ('started', 10),
                                                         ('completed', 6), ('decided', 4)]
    assert [s.from_previous for s in result.funnel] == [None, None, pytest.approx(10 / 12), pytest.approx(6 / 10),
                                                        pytest.approx(4 / 6)]
    assert result.funnel[-1].from_first == pytest.approx(4 / 12)
    assert result.decisions == {'shortlisted': 2, 'hired': 1, 'rejected': 1}
    assert result.completion_rate == pytest.approx(0.6)
    # Minutes: 10, 20, 25, 30, 35, 40 → (25 + 30) / 2. Hours to decision: 2, 12, 24, 48 → (12 + 24) / 2.
    assert result.median_minutes_to_complete == 27.5 and result.median_hours_to_decision == 18.0
    assert result.abandoned == 3
    assert [(d.question, d.abandoned) for d in result.drop_off] == [(1, 1), (3, 2)]


def test_score_distribution_per_job() -> None:
    job, _ = _seed()
    assert _analytics(make_job(make_admin())).scores == []  # another organization's jobs are not seen
    scores = {s.title: s for s in _analytics(job).scores}
    # Backend 30, 70, 85: inclusive quartiles 50 and 77.5. Data 60, 90: 67.5 and 82.5.
    b, d = scores['Backend'], scores['Data']
    assert (b.scored, b.mean, b.median, b.q1, b.q3, b.low, b.high) == (3, 61.7, 70, 50, 77.5, 30, 85)
    assert b.buckets == [0, 0, 0, 1, 0, 0, 0, 1, 1, 0]
    assert (d.scored, d.median, d.q1, d.q3) == (2, 75, 67.5, 82.5) and d.buckets[9] == 1


def test_one_job_and_date_range() -> None:
    backend, _ = _seed()
    result = _analytics(backend, job_id=backend.id)
    assert [s.count for s in result.funnel] == [0, 10, 8, 4, 3] and result.job_title == 'Backend'
    assert [s.title for s in result.scores] == ['Backend']
    assert _analytics(backend, date_from='2026-04-02').funnel[1].count == 0
    assert _analytics(backend, date_from='2026-04-01', date_to='2026-04-01').funnel[1].count == 12
    empty = _analytics(backend, date_to='2026-03-31')
    assert empty.completion_rate is None and empty.median_minutes_to_complete is None and empty.scores == []
    with pytest.raises(NotFound):
        _analytics(make_job(make_admin()), job_id=backend.id)


def test_csv_export() -> None:
    backend, _ = _seed()
    with session_scope() as session:
        admin = session.exec(select(User).where(User.organization_id == backend.organization_id)).one()
        filename, body = analytics_export.analytics_csv(session, admin, {'job_id': backend.id})
    assert filename.startswith('hiring-analytics-')
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ['section', 'job_id', 'job', 'key', 'value']
    values = {(r[0], r[3]): r[4] for r in rows[1:]}
    assert values[('funnel', 'completed')] == '4' and values[('funnel_conversion_from_previous', 'started')] == '0.8'
    assert values[('summary', 'completion_rate')] == '0.5' and values[('drop_off_by_question', 'question_3')] == '2'
    assert values[('score_distribution', 'median')] == '70.0' and values[('score_distribution', 'band_80_89')] == '1'


def test_invitations_head_the_funnel_and_only_accepted_ones_are_applications() -> None:
    admin = make_admin()
    job = make_job(admin, title='Invited')
    _candidate(job, invited=True, consent=False)  # invited, never opened the link: not an application
    _candidate(job, invited=True, consent=False)
    _candidate(job, invited=True, interview='completed', minutes=30, score=80)  # accepted and finished
    _candidate(job, interview='in_progress')  # applied through the public link
    result = _analytics(job)
    # invited 3; applied = 1 accepted invitation + 1 public applicant = 2 (not 4); started 2; completed 1.
    assert [(s.key, s.count) for s in result.funnel] == [('invited', 3), ('applied', 2), ('started', 2),
                                                         ('completed', 1), ('decided', 0)]
    invited, applied, started = result.funnel[:3]
    assert invited.from_previous is None and invited.from_first is None
    assert applied.from_previous == pytest.approx(1 / 3)  # share of invitations accepted
    assert applied.from_first == 1.0 and started.from_previous == 1.0
    with session_scope() as session:
        _, body = analytics_export.analytics_csv(session, admin, {'job_id': job.id})
    values = {(r[0], r[3]): r[4] for r in csv.reader(io.StringIO(body))}
    assert values[('funnel', 'invited')] == '3' and values[('funnel', 'applied')] == '2'
    assert values[('funnel_conversion_from_previous', 'applied')] == '0.3333'


def test_average_candidate_feedback_overall_and_per_job() -> None:
    admin = make_admin()
    backend, data = make_job(admin, title='Backend'), make_job(admin, title='Data')
    _candidate(backend, interview='completed', minutes=20, score=70, rating=5)
    _candidate(backend, interview='completed', minutes=20, score=60, rating=4)
    _candidate(backend, interview='completed', minutes=20, score=50)  # gave no feedback
    _candidate(data, interview='completed', minutes=20, score=90, rating=2)
    result = _analytics(backend)
    # Overall (5 + 4 + 2) / 3 = 3.67 → 3.7; Backend 4.5 of two ratings; Data 2.0 of one.
    assert (result.feedback_responses, result.feedback_average) == (3, 3.7)
    per_job = {s.title: (s.feedback_responses, s.feedback_average) for s in result.scores}
    assert per_job == {'Backend': (2, 4.5), 'Data': (1, 2.0)}
    assert _analytics(backend, date_to='2026-03-31').feedback_average is None
    with session_scope() as session:
        _, body = analytics_export.analytics_csv(session, admin, {'job_id': backend.id})
    values = {(r[0], r[3]): r[4] for r in csv.reader(io.StringIO(body))}
    assert values[('summary', 'candidate_feedback_average_of_5')] == '4.5'
    assert values[('score_distribution', 'candidate_feedback_responses')] == '2'
