"""Accommodations in a real browser (Debian Chromium): a candidate without a working microphone types
every answer; a candidate with double time pauses, starts an answer over and sends it; a candidate
uses only the keyboard. Each interview is then scored for HR."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.live_server import ROOT, RunningApp
from tests.support.resumes import pdf_resume

pytestmark = pytest.mark.browser

ANSWER = 'I have ten years of experience with PostgreSQL. I use explain analyze, and vacuum cleans up dead tuples.'


def _job_and_link(url: str, **job: object) -> str:
    """An HR account, a job with `job` fields, and one candidate's interview link (applied via the API)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        token = client.post('/api/v1/auth/signup', json={
            'organization': 'Acme Data', 'name': 'Ann', 'email': 'ann@acme.io', 'password': 'password123',
        }).json()['access_token']
        created = client.post('/api/v1/jobs', headers={'Authorization': f'Bearer {token}'}, json={
            'title': 'Database Engineer', 'description': 'Run and tune PostgreSQL for our product.',
            'must_have_skills': ['PostgreSQL'], 'question_count': 3, 'answer_time_limit_seconds': 30,
            'accommodation_contact': 'access@acme.io', **job,
        })
        assert created.status_code == 201, created.text
        applied = client.post(f'/api/v1/apply/{created.json()["job_code"]}',
                              data={'name': 'Jane Doe', 'email': 'jane@example.com', 'consent': 'true'},
                              files={'resume': ('cv.pdf', pdf_resume(), 'application/pdf')})
        assert applied.status_code == 201, applied.text
        return str(applied.json()['interview_url'])


def _scored(db_path: Path, timeout: float = 120) -> tuple[sqlite3.Row, list[sqlite3.Row]]:
    deadline = time.monotonic() + timeout
    while True:
        with sqlite3.connect(f'file:{db_path}?mode=ro', uri=True) as db:
            db.row_factory = sqlite3.Row
            row = db.execute('SELECT * FROM interviews').fetchone()
            if row is not None and (row['scored_at'] or row['needs_review'] or time.monotonic() > deadline):
                return row, db.execute('SELECT * FROM answers ORDER BY id').fetchall()
        time.sleep(1)


def _wait_for_models(url: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        models = httpx.get(f'{url}/health', timeout=10).json()['components']['models']
        if models['ready'] or time.monotonic() > deadline:
            assert models['ready'], models
            assert set(models['models']) == {'tts:piper', 'stt:whisper', 'scoring:sentence-model',
                                             'practice-question'}
            return models
        time.sleep(0.5)


def _room(app: RunningApp, link: str) -> str:
    return app.url + link[link.index('/interview/'):]


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f'{name}.png'), full_page=True)


def test_candidate_without_microphone_types_every_answer(
    start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser], shots_dir: Path,
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / 'var'
    app = start_app(ROOT / 'main.py', {'DATA_DIR': str(data_dir)}, ready_path='/health')
    link = _job_and_link(app.url, typed_answers='fallback')
    _wait_for_models(app.url)  # warmed up in the background at startup: /health says when
    browser = launch_chromium(fake_ui=False)  # the permission prompt is never answered: no microphone
    page = browser.new_page(viewport={'width': 390, 'height': 844})
    try:
        page.goto(_room(app, link))
        expect(page.get_by_text('Contact access@acme.io')).to_be_visible()
        page.get_by_role('button', name='Check devices').click()
        typed_start = page.get_by_role('button', name='Continue with typed answers')
        expect(typed_start).to_be_visible(timeout=30_000)
        _shot(page, shots_dir, 'typed-1-no-microphone-phone')
        typed_start.click()
        for number in (1, 2, 3):
            expect(page.get_by_text(f'Question {number} of 3')).to_be_visible(timeout=30_000)
            box = page.get_by_label('Your answer')
            expect(box).to_be_visible()
            box.fill(ANSWER)
            if number == 1:
                _shot(page, shots_dir, 'typed-2-question-phone')
            page.get_by_role('button', name='Send answer').click()
        expect(page.get_by_text('Thank you, Jane!')).to_be_visible(timeout=30_000)
        _shot(page, shots_dir, 'typed-3-finished-phone')
    except Exception as error:
        _shot(page, shots_dir, 'typed-failure')
        raise AssertionError(f'{error}\n--- server log ---\n{app.log_tail(60)}') from error
    interview, answers = _scored(data_dir / 'panelist.db')
    assert interview['status'] == 'completed' and interview['final_score'] is not None, app.log_tail()
    assert [(a['typed'], a['audio_file'], a['status']) for a in answers] == [(1, None, 'scored')] * 3
    assert all(a['transcript'] == ANSWER for a in answers)


