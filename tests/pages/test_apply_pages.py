"""The public apply page with NiceGUI's simulated user: details, resume, consent, refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlmodel import func, select

from app import media
from app.config import reset_settings
from app.consent import notice_version
from app.db import session_scope
from app.models import Candidate, Interview, OutboxMessage
from app.services import audit, jobs
from app.services.applications import reset_apply_limits
from components.resume_upload import ResumeUpload
from tests.support import resumes
from tests.support.factories import apply, make_admin, make_job

DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


@pytest.fixture
def visited(user: User) -> list[str]:
    """Where the page sends the candidate (the interview room is another issue's page)."""
    targets: list[str] = []
    user.navigate.to = lambda target, new_tab=False: targets.append(str(target))  # type: ignore[method-assign]
    return targets


async def wait_for(condition: Callable[[], bool], seconds: float = 5) -> None:
    # Submitting runs on worker threads; give it time, as should_see(retries=…) does for text.
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError('condition not met in time')


def stored() -> tuple[int, list[Path]]:
    with session_scope(read_only=True) as session:
        rows = session.exec(select(func.count()).select_from(Candidate)).one()
    root = media.media_root()
    return rows, [p for p in root.rglob('*') if p.is_file()] if root.exists() else []


async def fill_details(user: User, name: str, email: str, filename: str, data: bytes, mime: str) -> None:
    user.find(marker='name').type(name)
    user.find(marker='email').type(email)
    upload = user.find(ResumeUpload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload(filename, mime, data)])


async def test_apply_with_pdf_and_docx_lands_on_the_interview(user: User, visited: list[str]) -> None:
    job = make_job(make_admin(), must_have_skills=['Python', 'PostgreSQL', 'Kubernetes'])
    for name, email, filename, data, mime in (
        ('Jane Doe', 'jane@example.com', 'Jane CV.pdf', resumes.pdf_resume(), 'application/pdf'),
        ('Rahul Mehta', 'rahul@example.com', 'rahul.docx',
         resumes.docx_resume(resumes.RESUME_LINES[:4], table=[['Platform', 'k8s and Terraform']]), DOCX_MIME),
    ):
        await user.open(f'/apply/{job.job_code}')
        await user.should_see(job.title)
        await user.should_not_see(marker='consent-step')
        await fill_details(user, name, email, filename, data, mime)
        await user.should_see(f'Attached: {filename}', retries=50)
        user.find(marker='continue').click()
        await user.should_see('Before your interview: recording and AI evaluation', retries=30)
        await user.should_see('The interview is recorded: your voice (audio) and your camera (video)')
        await user.should_not_see(marker='details-step')
        user.find(marker='consent-checkbox').click()
        user.find(marker='agree').click()
        await wait_for(lambda: len(visited) == (1 if name == 'Jane Doe' else 2))
    with session_scope(read_only=True) as session:
        rows = session.exec(select(Candidate, Interview).join(Interview)
                            .order_by(Candidate.id)).all()
    assert visited == [f'/interview/{interview.token}' for _, interview in rows]
    assert [(c.name, c.must_have_match, c.consent_notice_version) for c, _ in rows] == [
        ('Jane Doe', 66.7, notice_version()), ('Rahul Mehta', 100.0, notice_version())]
    assert rows[1][0].resume_parsed['skills'] == ['Python', 'PostgreSQL', 'Kubernetes', 'Terraform']


async def test_refusing_consent_stores_nothing(user: User, visited: list[str]) -> None:
    job = make_job(make_admin())
    await user.open(f'/apply/{job.job_code}')
    await fill_details(user, 'Jane Doe', 'jane@example.com', 'cv.pdf', resumes.pdf_resume(), 'application/pdf')
    await user.should_see('Attached: cv.pdf', retries=50)
    user.find(marker='continue').click()
    await user.should_see(marker='consent-step', retries=30)
    user.find(marker='agree').click()  # not ticked
    await user.should_see('Tick the box to agree', retries=30)
    user.find(marker='decline').click()
    await user.should_see('No consent, no interview', retries=30)
    await user.should_see('Nothing you entered has been stored')
    await user.should_not_see(marker='agree')
    assert stored() == (0, []) and visited == []
    user.find(marker='reconsider').click()
    await user.should_see(marker='agree', retries=30)


