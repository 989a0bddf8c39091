"""The job dashboard's server-side sort, filters, search and pagination, and the score distribution."""

from __future__ import annotations

from typing import Any

import pytest

from app.db import session_scope
from app.db_types import utcnow
from app.errors import Invalid, NotFound
from app.models import Answer, Interview, Question
from app.services import dashboard
from app.services.dashboard import SortKey
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import seed_dashboard

pytestmark = pytest.mark.usefixtures('database')
RANK = {'Reject': 0, 'Weak': 1, 'Medium': 2, 'Strong': 3}


def python_order(rows: list[dict[str, Any]], key: SortKey, descending: bool) -> list[int]:
    def value(row: dict[str, Any]) -> Any:
        v = row[key.value]
        if key == SortKey.recommendation and v is not None:
            return RANK[v]
        return v.lower() if key == SortKey.name else v
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), r['id']), reverse=descending)
    missing.sort(key=lambda r: r['id'], reverse=descending)
    return [r['id'] for r in present + missing]


def ids(page: dashboard.DashboardPage) -> list[int]:
    return [row.candidate_id for row in page.rows]


@pytest.mark.parametrize('descending', [True, False])
def test_every_column_sorts_with_empty_values_last(descending: bool) -> None:
    admin = make_admin()
    job = make_job(admin)
    rows = seed_dashboard(job)
    with session_scope(read_only=True) as session:
        for key in SortKey:
            page = dashboard.job_dashboard(session, admin.organization_id, job.id,
                                           {'sort': key, 'descending': descending, 'page_size': 100})
            assert ids(page) == python_order(rows, key, descending), key


def test_pages_cover_the_sorted_list_exactly_once() -> None:
    admin = make_admin()
    job = make_job(admin)
    rows = seed_dashboard(job, count=53)
    seen: list[int] = []
    with session_scope(read_only=True) as session:
        for number in range(1, 7):
            page = dashboard.job_dashboard(session, admin.organization_id, job.id,
                                           {'sort': 'score', 'page': number, 'page_size': 10})
            assert page.total == 53 and len(page.rows) == (3 if number == 6 else 10)
            seen += ids(page)
        beyond = dashboard.job_dashboard(session, admin.organization_id, job.id, {'page': 9, 'page_size': 10})
    assert seen == python_order(rows, SortKey.score, True)
    assert beyond.rows == [] and beyond.total == 53


def test_filters_and_search_combine() -> None:
    admin = make_admin()
    job, other_job = make_job(admin), make_job(admin, title='Other')
    rows = seed_dashboard(job)
    seed_dashboard(other_job, count=5)
    with session_scope(read_only=True) as session:
        def found(**query: Any) -> set[int]:
            page = dashboard.job_dashboard(session, admin.organization_id, job.id, {'page_size': 100, **query})
            assert page.total == len(page.rows)
            return set(ids(page))

        assert found() == {r['id'] for r in rows}
        assert found(status=['hired', 'rejected']) == {r['id'] for r in rows if r['status'] in ('hired', 'rejected')}
        assert found(recommendation=['strong', 'none']) == {
            r['id'] for r in rows if r['recommendation'] in ('Strong', None)}
        assert found(search='ACME') == {r['id'] for r in rows if 'acme' in r['email']}
        assert found(search='ada') == {r['id'] for r in rows if r['name'].startswith('Ada')}
        assert found(search='%') == {r['id'] for r in rows if '%' in r['name']}  # LIKE wildcards are literal
        assert found(search='_') == {r['id'] for r in rows if '_' in r['name']}
        assert found(status=['shortlisted'], recommendation=['Weak'], search='globex') == {
            r['id'] for r in rows if r['status'] == 'shortlisted' and r['recommendation'] == 'Weak'
            and 'globex' in r['email']}


def test_bad_queries_and_foreign_jobs() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin)
    with session_scope(read_only=True) as session:
        for bad in ({'page_size': 7}, {'recommendation': ['Great']}, {'sort': 'salary'}, {'page': 0},
                    {'status': ['maybe']}, {'search': 'x' * 101}):
            with pytest.raises(Invalid):
                dashboard.job_dashboard(session, admin.organization_id, job.id, bad)
        with pytest.raises(NotFound):
            dashboard.job_dashboard(session, stranger.organization_id, job.id)
        with pytest.raises(NotFound):
            dashboard.score_distribution(session, stranger.organization_id, job.id)


def test_score_distribution_counts_bands_and_recommendations() -> None:
    admin = make_admin()
    job = make_job(admin)
    rows = seed_dashboard(job)
    with session_scope(read_only=True) as session:
        result = dashboard.score_distribution(session, admin.organization_id, job.id)
    scores = [r['score'] for r in rows if r['score'] is not None]
    assert result.buckets == [sum(1 for s in scores if min(int(s // 10), 9) == band) for band in range(10)]
    assert result.candidates == len(rows) and result.scored == len(scores)
    assert result.by_recommendation['none'] == len(rows) - len(scores)
    assert result.by_recommendation['Strong'] == sum(1 for s in scores if s >= 80)
    assert result.average == pytest.approx(sum(scores) / len(scores), abs=0.051)


def test_finished_interview_with_answers_in_processing_shows_as_scoring() -> None:
    admin = make_admin()
    job = make_job(admin)
    finished, answering = make_interview(job, name='Finished'), make_interview(job, name='Answering')
    with session_scope() as session:
        for interview, ended in ((finished, True), (answering, False)):
            row = session.get(Interview, interview.id)
            assert row is not None
            row.status, row.started_at, row.ended_at = 'in_progress', utcnow(), utcnow() if ended else None
            session.add(row)
            for index, status in enumerate(('scored', 'received', 'transcribed')):
                question = Question(interview_id=row.id or 0, index=index, text=f'Q{index}')
                session.add(question)
                session.flush()
                session.add(Answer(question_id=question.id or 0, interview_id=row.id or 0, status=status))
        session.commit()
        rows = {r.name: r for r in dashboard.job_dashboard(session, admin.organization_id, job.id or 0, {}).rows}
    assert rows['Finished'].interview_label == 'scoring (2 answers left)'
    assert rows['Answering'].interview_label == 'in progress'  # still answering: nothing is being scored yet