def test_practice_then_double_time_pause_and_start_over(
    start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser],
    synthesize_wav: Callable[[str], Path], shots_dir: Path, tmp_path: Path,
) -> None:
    data_dir = tmp_path / 'var'
    app = start_app(ROOT / 'main.py', {'DATA_DIR': str(data_dir)}, ready_path='/health')
    link = _job_and_link(app.url, time_multiplier=2.0, rerecord_limit=1)
    browser = launch_chromium(synthesize_wav(ANSWER), loop_audio=True)
    page = browser.new_page(viewport={'width': 1280, 'height': 860})
    try:
        page.goto(_room(app, link))
        expect(page.get_by_text('you then have up to 1 min to answer')).to_be_visible()  # 30 s × 2
        page.get_by_role('button', name='Check devices').click()
        expect(page.get_by_text('Devices are ready')).to_be_visible(timeout=20_000)
        page.get_by_role('button', name='Test microphone').click()
        expect(page.get_by_text('We can hear you. You are ready to start.')).to_be_visible(timeout=20_000)
        page.get_by_role('button', name='Start interview').click()

        # The practice question: hear it, answer, play the answer back; none of it is uploaded.
        expect(page.get_by_text('Practice question', exact=True)).to_be_visible(timeout=30_000)
        expect(page.get_by_text('Think for a moment')).to_be_visible(timeout=60_000)  # heard to the end
        page.get_by_role('button', name='Answer now').click()
        page.wait_for_timeout(4_000)
        page.get_by_role('button', name='Done').click()
        play_mine = page.get_by_role('button', name='Play my answer')
        expect(play_mine).to_be_visible(timeout=10_000)
        play_mine.click()
        expect(page.get_by_text('Playing your practice answer')).to_be_visible()
        expect(page.get_by_text('Play your answer back to hear how you sound')).to_be_visible(timeout=15_000)
        _shot(page, shots_dir, 'time-0-practice')
        page.get_by_role('button', name='Start the interview').click()
        expect(page.get_by_text('Question 1 of 3')).to_be_visible(timeout=30_000)

        page.get_by_role('button', name='I need a moment').click()
        expect(page.get_by_text('Paused. The clock is stopped')).to_be_visible()
        _shot(page, shots_dir, 'time-1-paused')
        page.wait_for_timeout(12_000)  # longer than the (doubled) thinking time: nothing starts by itself
        expect(page.get_by_role('button', name='Continue')).to_be_visible()
        expect(page.get_by_text(re.compile(r'^REC \d'))).to_have_count(0)
        page.get_by_role('button', name='Continue').click()
        expect(page.get_by_text('Think for a moment — recording starts in 10 seconds')).to_be_visible(timeout=60_000)
        page.get_by_role('button', name='Answer now').click()
        expect(page.get_by_text(re.compile(r'^REC \d'))).to_contain_text('/ 01:00')  # the doubled limit is what counts
        expect(page.get_by_text('or Start over to record it again (1 left)')).to_be_visible()
        page.wait_for_timeout(3_000)
        _shot(page, shots_dir, 'time-2-recording')
        page.get_by_role('button', name='Start over').click()
        expect(page.get_by_text('Recording your answer. Click Done when you have finished.')).to_be_visible()
        expect(page.get_by_role('button', name='Start over')).to_be_hidden()
        page.wait_for_timeout(9_000)
        page.get_by_role('button', name='Done').click()
        for number in (2, 3):
            expect(page.get_by_text(f'Question {number} of 3')).to_be_visible(timeout=30_000)
            page.get_by_role('button', name='Answer now').click()
            expect(page.get_by_role('button', name='Done')).to_be_visible()
            page.wait_for_timeout(3_000)
            page.get_by_role('button', name='Done').click()
        expect(page.get_by_text('Thank you, Jane!')).to_be_visible(timeout=30_000)
    except Exception as error:
        _shot(page, shots_dir, 'time-failure')
        raise AssertionError(f'{error}\n--- server log ---\n{app.log_tail(60)}') from error
    interview, answers = _scored(data_dir / 'panelist.db')
    assert interview['status'] == 'completed', app.log_tail()
    assert len(answers) == 3 and not any(a['typed'] for a in answers)  # the practice answer was not stored
    # Only the recording made after "Start over" was uploaded: about 9 s, not the 3 s + 9 s of both takes.
    assert 7 <= answers[0]['duration_seconds'] <= 11.5, answers[0]['duration_seconds']


