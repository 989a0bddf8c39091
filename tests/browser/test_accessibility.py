"""axe-core on every candidate page (home, apply, consent, the room's states, thank-you) and the main HR
pages, in Debian Chromium: no serious or critical violation. Each candidate page is also shot at desktop
and phone size (390×844) for a human look.

axe-core is the npm package, installed project-locally by .ci/run (or by hand:
``npm install --prefix .cache/axe axe-core@4.14.1``); AXE_CORE_PATH points elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.live_server import ROOT, RunningApp
from tests.support.resumes import pdf_resume

pytestmark = pytest.mark.browser

AXE = Path(os.environ.get('AXE_CORE_PATH', ROOT / '.cache' / 'axe' / 'node_modules' / 'axe-core' / 'axe.min.js'))
ANSWER = 'I have ten years of experience with PostgreSQL and I tune slow queries with explain analyze.'
PHONE = {'width': 390, 'height': 844}
DESKTOP = {'width': 1280, 'height': 860}
# Only what axe reports as serious or critical fails the test; the rest is printed for a human.
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + n.html.slice(0, 160)) }));
}"""


@pytest.fixture(scope='module')
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.skip(f'axe-core not found at {AXE}: npm install --prefix .cache/axe axe-core@4.14.1')
    return AXE


class Audit:
    def __init__(self, page: Page, axe: Path, shots: Path) -> None:
        self.page, self.axe, self.shots = page, axe, shots
        self.failures: dict[str, list[dict[str, Any]]] = {}
        self.minor: dict[str, list[str]] = {}

    def check(self, name: str, *, phone_shot: bool = False) -> None:
        self.page.wait_for_timeout(300)  # let Vue finish the last render
        self.page.add_script_tag(path=str(self.axe))
        violations = self.page.evaluate(RUN_AXE)
        serious = [v for v in violations if v['impact'] in ('serious', 'critical')]
        if serious:
            self.failures[name] = serious
        self.minor[name] = [f'{v["id"]} ({v["impact"]})' for v in violations if v not in serious]
        self.page.screenshot(path=str(self.shots / f'a11y-{name}.png'), full_page=True)
        if phone_shot:
            self.page.set_viewport_size(PHONE)
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=str(self.shots / f'a11y-{name}-phone.png'), full_page=True)
            self.page.set_viewport_size(DESKTOP)


def _setup(url: str) -> tuple[str, str]:
    with httpx.Client(base_url=url, timeout=30) as client:
        token = client.post('/api/v1/auth/signup', json={
            'organization': 'Acme Data', 'name': 'Ann', 'email': 'ann@acme.io', 'password': 'password123',
        }).json()['access_token']
        job = client.post('/api/v1/jobs', headers={'Authorization': f'Bearer {token}'}, json={
            'title': 'Database Engineer', 'description': 'Run and tune PostgreSQL for our product.',
            'must_have_skills': ['PostgreSQL'], 'question_count': 3, 'answer_time_limit_seconds': 30,
            'accommodation_contact': 'access@acme.io', 'typed_answers': 'allowed',
        })
        assert job.status_code == 201, job.text
        return str(job.json()['job_code']), str(job.json()['id'])


