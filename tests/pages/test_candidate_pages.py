"""HR pages for candidates: the job's candidate list with match %, and the candidate page."""

from __future__ import annotations

from nicegui.testing import User
from sqlmodel import select

from app import media
from app.db import session_scope
from app.models import AuditEvent, Candidate
from tests.pages.conftest import sign_in, table_rows
from tests.support import resumes
from tests.support.factories import apply, make_admin, make_job


async def test_job_page_lists_candidates_with_match_and_flags(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, must_have_skills=['Python', 'PostgreSQL', 'Kubernetes'])
    apply(job, email='jane@example.com', name='Jane Doe', data=resumes.pdf_with_hidden_text())
    apply(job, email='rahul@example.com', name='Rahul Mehta', filename='cv.docx',
          data=resumes.docx_resume(resumes.RESUME_LINES[:4], table=[['Platform', 'k8s']]))
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see(marker='candidates-table', retries=30)
    rows = {row['name']: row for row in table_rows(user, 'candidates-table')}
    assert set(rows) == {'Jane Doe', 'Rahul Mehta'}
    assert (rows['Jane Doe']['match'], rows['Rahul Mehta']['match']) == (66.7, 100.0)
    assert rows['Jane Doe']['email'] == 'jane@example.com' and rows['Jane Doe']['status'] == 'pending'
    assert rows['Jane Doe']['flags'] >= 3 and rows['Rahul Mehta']['flags'] == 0
    assert rows['Jane Doe']['applied'][:4].isdigit() and rows['Jane Doe']['interview'] == 'scheduled'


async def test_job_page_without_candidates_says_so(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see(marker='no-candidates', retries=30)


async def test_candidate_page_shows_flags_parsed_resume_and_escaped_text(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, must_have_skills=['Python', 'Kubernetes'])
    lines = [*resumes.RESUME_LINES, '<script>alert(1)</script> <b>bold claims</b>']
    pdf = resumes.pdf_with_hidden_text()
    result = apply(job, data=pdf)
    text_result = apply(job, email='t@example.com', name='Tom <i>Text</i>', data='\n'.join(lines).encode(),
                        filename='tom.txt')
    await sign_in(user, admin.email)
    await user.open(f'/candidates/{result.candidate_id}')
    await user.should_see(marker='resume-flags', retries=30)
    await user.should_see('White or near-white text that is invisible on the page: 1 passage.')
    await user.should_see('Text that reads like instructions to an AI reviewer')
    await user.should_see('Skills named only in hidden text (not counted as resume skills)')
    with user.scope(marker='resume-skills'):
        await user.should_see('Python')
        await user.should_not_see('Kubernetes')  # only in white text
    with user.scope(marker='missing-skills'):
        await user.should_see('Kubernetes')
    await user.should_see('50%')  # must-have match: Python yes, Kubernetes only hidden
    await user.should_see('B.Sc. Computer Science, University of Oslo, 2014 - 2017')
    await user.should_see('AI interview platform built with NiceGUI', retries=5)

    await user.open(f'/candidates/{text_result.candidate_id}')
    await user.should_see('Tom <i>Text</i>', retries=30)  # shown as text, not markup
    await user.should_see('<script>alert(1)</script> <b>bold claims</b>', retries=5)
    await user.should_not_see(marker='resume-flags')


async def test_status_change_download_and_delete(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    result = apply(job)
    await sign_in(user, admin.email)
    await user.open(f'/candidates/{result.candidate_id}')
    await user.should_see(marker='status-card', retries=30)
    user.find(marker='status-select').elements.pop().set_value('shortlisted')
    user.find(marker='status-note').type('Great API answers')
    user.find(marker='save-status').click()
    await user.should_see('Status saved: Shortlisted.', retries=30)
    await user.should_see('Shortlisted', marker='candidate-status', retries=30)  # after the report's rebuild
    with session_scope(read_only=True) as session:
        candidate = session.get(Candidate, result.candidate_id)
        assert (candidate.status, candidate.status_note) == ('shortlisted', 'Great API answers')
        resume = candidate.resume_file

    user.find(marker='download-resume').click()
    download = await user.download.next(timeout=5)
    assert download.status_code == 200 and download.content.startswith(b'%PDF-')
    assert download.headers['content-disposition'].startswith('attachment; filename="cv.pdf"')
    with session_scope(read_only=True) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.subject_type == 'candidate')).all()
    assert sorted(e.action for e in events) == ['candidate.resume_download', 'candidate.status']
    # The status change ran in a UI event handler, the download in an HTTP request: both record where the
    # client connects from (the simulated user's transport) and name the candidate.
    assert {(e.ip, e.subject_label) for e in events} == {('127.0.0.1', f'Jane Doe (candidate #{result.candidate_id})')}

    user.find(marker='delete-candidate').click()
    user.find(marker='confirm-delete-candidate').click()
    await user.should_see('Candidate deleted.', retries=30)
    await user.should_see(marker='no-candidates', retries=30)
    assert not media.exists(resume)


async def test_another_organizations_candidate_is_not_found(user: User) -> None:
    owner, stranger = make_admin(), make_admin()
    result = apply(make_job(owner), name='Secret Person')
    anonymous = await user.http_client.get(f'/candidates/{result.candidate_id}/resume')
    assert anonymous.status_code == 401 and not anonymous.content.startswith(b'%PDF')
    await sign_in(user, stranger.email)
    for path in (f'/candidates/{result.candidate_id}', '/candidates/424242'):
        response = await user.http_client.get(path)
        assert response.status_code == 404
        assert 'Candidate not found.' in response.text and 'Secret Person' not in response.text
    response = await user.http_client.get(f'/candidates/{result.candidate_id}/resume')
    assert response.status_code == 404 and not response.content.startswith(b'%PDF')
