"""HR review pages with the simulated user: the job dashboard (server-side table), the candidate
report (escaping, overrides, corrections, retry, decision), compare, audit and settings."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from app.db import session_scope
from app.models import Answer, AnswerStatus, AuditEvent, Interview, Organization, ScoreOverride
from tests.pages.conftest import log_out, sign_in, table_rows
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import STRONG, WEAK, answers_of, interview_with_answers, seed_dashboard
from tests.support.runtime import scripted_runtime

HOSTILE = 'I add an index <script>alert(1)</script> and <a href="javascript:alert(2)">click</a> here.'


def _table(user: User, marker: str) -> ui.table:
    table = user.find(marker=marker).elements.pop()
    assert isinstance(table, ui.table)
    return table


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    """Until `check()` holds: page handlers run their queries on the DB thread pool."""
    for _ in range(int(seconds / 0.05)):
        try:
            if check():
                return
        except AssertionError:  # user.find found nothing: a refreshable is between clearing and refilling
            pass
        await asyncio.sleep(0.05)
    assert check()


async def test_dashboard_sorts_filters_searches_and_pages_on_the_server(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    rows = seed_dashboard(job, count=40)
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see(marker='score-chart', retries=30)
    table = _table(user, 'candidates-table')
    assert table.pagination['rowsNumber'] == 40 and len(table.rows) == 25
    newest = sorted(rows, key=lambda r: (r['applied'], r['id']), reverse=True)
    assert [r['id'] for r in table_rows(user, 'candidates-table')] == [r['id'] for r in newest[:25]]

    user.find(marker='candidates-table').trigger('request', {'pagination': {
        'sortBy': 'score', 'descending': True, 'page': 1, 'rowsPerPage': 10}})
    scored = sorted((r for r in rows if r['score'] is not None), key=lambda r: (r['score'], r['id']), reverse=True)
    await eventually(lambda: [r['id'] for r in table.rows] == [r['id'] for r in scored[:10]])
    user.find(marker='candidates-table').trigger('request', {'pagination': {
        'sortBy': 'score', 'descending': True, 'page': 4, 'rowsPerPage': 10}})
    await eventually(lambda: table.pagination['page'] == 4)
    # 32 of the 40 have a score: page 4 holds the last 2 of them, then the unscored, which sort last.
    assert [r['score'] is None for r in table.rows] == [False] * 2 + [True] * 8

    user.find(marker='candidate-search').type('acme')
    await eventually(lambda: table.pagination['rowsNumber'] == 20)
    assert {r['email'].split('@')[1] for r in table.rows} == {'acme.io'} and table.pagination['page'] == 1
    user.find(marker='status-filter').elements.pop().set_value(['hired'])
    expected = {r['id'] for r in rows if 'acme' in r['email'] and r['status'] == 'hired'}
    await eventually(lambda: {r['id'] for r in table.rows} == expected)
    assert table.pagination['rowsNumber'] == len(expected)


async def test_report_shows_everything_escaped_and_takes_overrides(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hello.', HOSTILE, WEAK],
                                                 name='Zed <img src=x onerror=alert(3)>')
    with session_scope() as session:
        row = session.get(Interview, interview.id)
        row.scoring_provider = 'offline'
        session.add(row)
        session.commit()
    await sign_in(user, admin.email)
    await user.open(f'/candidates/{interview.candidate_id}')
    await user.should_see(marker='result-card', retries=30)
    await user.should_see('Zed <img src=x onerror=alert(3)>')  # a label: text, not markup
    await user.should_see(marker='offline-scoring')
    await user.should_see(marker='radar-chart')
    await user.should_see(marker='interview-video')
    await user.should_see('The interview window lost focus 1 time.')
    narrative = user.find(marker='narrative-report').elements.pop()
    assert isinstance(narrative, ui.label) and narrative.text.startswith('Zed <img src=x onerror=alert(3)> scored')
    transcript = next(e for e in user.find(marker='transcript').elements if 'index' in e.content)
    assert '<script>' not in transcript.content and '<a ' not in transcript.content
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in transcript.content
    assert 'href=&quot;javascript:alert(2)&quot;' in transcript.content
    assert '<mark class="evidence" title="Evidence for: index">index</mark>' in transcript.content
    audio = user.find(marker='answer-audio').elements
    assert len(audio) == 3 and all(a.props['src'].startswith('/recordings/answers/') for a in audio)

    with user.scope(marker='answer-2'):
        user.find(marker='override-depth').click()
    await user.should_see(marker='override-dialog', retries=5)
    user.find(marker='override-save').click()  # no value, no reason
    await user.should_see(marker='form-error', retries=10)
    user.find(marker='override-value').elements.pop().set_value(4.5)
    user.find(marker='override-reason').type('Explained indexing trade-offs <b>well</b>.')
    user.find(marker='override-save').click()
    await user.should_see('Override saved.', retries=30)
    await user.should_see('HR: Explained indexing trade-offs <b>well</b>.', retries=30)
    with session_scope(read_only=True) as session:
        override = session.exec(select(ScoreOverride)).one()
        answer = session.get(Answer, override.answer_id)
    assert (override.field, override.score, override.actor_label) == ('depth', 4.5, admin.email)
    assert answer.depth == 5 * 1 / 3  # the AI's value stays: 1 of 3 rubric points


async def test_decision_correction_rescore_and_retry_from_the_report(user: User,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules['pages.candidates'], 'POLL_SECONDS', 0.2)  # the page notices sooner
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hello.', STRONG, WEAK], name='Rae', video=False)
    first_score = interview.final_score
    await sign_in(user, admin.email)
    await user.open(f'/candidates/{interview.candidate_id}')
    await user.should_see(marker='status-card', retries=30)
    user.find(marker='status-select').elements.pop().set_value('shortlisted')
    user.find(marker='status-note').type('Strong on databases')
    user.find(marker='save-status').click()
    await user.should_see('Status saved: Shortlisted.', retries=30)
    await user.should_see(marker='decided-by', retries=30)

    async with scripted_runtime(max_attempts=1):  # the page's Retry/Re-score reach this pipeline
        with user.scope(marker='answer-3'):
            user.find(marker='correct-transcript').click()
        await user.should_see(marker='transcript-dialog', retries=5)
        user.find(marker='transcript-text').clear().type(STRONG)
        user.find(marker='transcript-save').click()
        await user.should_see('Transcript (corrected by a reviewer)', retries=30)
        with user.scope(marker='answer-3'):
            user.find(marker='rescore-answer').click()
        await user.should_see('Re-scoring with the corrected transcript.', retries=30)
        # The page polls and rebuilds itself when the worker is done.
        await eventually(lambda: [e.text for e in user.find(marker='final-score').elements] == ['100'], 10)

        with session_scope() as session:  # the next answer's processing failed for good
            answer = session.get(Answer, answers_of(interview.id)[1].id)
            answer.status, answer.error, answer.attempts = AnswerStatus.failed, 'STT provider timed out', 4
            session.add(answer)
            session.commit()
        await user.should_see(marker='answer-failure', retries=60)
        await user.should_see('STT provider timed out')
        user.find(marker='retry-answer').click()
        await user.should_not_see(marker='answer-failure', retries=60)
        # The interview was already completed, so the retried answer's new score recomputes the result.
        expected = ['candidate.status', 'candidate.transcript_correct', 'candidate.rescore', 'interview.rescored',
                    'candidate.retry', 'interview.rescored']
        await eventually(lambda: _candidate_actions(interview.candidate_id) == expected, 10)
    assert answers_of(interview.id)[1].status == AnswerStatus.scored and first_score is not None


def _candidate_actions(candidate_id: int) -> list[str]:
    with session_scope(read_only=True) as session:
        return [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.subject_id == candidate_id, AuditEvent.subject_type == 'candidate')
            .order_by(AuditEvent.id)).all()]


async def test_compare_audit_and_settings_pages(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        a = await interview_with_answers(rig, job, ['Hi.', STRONG, STRONG], name='Ann', video=False)
        b = await interview_with_answers(rig, job, ['Hi.', WEAK, WEAK], name='Ben', video=False)
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}/compare?ids={a.candidate_id},{b.candidate_id}')
    await user.should_see(marker='compare-radar', retries=30)
    with user.scope(marker='compare-table'):
        await user.should_see('Ann')
        await user.should_see('Ben')
        await user.should_see('Score on Python')
    one = await user.http_client.get(f'/jobs/{job.id}/compare?ids={a.candidate_id}')
    assert one.status_code == 422 and 'Pick 2 to 4 different candidates to compare.' in one.text

    await user.open('/settings')
    await user.should_see(marker='retention-card', retries=30)
    user.find(marker='retention-enabled').click()
    user.find(marker='retention-days').elements.pop().set_value(14)
    user.find(marker='save-retention').click()
    await user.should_see('Retention saved.', retries=30)
    with session_scope(read_only=True) as session:
        assert session.get(Organization, admin.organization_id).recording_retention_days == 14

    await user.open('/audit')
    await user.should_see(marker='audit-table', retries=30)
    rows = table_rows(user, 'audit-table')
    assert [row['code'] for row in rows[:2]] == ['organization.retention', 'auth.login']
    assert rows[0]['action'] == 'Recording retention changed' and rows[0]['detail'] == 'keep → 14 days'
    assert rows[0]['actor'] == admin.email and 'job.create' in [row['code'] for row in rows]
    assert rows[0]['ip'] == '127.0.0.1'  # a click in the UI records where the browser session connects from
    user.find(marker='audit-action').elements.pop().set_value('job.create')
    await eventually(lambda: [row['code'] for row in table_rows(user, 'audit-table')] == ['job.create'])


async def test_files_and_pages_of_another_organization_are_not_found(user: User) -> None:
    owner, stranger = make_admin(), make_admin()
    job = make_job(owner, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK], name='Private Person')
    answer_id = answers_of(interview.id)[1].id
    cid = interview.candidate_id
    paths = [f'/recordings/answers/{answer_id}', f'/recordings/candidates/{cid}/video/0',
             f'/candidates/{cid}/export.json', f'/candidates/{cid}/print', f'/jobs/{job.id}/export.csv']
    assert all([(await user.http_client.get(p)).status_code == 401 for p in paths])
    await sign_in(user, stranger.email)
    for path in [*paths, f'/candidates/{cid}', f'/jobs/{job.id}/compare?ids={cid},{cid + 1}']:
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert 'Private Person' not in response.text and STRONG not in response.text
    await log_out(user)
    await sign_in(user, owner.email)
    audio = await user.http_client.get(f'/recordings/answers/{answer_id}')
    assert audio.status_code == 200 and audio.content == STRONG.encode()
    assert 'attachment' not in audio.headers.get('content-disposition', '')
    download = await user.http_client.get(f'/recordings/answers/{answer_id}?download=1')
    assert download.headers['content-disposition'].startswith('attachment')
    printed = await user.http_client.get(f'/candidates/{cid}/print')
    assert printed.status_code == 200 and 'Private Person' in printed.text
    csv_file = await user.http_client.get(f'/jobs/{job.id}/export.csv?status=pending&sort=score')
    assert csv_file.status_code == 200 and 'Private Person' in csv_file.content.decode('utf-8-sig')
    with session_scope(read_only=True) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.organization_id == owner.organization_id).order_by(AuditEvent.id)).all()]
    assert actions[-3:] == ['recording.download', 'candidate.report_print', 'job.export_csv']
    assert 'recording.download' not in actions[:-3]  # playback is not a download
