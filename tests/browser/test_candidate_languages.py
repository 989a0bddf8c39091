"""The candidate's pages in the job's language, in a real browser: apply, consent, device check and
thank-you in Spanish and Hindi (screenshots in shots_dir; Devanagari needs a font such as Debian's
fonts-lohit-deva for Chromium to draw it, or the Hindi shots show boxes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.db import reset_engine, session_scope
from app.models import Interview, InterviewStatus
from tests.support import resumes
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.live_server import ROOT, RunningApp, seed_database_env

pytestmark = pytest.mark.browser

# What each step says in each language (the labels and buttons are found by their translated names too).
EXPECTED = {
    'es': {'name': 'Ana García', 'details': 'Sus datos', 'full_name': 'Nombre completo',
           'email': 'Correo electrónico', 'attached': 'Adjunto: cv.pdf', 'continue': 'Continuar',
           'notice': 'Antes de su entrevista: grabación y evaluación por IA',
           'welcome': 'Hola, Ana, le damos la bienvenida', 'check': 'Comprobar dispositivos',
           'ready': 'Los dispositivos están listos', 'thanks': '¡Gracias, Ana!'},
    'hi': {'name': 'अनन्या शर्मा', 'details': 'आपका विवरण', 'full_name': 'पूरा नाम', 'email': 'ईमेल',
           'attached': 'संलग्न: cv.pdf', 'continue': 'आगे बढ़ें',
           'notice': 'आपके इंटरव्यू से पहले: रिकॉर्डिंग और AI मूल्यांकन',
           'welcome': 'नमस्ते अनन्या, आपका स्वागत है', 'check': 'डिवाइस जाँचें', 'ready': 'डिवाइस तैयार हैं',
           'thanks': 'धन्यवाद, अनन्या!'},
}


def _seed(language: str) -> tuple[str, str, str]:
    """A job in `language`: its code, a fresh interview's token, and a finished interview's token."""
    job = make_job(make_admin(org='Acme Hiring'), language=language, title='Backend Engineer')
    name = EXPECTED[language]['name']
    fresh = make_interview(job, name=name, email=f'fresh-{language}@example.com')
    done = make_interview(job, name=name, email=f'done-{language}@example.com')
    with session_scope() as session:
        row = session.get(Interview, done.id)
        assert row is not None
        row.status = InterviewStatus.completed
        session.add(row)
    return job.job_code, fresh.token, done.token


def _shoot(page: Page, shots_dir: Path, name: str) -> None:
    page.screenshot(path=str(shots_dir / f'i18n-{name}.png'), full_page=True)


def test_candidate_pages_in_spanish_and_hindi(start_app: Callable[..., RunningApp],
                                              launch_chromium: Callable[..., Browser], shots_dir: Path,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = seed_database_env(tmp_path, monkeypatch)
    seeded = {language: _seed(language) for language in EXPECTED}
    reset_engine()
    resume = tmp_path / 'cv.pdf'
    resume.write_bytes(resumes.pdf_resume())
    app = start_app(ROOT / 'main.py', env, ready_path='/health', timeout=180)
    page = launch_chromium().new_page(viewport={'width': 1280, 'height': 900})
    for language, say in EXPECTED.items():
        code, fresh, done = seeded[language]
        page.goto(f'{app.url}/apply/{code}')
        expect(page.get_by_text(say['details'], exact=True).first).to_be_visible()  # step header and card
        page.wait_for_function(f'document.documentElement.lang === "{language}"', timeout=10_000)
        page.get_by_label(say['full_name']).fill(say['name'])
        page.get_by_label(say['email'], exact=True).fill(f'new-{language}@example.com')
        page.locator('input[type=file]').set_input_files(str(resume))
        expect(page.get_by_text(say['attached'], exact=False)).to_be_visible(timeout=30_000)
        _shoot(page, shots_dir, f'{language}-apply')
        page.get_by_role('button', name=say['continue']).click()
        expect(page.get_by_text(say['notice'], exact=True)).to_be_visible()
        _shoot(page, shots_dir, f'{language}-consent')
        page.goto(f'{app.url}/interview/{fresh}')
        expect(page.get_by_text(say['welcome'], exact=True)).to_be_visible()
        page.get_by_role('button', name=say['check']).click()
        expect(page.get_by_text(say['ready'], exact=False)).to_be_visible(timeout=20_000)
        _shoot(page, shots_dir, f'{language}-device-check')
        page.goto(f'{app.url}/interview/{done}')
        expect(page.get_by_text(say['thanks'], exact=True)).to_be_visible()
        _shoot(page, shots_dir, f'{language}-thank-you')
