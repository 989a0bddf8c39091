"""The job page's "Interview questions" section and "Try an answer" box in a real browser: pin, open the
edit dialog, score an answer (screenshots go to shots_dir for a human look)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app.db import reset_engine
from tests.support.factories import PASSWORD, make_admin, make_job
from tests.support.live_server import ROOT, RunningApp, seed_database_env

pytestmark = pytest.mark.browser


def test_job_questions_and_try_an_answer(start_app: Callable[..., RunningApp],
                                         launch_chromium: Callable[..., Browser], shots_dir: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    env = seed_database_env(tmp_path, monkeypatch)
    admin = make_admin(org='Acme Hiring')
    job = make_job(admin, title='Backend Engineer', question_count=8)
    reset_engine()
    app = start_app(ROOT / 'main.py', env, ready_path='/health')
    page = launch_chromium().new_page(viewport={'width': 1360, 'height': 900})
    page.goto(f'{app.url}/login')
    page.get_by_label('Work email').fill(admin.email)
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url('**/jobs')

    page.goto(f'{app.url}/jobs/{job.id}')
    expect(page.get_by_text('Interview questions')).to_be_visible()
    page.get_by_text('Python · 9 questions').click()
    page.get_by_role('button').filter(has_text='push_pin').first.click()
    expect(page.get_by_text('1 pinned · 0 excluded')).to_be_visible()
    page.get_by_role('button').filter(has_text='block').nth(1).click()
    expect(page.get_by_text('1 pinned · 1 excluded')).to_be_visible()
    page.get_by_text('Interview questions').scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / 'job-questions.png'), full_page=True)

    page.get_by_role('button').filter(has_text='edit').nth(2).click()
    expect(page.get_by_text('Edit question')).to_be_visible()
    page.screenshot(path=str(shots_dir / 'job-question-edit.png'))
    page.get_by_role('button', name='Cancel').click()
    # The dialog's own "Question" field stays in the page until its closing animation ends.
    expect(page.get_by_text('Edit question')).to_be_hidden()
    expect(page.get_by_label('Question', exact=True)).to_have_count(1)

    page.get_by_label('Question', exact=True).fill('What is an index in PostgreSQL, and what does it cost to add one?')
    page.get_by_label('Rubric: key points, one per line').fill(
        'An index avoids a full table scan\nWrites get slower because the index must be updated too\n'
        'An index uses extra disk space')
    page.get_by_label('Answer, as the candidate would say it').fill(
        'An index lets the database avoid scanning the whole table. Each insert has to update the index as well, '
        'so writes are slower.')
    page.get_by_role('button', name='Score this answer').click()
    expect(page.get_by_text('scored by offline')).to_be_visible(timeout=60_000)
    expect(page.get_by_text('Not covered')).to_be_visible()
    page.get_by_text('Try an answer').scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / 'job-try-answer.png'), full_page=True)