async def test_field_and_file_errors_are_shown_and_nothing_is_stored(user: User, visited: list[str]) -> None:
    job = make_job(make_admin())
    await user.open(f'/apply/{job.job_code}')
    user.find(marker='email').type('jane(at)example')
    user.find(marker='continue').click()
    await user.should_see('Please fix the highlighted fields.', retries=30)
    name = user.find(marker='name').elements.pop()
    email = user.find(marker='email').elements.pop()
    assert name.props['error-message'] == 'Enter your name.'
    assert 'valid email address' in email.props['error-message']

    upload = user.find(ResumeUpload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('cv.pdf', 'application/pdf', resumes.windows_program())])
    await user.should_see('This file is a Windows program, not a PDF.', retries=50)
    await upload.handle_uploads([ui.upload.SmallFileUpload('cv.docx', DOCX_MIME, resumes.docx_with_entities())])
    await user.should_see('XML entity declarations', retries=50)
    await upload.handle_uploads([ui.upload.SmallFileUpload('cv.txt', 'text/plain', b'a' * (5 * 1024 * 1024 + 1))])
    await user.should_see('The resume is larger than 5 MB', retries=50)
    user.find(marker='name').type('Jane Doe')
    user.find(marker='email').clear().type('jane@example.com')
    user.find(marker='continue').click()
    await user.should_not_see('Please fix the highlighted fields.', retries=30)
    await user.should_see(marker='details-step')  # no usable resume: still on step 1
    await user.should_not_see(marker='consent-step')
    assert stored() == (0, []) and visited == []


async def test_the_upload_url_refuses_oversized_bodies_on_the_server(user: User) -> None:
    job = make_job(make_admin())
    await user.open(f'/apply/{job.job_code}')
    upload = user.find(ResumeUpload).elements.pop()
    response = await user.http_client.post(upload.props['url'], files={
        'file': ('cv.pdf', b'%PDF-1.4\n' + b'0' * (6 * 1024 * 1024), 'application/pdf')})
    assert response.status_code == 413 and 'larger than 5 MB' in response.json()['detail']
    await user.should_not_see('Attached:')
    assert stored() == (0, [])


async def test_a_repeat_application_emails_the_link_instead_of_opening_it(user: User, visited: list[str]) -> None:
    job = make_job(make_admin())
    first = apply(job, email='jane@example.com')
    await user.open(f'/apply/{job.job_code}')
    await fill_details(user, 'Jane Doe', 'JANE@example.com', 'cv.txt', '\n'.join(resumes.RESUME_LINES).encode(),
                       'text/plain')
    await user.should_see('Attached: cv.txt', retries=50)
    user.find(marker='continue').click()
    await user.should_see(marker='consent-step', retries=30)
    user.find(marker='consent-checkbox').click()
    user.find(marker='agree').click()
    await user.should_see('You have already applied; we have sent your link again.', retries=50)
    assert visited == []  # the existing interview link is never handed to this browser
    assert first.token is not None and all(first.token not in str(el.props) for el in user.find(ui.element).elements)
    assert stored()[0] == 1
    with session_scope(read_only=True) as session:
        requested = audit.list_events(session, job.organization_id, action='candidate.link_requested')
    assert [e.subject_id for e in requested] == [first.candidate_id]
    with session_scope(read_only=True) as session:
        [sent] = session.exec(select(OutboxMessage)).all()
    assert sent.kind == 'link_again' and first.token in sent.body_text


async def test_too_many_new_applications_from_one_client_are_refused_with_a_message(
        user: User, visited: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('APPLY_MAX_PER_IP_PER_HOUR', '1')
    reset_settings()
    reset_apply_limits()
    job = make_job(make_admin())
    text = '\n'.join(resumes.RESUME_LINES).encode()
    for email in ('first@example.com', 'second@example.com'):
        await user.open(f'/apply/{job.job_code}')
        await fill_details(user, 'Jane Doe', email, 'cv.txt', text, 'text/plain')
        await user.should_see('Attached: cv.txt', retries=50)
        user.find(marker='continue').click()
        await user.should_see(marker='consent-step', retries=30)
        user.find(marker='consent-checkbox').click()
        user.find(marker='agree').click()
        if email.startswith('first'):
            await wait_for(lambda: bool(visited))
    # The wait is said in the page's language and CLDR units (rounded: just under an hour is "1 hour").
    await user.should_see('Too many applications from your network. Try again in 1 hour.', retries=50)
    assert len(visited) == 1
    rows, files = stored()
    assert rows == 1 and len(files) == 1


async def test_unknown_and_closed_codes_get_a_friendly_page(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, title='Secret role')
    with session_scope() as session:
        jobs.set_active(session, admin, job.id, False)
    for code in ('ZZZZZZ', job.job_code, '<b>x'):
        response = await user.http_client.get(f'/apply/{code}')
        assert response.status_code == 404
        assert 'This job is not taking applications' in response.text
        assert 'Secret role' not in response.text and '<b>x' not in response.text


async def test_home_page_code_box_leads_to_the_apply_page(user: User, visited: list[str]) -> None:
    job = make_job(make_admin())
    await user.open('/')
    user.find(marker='job-code').type(job.job_code.lower())
    user.find(marker='go').click()
    assert visited == [f'/apply/{job.job_code}']
    await user.open(visited[0])
    await user.should_see(job.title)
