"""HR invites candidates from a CSV in a real browser, the app emails them through a real SMTP server
(aiosmtpd), and a candidate opens the link read from that email: consent, the interview room, and every
question answered by voice (Chromium's fake microphone plays a piper-spoken answer) — then HR sees the
invitation completed and the scored report. A withdrawn link shows a clear page. Screenshots go to
shots_dir for a human look."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from app.config import reset_settings
from app.db import reset_engine, upgrade_schema
from tests.support.factories import PASSWORD, make_admin, make_job
from tests.support.live_server import ROOT, RunningApp, seed_database_env
from tests.support.smtp_server import Inbox, smtp_server, text_body
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.browser

QUESTIONS = 3
# As in tests/browser/test_interview_e2e.py: one spoken answer, played twice per question by the fake microphone.
ANSWER = 'I have ten years of experience with PostgreSQL. I use explain analyze, and vacuum cleans up dead tuples.'
ANSWER_SECONDS = 16


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f'{url}/login')
    page.get_by_label('Work email').fill(email)
    page.get_by_label('Password').fill(PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url('**/jobs')


def _wait_for_mail(inbox: Inbox, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(inbox.received) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f'{len(inbox.received)} of {count} emails arrived')
        time.sleep(0.2)


def _check_devices(candidate: Page) -> None:
    candidate.get_by_role('button', name='Check devices').click()
    expect(candidate.get_by_text('Devices are ready')).to_be_visible(timeout=20_000)
    candidate.get_by_role('button', name='Test microphone').click()
    expect(candidate.get_by_text('We can hear you. You are ready to start.')).to_be_visible(timeout=20_000)


def _complete_interview(candidate: Page, questions: int, shots_dir: Path) -> None:
    """Device check, then every question answered by the fake microphone (as tests/browser/test_interview_e2e).

    On a starved machine the page's websocket can drop for longer than NiceGUI waits, and the browser reloads
    the page: the room then offers "Continue interview" after a new device check, as it would to a person."""
    _check_devices(candidate)
    candidate.get_by_role('button', name='Start interview').click()
    candidate.get_by_role('button', name='Start the interview').click()  # skips the practice question
    for number in range(1, questions + 1):
        question = candidate.get_by_text(f'Question {number} of {questions}')
        resume = candidate.get_by_role('button', name='Continue interview')
        expect(question.or_(resume)).to_be_visible(timeout=30_000)
        if resume.is_visible():
            _check_devices(candidate)
            resume.click()
            expect(question).to_be_visible(timeout=30_000)
        if number > 1 and candidate.get_by_role('button', name='Answer now').is_visible():
            candidate.get_by_role('button', name='Answer now').click()
        expect(candidate.get_by_text('Recording your answer. Click Done')).to_be_visible(timeout=60_000)
        candidate.wait_for_timeout(ANSWER_SECONDS * 1000)
        candidate.get_by_role('button', name='Done').click()
    expect(candidate.get_by_text('Thank you, Ann!')).to_be_visible(timeout=30_000)
    expect(candidate.get_by_text('Everything is uploaded')).to_be_visible(timeout=60_000)
    candidate.screenshot(path=str(shots_dir / 'invited-finished.png'), full_page=True)


def _candidate_id(email: str) -> int:
    from sqlmodel import select

    from app.db import session_scope
    from app.models import Candidate
    with session_scope(read_only=True) as session:
        return session.exec(select(Candidate.id).where(Candidate.email == email)).one() or 0


def _until_visible(page: Page, locator: Locator, seconds: float) -> None:
    """Reload until `locator` shows (the answers are transcribed and scored in the background)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            expect(locator).to_be_visible(timeout=5000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        page.reload()


def test_hr_invites_by_csv_and_the_candidate_completes_the_emailed_interview(
        start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser], shots_dir: Path,
        synthesize_wav: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (inbox, smtp_port), webhook_receiver() as receiver:
        env = {'DATA_DIR': str(tmp_path / 'var'), 'DATABASE_URL': f'sqlite:///{tmp_path / "var" / "panelist.db"}',
               'TTS_PROVIDER': 'browser', 'SECRET_KEY': 'browser-test-secret-0123456789abcdefghij',
               'SMTP_HOST': '127.0.0.1', 'SMTP_PORT': str(smtp_port), 'SMTP_TLS': 'none',
               'SMTP_FROM': 'Acme Hiring <hiring@acme.example>', 'WEBHOOK_ALLOW_PRIVATE': 'true'}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        reset_settings()
        reset_engine()
        upgrade_schema()
        admin = make_admin(org='Acme Hiring')
        job = make_job(admin, title='Data Engineer', must_have_skills=['PostgreSQL'], question_count=QUESTIONS,
                       answer_time_limit_seconds=30)
        reset_engine()
        app = start_app(ROOT / 'main.py', env, ready_path='/health')
        browser = launch_chromium(synthesize_wav(ANSWER), loop_audio=True)
        page = browser.new_page(viewport={'width': 1360, 'height': 900})
        _sign_in(page, app.url, admin.email)

        page.goto(f'{app.url}/integrations')
        page.get_by_label('Endpoint URL').fill(receiver.url)
        page.get_by_role('button', name='Add endpoint').click()
        expect(page.get_by_text(receiver.url)).to_be_visible()

        page.goto(f'{app.url}/jobs/{job.id}/invite')
        page.get_by_role('tab', name='From a CSV').click()
        page.locator('textarea').fill('name,email\nAnn Lee,ann@example.com\nBo Chen,bo@example.com\n')
        page.locator('textarea').blur()
        expect(page.get_by_text('Hello Ann Lee,')).to_be_visible()
        page.screenshot(path=str(shots_dir / 'invite-csv.png'), full_page=True)
        page.get_by_role('button', name='Invite everyone').click()
        expect(page.get_by_text('Invited 2.')).to_be_visible()

        _wait_for_mail(inbox, 2)
        [ann_mail] = inbox.to('ann@example.com')
        assert ann_mail['Subject'] == 'Your interview for Data Engineer at Acme Hiring'
        match = re.search(r'http://\S+/interview/[\w-]+', text_body(ann_mail))
        assert match is not None
        link = match.group(0)

        page.goto(f'{app.url}/jobs/{job.id}')
        invitations = page.locator('.q-table', has_text='Deadline')
        expect(invitations.get_by_role('cell', name='bo@example.com', exact=True)).to_be_visible()
        expect(invitations.get_by_role('cell', name='sent', exact=True).first).to_be_visible()
        page.screenshot(path=str(shots_dir / 'job-invitations.png'), full_page=True)
        page.goto(f'{app.url}/outbox')
        expect(page.get_by_text('Bo Chen <bo@example.com>')).to_be_visible()
        page.screenshot(path=str(shots_dir / 'outbox.png'), full_page=True)

        candidate = browser.new_page(viewport={'width': 1280, 'height': 860})
        candidate.goto(link)
        expect(candidate.get_by_text('Your interview with Acme Hiring')).to_be_visible(timeout=30_000)
        candidate.screenshot(path=str(shots_dir / 'invited-consent.png'), full_page=True)
        candidate.get_by_role('checkbox').click()
        candidate.get_by_role('button', name='Agree and go to the interview').click()
        expect(candidate.get_by_text('Data Engineer').first).to_be_visible(timeout=30_000)
        expect(candidate.get_by_text('Your interview with Acme Hiring')).to_be_hidden(timeout=30_000)
        candidate.screenshot(path=str(shots_dir / 'invited-room.png'), full_page=True)
        try:
            _complete_interview(candidate, QUESTIONS, shots_dir)
        except Exception as error:  # keep what is needed to understand a failure in CI
            candidate.screenshot(path=str(shots_dir / 'invited-failure.png'), full_page=True)
            raise AssertionError(f'{error}\n--- server log ---\n{app.log_tail(60)}') from error

        # What HR sees once the answers are scored: the invitation completed, the report with its score.
        page.goto(f'{app.url}/jobs/{job.id}')
        ann_row = page.locator('.q-table', has_text='Deadline').locator('tr', has_text='ann@example.com')
        _until_visible(page, ann_row.get_by_text('completed', exact=True), seconds=180)
        page.screenshot(path=str(shots_dir / 'invitation-completed.png'), full_page=True)
        page.goto(f'{app.url}/candidates/{_candidate_id("ann@example.com")}')
        expect(page.get_by_text('Narrative report (AI-written)')).to_be_visible(timeout=30_000)
        expect(page.get_by_text(f'Q{QUESTIONS}', exact=False).first).to_be_visible()
        expect(page.get_by_text('No overall score yet')).to_be_hidden()
        page.screenshot(path=str(shots_dir / 'invited-report.png'), full_page=True)

        # HR withdraws Bo's invitation: Bo's emailed link now says so.
        [bo_mail] = inbox.to('bo@example.com')
        bo_link = re.search(r'http://\S+/interview/[\w-]+', text_body(bo_mail))
        assert bo_link is not None
        page.goto(f'{app.url}/jobs/{job.id}')
        page.locator('.q-table', has_text='Deadline').locator('tr', has_text='bo@example.com') \
            .get_by_title('Withdraw the invitation').click()
        expect(page.get_by_text('Invitation withdrawn.')).to_be_visible()
        candidate.goto(bo_link.group(0))
        expect(candidate.get_by_text('This invitation was withdrawn by the company')).to_be_visible()
        candidate.screenshot(path=str(shots_dir / 'invitation-withdrawn.png'), full_page=True)

        # Ann's consent was candidate.applied: the ATS received it, signed.
        deadline = time.monotonic() + 30
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        assert receiver.requests, 'no webhook arrived'
        assert receiver.requests[0].headers['webhook-signature'].startswith('v1,')
        page.goto(f'{app.url}/integrations')
        expect(page.get_by_role('cell', name='candidate.applied').first).to_be_visible()
        expect(page.get_by_role('cell', name='delivered').first).to_be_visible()
        page.screenshot(path=str(shots_dir / 'integrations.png'), full_page=True)

        # A teammate invited by email joins from the link in the message.
        page.goto(f'{app.url}/team')
        page.get_by_label('Name').first.fill('Rae Roe')
        page.locator('.q-card', has_text='Invite a teammate by email').get_by_label('Email').fill('rae@example.com')
        page.get_by_role('button', name='Send invitation').click()
        expect(page.get_by_text('Invitation queued for rae@example.com')).to_be_visible()
        page.screenshot(path=str(shots_dir / 'team-invite.png'), full_page=True)
        _wait_for_mail(inbox, 3)
        [rae_mail] = inbox.to('rae@example.com')
        join = re.search(r'http://\S+/join/[\w.-]+', text_body(rae_mail))
        assert join is not None
        newcomer = browser.new_page(viewport={'width': 1280, 'height': 860})
        newcomer.goto(join.group(0))
        expect(newcomer.get_by_text('Join Acme Hiring')).to_be_visible()
        newcomer.screenshot(path=str(shots_dir / 'team-join.png'), full_page=True)


def test_repeat_application_expired_link_and_job_form(
        start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser], shots_dir: Path,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from app.db import session_scope
    from app.db_types import utcnow
    from app.models import Candidate
    from app.services.invitations import invite
    from tests.support.factories import apply
    from tests.support.resumes import pdf_resume

    env = seed_database_env(tmp_path, monkeypatch)
    admin = make_admin(org='Acme Hiring')
    job = make_job(admin, title='Data Engineer')
    first = apply(job, email='jane@example.com')
    with session_scope() as session:
        late = invite.invite_one(session, admin, job.id or 0, 'Lee Late', 'lee@example.com')
        row = session.get(Candidate, late.candidate_id)
        assert row is not None
        row.deadline_at = utcnow() - timedelta(hours=1)
        session.add(row)
    reset_engine()
    resume = tmp_path / 'cv.pdf'
    resume.write_bytes(pdf_resume())
    app = start_app(ROOT / 'main.py', env, ready_path='/health')
    browser = launch_chromium()
    page = browser.new_page(viewport={'width': 1280, 'height': 860})

    page.goto(f'{app.url}/apply/{job.job_code}')
    page.get_by_label('Full name').fill('Jane Doe')
    page.get_by_label('Email').fill('JANE@example.com')
    page.locator('input[type=file]').set_input_files(str(resume))
    expect(page.get_by_text('Attached: cv.pdf')).to_be_visible(timeout=20_000)
    page.get_by_role('button', name='Continue').click()
    consent = page.get_by_role('checkbox')
    consent.click()
    expect(consent).to_have_attribute('aria-checked', 'true')
    page.get_by_role('button', name='Agree and go to the interview').click()
    expect(page.get_by_text('We have sent your link again')).to_be_visible(timeout=20_000)
    assert first.token not in page.content() and '/interview/' not in page.url
    page.screenshot(path=str(shots_dir / 'apply-link-sent-again.png'), full_page=True)

    page.goto(f'{app.url}/interview/{late.token}')
    expect(page.get_by_text('The deadline for this interview has passed')).to_be_visible()
    page.screenshot(path=str(shots_dir / 'invitation-expired.png'), full_page=True)

    hr = browser.new_page(viewport={'width': 1360, 'height': 900})
    _sign_in(hr, app.url, admin.email)
    hr.goto(f'{app.url}/jobs/{job.id}/edit')
    expect(hr.get_by_label('Invitation deadline (days)')).to_have_value('7')
    hr.screenshot(path=str(shots_dir / 'job-form-deadline.png'), full_page=True)