def test_candidate_and_hr_pages_have_no_serious_accessibility_violations(
    start_app: Callable[..., RunningApp], launch_chromium: Callable[..., Browser],
    synthesize_wav: Callable[[str], Path], axe_path: Path, shots_dir: Path, tmp_path: Path,
) -> None:
    app = start_app(ROOT / 'main.py', {'DATA_DIR': str(tmp_path / 'var')}, ready_path='/health')
    job_code, job_id = _setup(app.url)
    resume = tmp_path / 'Jane Doe CV.pdf'
    resume.write_bytes(pdf_resume())
    browser = launch_chromium(synthesize_wav(ANSWER), loop_audio=True)
    page = browser.new_page(viewport=DESKTOP)
    audit = Audit(page, axe_path, shots_dir)
    try:
        page.goto(app.url)
        audit.check('home', phone_shot=True)
        page.goto(f'{app.url}/apply/{job_code}')
        audit.check('apply', phone_shot=True)
        page.get_by_label('Full name').fill('Jane Doe')
        page.get_by_label('Email').fill('jane@example.com')
        with page.expect_file_chooser() as chooser:  # the labelled button opens the file picker
            page.get_by_role('button', name='Choose a file').click()
        chooser.value.set_files(str(resume))
        expect(page.get_by_text('Attached: Jane Doe CV.pdf')).to_be_visible(timeout=20_000)
        page.get_by_role('button', name='Continue').click()
        expect(page.get_by_role('checkbox')).to_be_visible()
        audit.check('consent', phone_shot=True)
        page.get_by_role('checkbox').click()
        page.get_by_role('button', name='Agree and go to the interview').click()
        page.wait_for_url('**/interview/**', timeout=20_000)
        audit.check('room-device-check', phone_shot=True)
        page.get_by_role('button', name='Check devices').click()
        expect(page.get_by_text('Devices are ready')).to_be_visible(timeout=20_000)
        page.get_by_role('button', name='Test microphone').click()
        expect(page.get_by_text('We can hear you. You are ready to start.')).to_be_visible(timeout=20_000)
        audit.check('room-devices-ready')
        page.get_by_role('button', name='Start interview').click()
        expect(page.get_by_text('Practice question', exact=True)).to_be_visible(timeout=30_000)
        audit.check('room-practice', phone_shot=True)
        page.get_by_role('button', name='Start the interview').click()
        expect(page.get_by_text('Question 1 of 3')).to_be_visible(timeout=30_000)
        audit.check('room-question', phone_shot=True)
        page.get_by_role('button', name='I need a moment').click()
        expect(page.get_by_role('button', name='Continue')).to_be_visible()
        audit.check('room-paused')
        page.get_by_role('button', name='Continue').click()
        page.get_by_role('button', name='Type my answer instead').click()
        expect(page.get_by_label('Your answer')).to_be_visible()
        audit.check('room-typing', phone_shot=True)
        page.get_by_role('button', name='Answer out loud instead').click()
        expect(page.get_by_role('button', name='Done')).to_be_visible(timeout=10_000)
        page.wait_for_timeout(2_000)
        audit.check('room-recording', phone_shot=True)
        page.get_by_role('button', name='Done').click()
        for number in (2, 3):
            expect(page.get_by_text(f'Question {number} of 3')).to_be_visible(timeout=30_000)
            page.get_by_role('button', name='Answer now').click()
            page.wait_for_timeout(2_000)
            page.get_by_role('button', name='Done').click()
        expect(page.get_by_text('Thank you, Jane!')).to_be_visible(timeout=30_000)
        audit.check('thank-you', phone_shot=True)
        room_url = page.url
        page.goto(room_url)  # the link after the interview: the thank-you page with its forms
        expect(page.get_by_text('Thank you, Jane!')).to_be_visible(timeout=30_000)
        audit.check('thank-you-link', phone_shot=True)

        page.goto(f'{app.url}/login')
        audit.check('login')
        page.get_by_label('Work email').fill('ann@acme.io')
        page.get_by_label('Password').fill('password123')
        page.get_by_role('button', name='Sign in').click()
        page.wait_for_url('**/jobs')
        audit.check('jobs')
        page.goto(f'{app.url}/jobs/{job_id}')
        expect(page.get_by_text('Jane Doe')).to_be_visible(timeout=20_000)
        audit.check('job-detail')
        page.get_by_text('Jane Doe').first.click()
        page.wait_for_url('**/candidates/**')
        expect(page.get_by_text('Questions and answers')).to_be_visible(timeout=20_000)
        audit.check('candidate-report')
        # MediaRecorder's webm has no duration in its header: the players find it, so length and seeking work
        page.wait_for_function('() => { const m = [...document.querySelectorAll("audio, video")]; '
                               'return m.length >= 2 && m.every((e) => isFinite(e.duration) && e.duration > 1); }',
                               timeout=30_000)
        durations = page.evaluate('() => [...document.querySelectorAll("audio, video")].map((e) => e.duration)')
        assert all(1 < d < 120 for d in durations), durations
        page.goto(f'{app.url}/jobs/new')
        audit.check('job-form')
    except Exception as error:
        page.screenshot(path=str(shots_dir / 'a11y-failure.png'), full_page=True)
        raise AssertionError(f'{error}\n--- server log ---\n{app.log_tail(40)}') from error
    print('minor (moderate/minor) findings per page:', audit.minor)
    assert audit.failures == {}, _describe(audit.failures)


def _describe(failures: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for page, violations in failures.items():
        for v in violations:
            lines.append(f'{page}: {v["id"]} ({v["impact"]}) {v["help"]}')
            lines.extend(f'    {node}' for node in v['nodes'])
    return '\n'.join(lines)
