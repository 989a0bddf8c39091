"""The apply page and the room's start in three of the Indic languages, in a real browser (screenshots in
shots_dir, looked at: Chromium draws these scripts only with a font for them, e.g. Debian's fonts-lohit-taml,
fonts-lohit-beng-bengali and fonts-lohit-guru; without one the shots show boxes while the DOM is right).

The texts come from the catalogs (tests/i18n checks their content); this checks the pages use them, with
<html lang> set, the counts in the language's plural and the answer time in its units."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app.db import reset_engine
from app.formatting import answer_time
from app.i18n import Translator
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.live_server import ROOT, RunningApp, seed_database_env

pytestmark = pytest.mark.browser

# Tamil, Bengali and Gurmukhi (Punjabi): three scripts, and the two plural rules (n != 1, n > 1).
LANGUAGES = {'ta': 'சுரேஷ் குமார்', 'bn': 'অনন্যা দাস', 'pa': 'ਹਰਪ੍ਰੀਤ ਕੌਰ'}


def test_apply_page_and_room_start_in_indic_languages(start_app: Callable[..., RunningApp],
                                                      launch_chromium: Callable[..., Browser], shots_dir: Path,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = seed_database_env(tmp_path, monkeypatch)
    admin = make_admin(org='Acme Hiring')
    seeded = {}
    for language, name in LANGUAGES.items():
        job = make_job(admin, language=language, title='Backend Engineer', question_count=4,
                       answer_time_limit_seconds=90)
        seeded[language] = (job.job_code, make_interview(job, name=name, email=f'{language}@example.com').token)
    reset_engine()
    app = start_app(ROOT / 'main.py', env, ready_path='/health', timeout=180)
    page = launch_chromium().new_page(viewport={'width': 1280, 'height': 900})
    for language, name in LANGUAGES.items():
        t = Translator(language)
        code, token = seeded[language]
        page.goto(f'{app.url}/apply/{code}')
        expect(page.get_by_text(t('Your details'), exact=True).first).to_be_visible()
        page.wait_for_function(f'document.documentElement.lang === "{language}"', timeout=10_000)
        summary = t.ngettext('AI voice interview · {count} question · up to {time} per answer · microphone and camera',
                             'AI voice interview · {count} questions · up to {time} per answer · microphone and '
                             'camera', 4, time=answer_time(90, language))
        expect(page.get_by_text(summary, exact=True)).to_be_visible()
        page.screenshot(path=str(shots_dir / f'i18n-{language}-apply.png'), full_page=True)
        page.goto(f'{app.url}/interview/{token}')
        expect(page.get_by_text(t('Hi {name}, welcome', name=name.split()[0]), exact=True)).to_be_visible()
        page.get_by_role('button', name=t('Check devices')).click()
        expect(page.get_by_text(t('Devices are ready. Now test your microphone.'), exact=False)) \
            .to_be_visible(timeout=20_000)
        expect(page.get_by_role('button', name=t('Start interview'))).to_be_visible()
        page.screenshot(path=str(shots_dir / f'i18n-{language}-room-start.png'), full_page=True)
