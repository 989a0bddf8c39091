"""The job form says, per language, what an interview in it runs on here (screenshots in shots_dir)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app.db import reset_engine
from tests.browser.test_insight_screens import _sign_in
from tests.support.factories import make_admin
from tests.support.live_server import ROOT, RunningApp, seed_database_env

pytestmark = pytest.mark.browser


def test_the_job_form_explains_each_language(start_app: Callable[..., RunningApp],
                                             launch_chromium: Callable[..., Browser], shots_dir: Path,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = seed_database_env(tmp_path, monkeypatch)
    admin = make_admin(org='Acme Hiring')
    reset_engine()
    app = start_app(ROOT / 'main.py', env, ready_path='/health')
    page = launch_chromium().new_page(viewport={'width': 1360, 'height': 1000})
    _sign_in(page, app.url, admin.email)
    page.goto(f'{app.url}/jobs/new')
    expect(page.get_by_text('Runs fully offline.', exact=True)).to_be_visible()
    page.get_by_label('Interview language').click()
    page.get_by_role('option', name='Spanish').click()
    expect(page.get_by_text('Questions and scores: the offline interviewer.', exact=False)).to_be_visible()
    expect(page.get_by_text('Answers are transcribed by whisper base (offline)', exact=False)).to_be_visible()
    page.screenshot(path=str(shots_dir / 'job-form-spanish.png'), full_page=True)
    page.get_by_label('Interview language').click()
    page.get_by_role('option', name='Hindi').click()
    expect(page.get_by_text('human review advised', exact=False)).to_be_visible()
    expect(page.get_by_text('Questions and scores: the offline interviewer.', exact=False)).to_be_visible()
    page.screenshot(path=str(shots_dir / 'job-form-hindi.png'), full_page=True)
    page.get_by_label('Interview language').click()
    page.get_by_role('option', name='Tamil').click()
    expect(page.get_by_text('do not cover Tamil', exact=False)).to_be_visible()
