"""The analytics, bias-audit and System pages, the printable bias report, and the candidate's
self-identification form on a phone, in a real browser (screenshots go to shots_dir for a human look)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.config import reset_settings
from app.db import reset_engine, session_scope, upgrade_schema
from app.db_types import utcnow
from app.models import Interview
from tests.fairness_setup import seed_people, seed_unscored
from tests.services.test_bias_math import ai_people, effective_people
from tests.support.factories import PASSWORD, make_admin, make_interview, make_job
from tests.support.live_server import ROOT, RunningApp

pytestmark = pytest.mark.browser


def _seed(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Two jobs with scored, self-identified candidates and a finished interview; returns the admin's
    email and that interview's token."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reset_settings()
    reset_engine()
    upgrade_schema()
    admin = make_admin(org='Acme Hiring')
    data = make_job(admin, title='Data Engineer')
    seed_people(data, ai_people(), effective_people(), applied_at=utcnow() - timedelta(days=3))
    seed_people(make_job(admin, title='Backend Engineer'), ai_people()[::2], applied_at=utcnow() - timedelta(days=1))
    seed_unscored(data, ['scheduled', 'in_progress', 'abandoned', 'abandoned'])
    finished = make_interview(data, name='Maya Lopez', email=f'maya{secrets.token_hex(3)}@example.com')
    with session_scope() as session:
        row = session.get(Interview, finished.id)
        row.status, row.started_at, row.ended_at = 'in_progress', utcnow() - timedelta(minutes=25), utcnow()
        session.add(row)
        session.commit()
    reset_engine()
    return admin.email, finished.token


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f'{url}/login')
    page.get_by_label('Work email').fill(email)
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url('**/jobs')


def test_insight_pages_and_the_phone_form(start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser],
                                          shots_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {'DATA_DIR': str(tmp_path / 'var'), 'DATABASE_URL': f'sqlite:///{tmp_path / "var" / "panelist.db"}',
           'TTS_PROVIDER': 'browser', 'SECRET_KEY': 'browser-test-secret-0123456789abcdefghij'}
    email, token = _seed(env, monkeypatch)
    app = start_app(ROOT / 'main.py', env, ready_path='/health')
    browser = launch_chromium()
    page = browser.new_page(viewport={'width': 1360, 'height': 900})
    _sign_in(page, app.url, email)

    page.goto(f'{app.url}/analytics')
    expect(page.get_by_text('Hiring analytics')).to_be_visible()
    expect(page.get_by_text('Completion rate')).to_be_visible()
    page.wait_for_selector('canvas')  # ECharts drew the funnel
    page.screenshot(path=str(shots_dir / 'analytics.png'), full_page=True)

    page.goto(f'{app.url}/fairness')
    expect(page.get_by_text('90 scored candidates · median score')).to_be_visible()
    expect(page.get_by_text('excluded (under 2%)').first).to_be_visible()
    page.screenshot(path=str(shots_dir / 'fairness.png'), full_page=True)
    page.get_by_role('tab', name='Effective results (after HR overrides)').click()
    page.screenshot(path=str(shots_dir / 'fairness-effective.png'), full_page=True)

    page.goto(f'{app.url}/fairness/report.html')
    expect(page.get_by_role('heading', name='Bias audit report')).to_be_visible()
    page.screenshot(path=str(shots_dir / 'fairness-print.png'), full_page=True)

    page.goto(f'{app.url}/system')
    expect(page.get_by_text('Answer processing')).to_be_visible()
    page.screenshot(path=str(shots_dir / 'system.png'), full_page=True)

    phone = browser.new_page(viewport={'width': 390, 'height': 844}, device_scale_factor=2, is_mobile=True,
                             has_touch=True)
    phone.goto(f'{app.url}/interview/{token}')
    expect(phone.get_by_text('Thank you, Maya!')).to_be_visible()
    expect(phone.get_by_text('Optional: help us check that our hiring is fair')).to_be_visible()
    phone.screenshot(path=str(shots_dir / 'self-id-phone.png'), full_page=True)
    phone.get_by_role('radio', name='Female').click()
    phone.get_by_label('Race / ethnicity').click()
    phone.get_by_role('option', name='Hispanic or Latino').click()
    phone.get_by_role('button', name='Save my answers').click()
    expect(phone.get_by_text('Thank you, your answers are saved.')).to_be_visible()
    phone.screenshot(path=str(shots_dir / 'self-id-phone-saved.png'), full_page=True)
