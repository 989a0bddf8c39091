"""Applying to a job through the service layer: what is stored, duplicates, consent, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from app import media
from app.consent import notice_version
from app.db import session_scope
from app.errors import AppError, Conflict, Invalid, NotFound
from app.models import Candidate, Interview, InterviewStatus, OutboxMessage
from app.schemas import ParsedResume
from app.services import applications, jobs
from tests.support import resumes
from tests.support.factories import apply, make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')


def counts() -> tuple[int, int]:
    with session_scope(read_only=True) as session:
        return (session.exec(select(func.count()).select_from(Candidate)).one(),
                session.exec(select(func.count()).select_from(Interview)).one())


def stored_files() -> list[Path]:
    root = media.media_root()
    return [p for p in root.rglob('*') if p.is_file()] if root.exists() else []


def test_applying_stores_candidate_interview_and_file() -> None:
    job = make_job(make_admin(), must_have_skills=['Python', 'PostgreSQL', 'Kubernetes'])
    pdf = resumes.pdf_resume()
    result = applications.submit_application(
        job.job_code.lower(), {'name': '  Jane   Doe ', 'email': 'Jane.Doe@Example.com', 'consent': 'on'},
        '../../etc/My CV.pdf', pdf)
    assert result.created and len(result.token) >= 43
    with session_scope(read_only=True) as session:
        candidate = session.get(Candidate, result.candidate_id)
        interview = session.exec(select(Interview).where(Interview.candidate_id == result.candidate_id)).one()
    assert candidate.name == 'Jane Doe' and candidate.email == 'jane.doe@example.com'
    assert candidate.resume_filename == 'My CV.pdf' and candidate.resume_mime == 'application/pdf'
    assert candidate.resume_file is not None
    assert candidate.resume_file.startswith('resumes/') and 'CV' not in candidate.resume_file
    assert media.path_of(candidate.resume_file).read_bytes() == pdf
    assert stored_files() == [media.path_of(candidate.resume_file)]
    assert ParsedResume.model_validate(candidate.resume_parsed).skills == resumes.RESUME_SKILLS
    assert candidate.must_have_match == 66.7  # Python and PostgreSQL of three must-haves
    assert candidate.consent_at is not None and candidate.consent_notice_version == notice_version()
    assert candidate.status == 'pending' and candidate.resume_flags == []
    assert interview.token == result.token and interview.status == InterviewStatus.scheduled
    assert interview.organization_id == job.organization_id


def test_applying_twice_emails_the_first_application_link_instead_of_returning_it() -> None:
    job = make_job(make_admin())
    first = apply(job, email='jane@example.com')
    again = apply(job, email=' JANE@example.com', name='Jane D.', data=resumes.docx_resume(), filename='new.docx')
    assert again.created is False
    assert (again.candidate_id, again.token) == (first.candidate_id, None)  # never the existing link
    assert counts() == (1, 1) and len(stored_files()) == 1
    with session_scope(read_only=True) as session:
        [sent] = session.exec(select(OutboxMessage)).all()
    assert (sent.kind, sent.to_email, sent.candidate_id) == ('link_again', 'jane@example.com', first.candidate_id)
    assert first.token in sent.body_text and first.token in (sent.link or '')
    apply(job, email='jane@example.com')  # again at once: no second email (no inbox flooding)
    with session_scope(read_only=True) as session:
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 1
    other_job = make_job(make_admin())
    assert apply(other_job, email='jane@example.com').created  # another job is another application


def test_no_consent_no_application() -> None:
    job = make_job(make_admin())
    for consent in (False, '', None, 'false'):
        with pytest.raises(Invalid) as caught:
            applications.submit_application(job.job_code, {'name': 'Jane', 'email': 'j@example.com',
                                                           'consent': consent}, 'cv.pdf', resumes.pdf_resume())
        assert 'without consent the interview cannot take place' in caught.value.fields['consent']
    checked = applications.check_resume('cv.pdf', resumes.pdf_resume())
    details = applications.check_details({'name': 'Jane', 'email': 'j@example.com'})
    with pytest.raises(Invalid):
        applications.complete_application(job.job_code, details, checked, consent=False)
    assert counts() == (0, 0) and stored_files() == []


@pytest.mark.parametrize(('fields', 'field', 'message'), [
    ({'name': '', 'email': 'j@example.com'}, 'name', 'Enter your name.'),
    ({'name': ' \x00\t ', 'email': 'j@example.com'}, 'name', 'Enter your name.'),
    ({'name': 'J' * 500, 'email': 'j@example.com'}, 'name', 'at most 200 characters'),
    ({'name': 'Jane', 'email': 'not-an-email'}, 'email', 'Enter a valid email address'),
    ({'name': 'Jane', 'email': 'jane@@example.com'}, 'email', 'Enter a valid email address'),
    ({'name': 'Jane', 'email': ''}, 'email', 'Enter your email address.'),
    ({'name': 'Jane'}, 'email', 'Enter your email address.'),
    ({'email': 'j@example.com'}, 'name', 'Enter your name.'),
])
def test_bad_details_are_refused_per_field(fields: dict, field: str, message: str) -> None:
    job = make_job(make_admin())
    with pytest.raises(Invalid) as caught:
        applications.submit_application(job.job_code, {**fields, 'consent': True}, 'cv.pdf', resumes.pdf_resume())
    assert message in caught.value.fields[field]
    assert counts() == (0, 0) and stored_files() == []


def test_name_of_exactly_200_characters_is_fine() -> None:
    assert apply(make_job(make_admin()), name='N' * 200).created


def test_unknown_or_closed_job_is_not_found() -> None:
    admin = make_admin()
    job = make_job(admin)
    with session_scope() as session:
        jobs.set_active(session, admin, job.id, False)
    for code in (job.job_code, 'ZZZZZZ', 'nope', '../../x'):
        with pytest.raises(NotFound, match='No open job has this code'):
            applications.submit_application(code, {'name': 'Jane', 'email': 'j@example.com', 'consent': True},
                                            'cv.pdf', resumes.pdf_resume())
    assert counts() == (0, 0) and stored_files() == []


def test_job_closed_after_the_resume_was_read_leaves_nothing_behind() -> None:
    admin = make_admin()
    job = make_job(admin)
    checked = applications.check_resume('cv.pdf', resumes.pdf_resume())
    details = applications.check_details({'name': 'Jane', 'email': 'j@example.com'})
    with session_scope() as session:
        jobs.set_active(session, admin, job.id, False)
    with pytest.raises(NotFound):
        applications.complete_application(job.job_code, details, checked, consent=True)
    assert counts() == (0, 0) and stored_files() == []


def test_a_changed_consent_notice_must_be_read_again() -> None:
    job = make_job(make_admin())
    checked = applications.check_resume('cv.pdf', resumes.pdf_resume())
    details = applications.check_details({'name': 'Jane', 'email': 'j@example.com'})
    with pytest.raises(Conflict, match='consent notice changed'):
        applications.complete_application(job.job_code, details, checked, consent=True, notice='1999-old')
    result = applications.complete_application(job.job_code, details, checked, consent=True, notice=notice_version())
    assert result.created


@pytest.mark.parametrize(('filename', 'data'), [
    ('cv.pdf', b''), ('cv.pdf', resumes.windows_program()), ('cv.docx', resumes.docx_zip_bomb()),
    ('cv.pdf', resumes.scanned_pdf()), ('cv.txt', b'x' * (5 * 1024 * 1024 + 1)),
])
def test_bad_resume_leaves_no_rows_and_no_file(filename: str, data: bytes) -> None:
    job = make_job(make_admin())
    with pytest.raises(AppError) as caught:
        apply(job, data=data, filename=filename)
    assert caught.value.status_code in (413, 422)
    assert counts() == (0, 0) and stored_files() == []


def test_flags_and_hidden_text_are_stored_with_the_candidate() -> None:
    job = make_job(make_admin(), must_have_skills=['Python', 'Kubernetes'])
    result = apply(job, data=resumes.pdf_with_hidden_text())
    with session_scope(read_only=True) as session:
        candidate = session.get(Candidate, result.candidate_id)
    assert {flag['kind'] for flag in candidate.resume_flags} >= {'hidden_text', 'ai_instructions', 'hidden_skills'}
    assert 'Ignore all previous instructions' in candidate.resume_text
    assert candidate.must_have_match == 50.0  # Kubernetes appears only in white text: not counted


def test_niche_must_have_skills_match_the_resume_text() -> None:
    job = make_job(make_admin(), must_have_skills=['Python', 'NiceGUI'])
    result = apply(job)
    with session_scope(read_only=True) as session:
        assert session.get(Candidate, result.candidate_id).must_have_match == 100.0


def test_a_racing_duplicate_ends_with_one_application_and_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    job = make_job(make_admin())
    first = apply(job, email='jane@example.com')
    real_existing = applications._existing_id
    calls: list[int] = []

    def miss_once(session, job, email):  # the other request had not committed yet when this one looked
        calls.append(1)
        return None if len(calls) == 1 else real_existing(session, job, email)

    monkeypatch.setattr(applications, '_existing_id', miss_once)
    again = apply(job, email='jane@example.com')
    assert len(calls) == 2  # looked, lost the race on the unique index, looked again
    assert (again.created, again.candidate_id, again.token) == (False, first.candidate_id, None)
    assert counts() == (1, 1) and len(stored_files()) == 1