def _press(page: Page, name: str, *, tabs: int = 60) -> None:
    """Move the focus with Tab (only) to the control named `name` and press Enter, as a keyboard user does."""
    for _ in range(tabs):
        focused = page.evaluate('() => { const e = document.activeElement; return e ? '
                                '(e.getAttribute("aria-label") || e.innerText || "").trim() : ""; }')
        if focused.lower().endswith(name.lower()):  # innerText follows CSS (upper-case buttons)
            page.keyboard.press('Enter')
            return
        page.keyboard.press('Tab')
    raise AssertionError(f'no control named {name!r} within {tabs} Tab presses')


def test_interview_with_the_keyboard_alone(
    start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser],
    synthesize_wav: Callable[[str], Path], shots_dir: Path, tmp_path: Path,
) -> None:
    data_dir = tmp_path / 'var'
    app = start_app(ROOT / 'main.py', {'DATA_DIR': str(data_dir)}, ready_path='/health')
    link = _job_and_link(app.url, typed_answers='allowed')
    browser = launch_chromium(synthesize_wav(ANSWER), loop_audio=True)
    page = browser.new_page(viewport={'width': 1280, 'height': 860})
    try:
        page.goto(_room(app, link))
        _press(page, 'Check devices')
        expect(page.get_by_text('Devices are ready')).to_be_visible(timeout=20_000)
        _press(page, 'Test microphone')
        expect(page.get_by_text('We can hear you. You are ready to start.')).to_be_visible(timeout=20_000)
        _press(page, 'Start interview')
        expect(page.get_by_text('Practice question', exact=True)).to_be_visible(timeout=30_000)
        _press(page, 'Start the interview')
        expect(page.get_by_text('Question 1 of 3')).to_be_visible(timeout=30_000)
        _press(page, 'Answer now')  # spoken
        expect(page.get_by_role('button', name='Done')).to_be_visible(timeout=10_000)
        page.wait_for_timeout(4_000)
        _press(page, 'Done')
        expect(page.get_by_text('Question 2 of 3')).to_be_visible(timeout=30_000)
        _press(page, 'Type my answer instead')  # typed: the text box takes the focus
        expect(page.get_by_label('Your answer')).to_be_focused(timeout=10_000)
        page.keyboard.type(ANSWER)
        _press(page, 'Send answer')
        expect(page.get_by_text('Question 3 of 3')).to_be_visible(timeout=30_000)
        _press(page, 'I need a moment')
        expect(page.get_by_text('Paused. The clock is stopped')).to_be_visible()
        _press(page, 'Continue')
        _press(page, 'Answer now')
        expect(page.get_by_role('button', name='Done')).to_be_visible(timeout=10_000)
        page.wait_for_timeout(4_000)
        _press(page, 'Done')
        expect(page.get_by_text('Thank you, Jane!')).to_be_visible(timeout=30_000)
        _shot(page, shots_dir, 'keyboard-finished')
    except Exception as error:
        _shot(page, shots_dir, 'keyboard-failure')
        raise AssertionError(f'{error}\n--- server log ---\n{app.log_tail(60)}') from error
    interview, answers = _scored(data_dir / 'panelist.db')
    assert interview['status'] == 'completed', app.log_tail()
    assert [a['typed'] for a in answers] == [0, 1, 0]
