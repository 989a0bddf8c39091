"""POST /api/v1/apply/{code}: the public apply flow over HTTP, including every hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app import media
from app.config import reset_settings
from app.consent import notice_version
from app.db import session_scope
from app.models import Candidate, Interview
from app.services.applications import reset_apply_limits
from tests.api.conftest import signup
from tests.support import resumes

FIELDS = {'name': 'Jane Doe', 'email': 'jane@example.com', 'consent': 'true'}


def make_job(client: TestClient, **fields: object) -> tuple[dict[str, str], dict]:
    auth = signup(client)
    body = {'title': 'Backend Engineer', 'must_have_skills': ['Python', 'PostgreSQL', 'Kubernetes'], **fields}
    response = client.post('/api/v1/jobs', json=body, headers=auth)
    assert response.status_code == 201
    return auth, response.json()


def post(client: TestClient, code: str, filename: str | None = 'cv.pdf', data: bytes | None = None,
         mime: str = 'application/pdf', **fields: str) -> object:
    files = None if filename is None else {'resume': (filename, data if data is not None else resumes.pdf_resume(),
                                                      mime)}
    return client.post(f'/api/v1/apply/{code}', data={**FIELDS, **fields}, files=files)


def nothing_stored() -> bool:
    with session_scope(read_only=True) as session:
        rows = sum(session.exec(select(func.count()).select_from(table)).one() for table in (Candidate, Interview))
    root = media.media_root()
    files = [p for p in root.rglob('*') if p.is_file()] if root.exists() else []
    return rows == 0 and files == []


def test_apply_info_shows_job_and_consent_notice(client: TestClient) -> None:
    _, job = make_job(client)
    info = client.get(f'/api/v1/apply/{job["job_code"].lower()}')
    assert info.status_code == 200
    body = info.json()
    assert body['title'] == 'Backend Engineer' and body['organization'] == 'Acme'
    assert body['consent_notice']['version'] == notice_version()
    assert 'recorded' in body['consent_notice']['sections'][0]['text']
    assert 'Acme' in body['consent_notice']['sections'][1]['text']
    assert body['max_resume_bytes'] == 5 * 1024 * 1024
    assert client.get('/api/v1/apply/ZZZZZZ').status_code == 404


@pytest.mark.postgres  # one candidate per email and job (unique constraint)
def test_apply_creates_then_resumes(client: TestClient) -> None:
    auth, job = make_job(client)
    first = post(client, job['job_code'], consent_notice_version=notice_version())
    assert first.status_code == 201, first.text
    body = first.json()
    assert body['created'] is True
    assert body['interview_url'].startswith('http://testserver/interview/') and len(body['interview_url']) > 60
    again = post(client, job['job_code'], 'other.docx', resumes.docx_resume(), email='JANE@example.com')
    assert again.status_code == 200
    assert again.json() == {'candidate_id': body['candidate_id'], 'created': False, 'interview_url': None,
                            'message': 'You have already applied; we have sent your link again.'}
    token = body['interview_url'].rsplit('/', 1)[1]
    assert token not in again.text
    listed = client.get(f'/api/v1/jobs/{job["id"]}/candidates', headers=auth).json()
    assert len(listed) == 1 and listed[0]['must_have_match'] == 66.7


def test_docx_with_tables_is_parsed(client: TestClient) -> None:
    auth, job = make_job(client)
    data = resumes.docx_resume(resumes.RESUME_LINES[:4], table=[['Platform', 'k8s and Terraform']])
    response = post(client, job['job_code'], 'cv.docx', data,
                    'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    assert response.status_code == 201
    detail = client.get(f'/api/v1/candidates/{response.json()["candidate_id"]}', headers=auth).json()
    assert detail['resume_parsed']['skills'] == ['Python', 'PostgreSQL', 'Kubernetes', 'Terraform']
    assert detail['must_have_match'] == 100.0 and detail['resume_mime'].endswith('wordprocessingml.document')


BIG = 5 * 1024 * 1024
BAD_REQUESTS = [
    # (case, filename, data, fields, status, field or None, message)
    ('0-byte file', 'cv.pdf', b'', {}, 422, 'resume', 'The file is empty'),
    ('empty text file', 'cv.txt', b' \n ', {}, 422, 'resume', 'could not find any text'),
    ('.exe renamed to .pdf', 'cv.pdf', resumes.windows_program(), {}, 422, 'resume', 'a Windows program, not a PDF'),
    ('HTML renamed to .docx', 'cv.docx', resumes.html_page(), {}, 422, 'resume', 'web page (HTML/XML)'),
    ('encrypted PDF', 'cv.pdf', resumes.encrypted_pdf(), {}, 422, 'resume', 'password-protected'),
    ('corrupt PDF', 'cv.pdf', resumes.corrupt_pdf(), {}, 422, 'resume', 'damaged'),
    ('scanned PDF', 'cv.pdf', resumes.scanned_pdf(), {}, 422, 'resume', 'scanned image'),
    ('DOCX zip bomb', 'cv.docx', resumes.docx_declaring_huge_size(), {}, 422, 'resume', 'zip bomb'),
    ('DOCX entity expansion', 'cv.docx', resumes.docx_with_entities(), {}, 422, 'resume', 'entity declarations'),
    ('DOCX ../ entries', 'cv.docx', resumes.docx_with_traversal(), {}, 422, 'resume', 'unsafe part names'),
    ('file just over 5 MB', 'cv.txt', b'a' * (BIG + 1), {}, 413, None, 'larger than 5 MB'),
    ('no file', None, None, {}, 422, 'resume', 'Attach your resume'),
    ('malformed email', 'cv.pdf', None, {'email': 'jane(at)example'}, 422, 'email', 'valid email address'),
    ('empty name', 'cv.pdf', None, {'name': ''}, 422, 'name', 'Enter your name'),
    ('500-character name', 'cv.pdf', None, {'name': 'N' * 500}, 422, 'name', 'at most 200 characters'),
    ('no consent', 'cv.pdf', None, {'consent': ''}, 422, 'consent', 'without consent'),
    ('consent refused', 'cv.pdf', None, {'consent': 'false'}, 422, 'consent', 'without consent'),
    ('old notice version', 'cv.pdf', None, {'consent_notice_version': '2001-v0'}, 409, None, 'notice changed'),
]


@pytest.mark.parametrize(('case', 'filename', 'data', 'fields', 'code', 'field', 'message'), BAD_REQUESTS,
                         ids=[c[0] for c in BAD_REQUESTS])
def test_bad_input_is_refused_cleanly(client: TestClient, case: str, filename: str | None, data: bytes | None,
                                      fields: dict, code: int, field: str | None, message: str) -> None:
    _, job = make_job(client)
    response = post(client, job['job_code'], filename, data, **fields)
    assert response.status_code == code, response.text
    body = response.json()
    assert message in body['detail']
    if field:
        assert message in body['fields'][field]
    assert nothing_stored()


def test_oversized_body_is_refused_from_its_content_length(client: TestClient) -> None:
    _, job = make_job(client)
    response = post(client, job['job_code'], 'cv.txt', b'a' * (BIG + 200_000))
    assert response.status_code == 413 and 'larger than 5 MB' in response.json()['detail']
    assert nothing_stored()


def test_oversized_chunked_body_is_cut_off(client: TestClient) -> None:
    _, job = make_job(client)
    boundary = 'x7d1b'
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv.txt"\r\n'
            'Content-Type: text/plain\r\n\r\n').encode()

    def body():  # a generator: sent chunked, without a Content-Length
        yield head
        for _ in range(7):
            yield b'a' * (1024 * 1024)
        yield f'\r\n--{boundary}--\r\n'.encode()

    response = client.post(f'/api/v1/apply/{job["job_code"]}', content=body(),
                           headers={'content-type': f'multipart/form-data; boundary={boundary}'})
    assert response.status_code == 413 and 'larger than 5 MB' in response.json()['detail']
    assert nothing_stored()


@pytest.mark.parametrize(('filename', 'shown'), [
    ('../../../etc/cv.pdf', 'cv.pdf'),
    ('..\\..\\windows\\cv.pdf', 'cv.pdf'),
    ('x' * 300 + '.pdf', None),
])
def test_hostile_filenames_are_only_ever_shown_sanitized(client: TestClient, filename: str, shown: str | None) -> None:
    _, job = make_job(client)
    response = post(client, job['job_code'], filename)
    assert response.status_code == 201, response.text
    with session_scope(read_only=True) as session:
        candidate = session.exec(select(Candidate)).one()
    name = candidate.resume_filename or ''
    assert name == shown if shown else (len(name) <= 120 and name.endswith('….pdf'))
    assert '/' not in name and '\\' not in name
    stored = media.path_of(candidate.resume_file)
    assert stored.is_file() and stored.parent == media.media_root() / 'resumes'
    assert not any(p.name == 'cv.pdf' for p in Path(media.media_root()).rglob('*'))


def test_nul_bytes_in_a_filename_are_dropped(client: TestClient) -> None:
    _, job = make_job(client)
    boundary = 'n5b'
    pdf = resumes.pdf_resume()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in FIELDS.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv\x00.exe\x00.pdf"\r\n'
                 'Content-Type: application/pdf\r\n\r\n'.encode() + pdf + f'\r\n--{boundary}--\r\n'.encode())
    response = client.post(f'/api/v1/apply/{job["job_code"]}', content=b''.join(parts),
                           headers={'content-type': f'multipart/form-data; boundary={boundary}'})
    assert response.status_code == 201, response.text
    with session_scope(read_only=True) as session:
        assert session.exec(select(Candidate.resume_filename)).one() == 'cv.exe.pdf'


def test_unknown_and_closed_jobs_are_404(client: TestClient) -> None:
    auth, job = make_job(client)
    assert post(client, 'ZZZZZZ').status_code == 404
    client.patch(f'/api/v1/jobs/{job["id"]}', json={'is_active': False}, headers=auth)
    response = post(client, job['job_code'])
    assert response.status_code == 404 and 'No open job' in response.json()['detail']
    assert nothing_stored()


def test_new_applications_from_one_ip_are_rate_limited_but_resuming_is_not(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('APPLY_MAX_PER_IP_PER_HOUR', '2')
    reset_settings()
    reset_apply_limits()
    _, job = make_job(client)
    links = []
    for n in range(2):
        created = post(client, job['job_code'], email=f'c{n}@example.com')
        assert created.status_code == 201
        links.append(created.json()['interview_url'])
    media_files = sorted(p for p in media.media_root().rglob('*') if p.is_file())

    refused = post(client, job['job_code'], email='c3@example.com')
    assert refused.status_code == 429
    assert 'Too many applications' in refused.json()['detail']
    assert 0 < int(refused.headers['Retry-After']) <= 3600
    with session_scope(read_only=True) as session:
        assert session.exec(select(func.count()).select_from(Candidate)).one() == 2
    assert sorted(p for p in media.media_root().rglob('*') if p.is_file()) == media_files

    # A candidate who lost their link can still ask for it again (it goes to their email, not to the caller).
    resumed = post(client, job['job_code'], email='c1@example.com')
    assert resumed.status_code == 200
    assert resumed.json()['created'] is False and resumed.json()['interview_url'] is None
    assert links[1].rsplit('/', 1)[1] not in resumed.text
    with session_scope(read_only=True) as session:
        assert session.exec(select(func.count()).select_from(Candidate)).one() == 2  # nothing new was stored


@pytest.mark.postgres  # an earlier application found by job and email in SQL
def test_reapplying_with_someone_elses_email_never_returns_their_link(client: TestClient) -> None:
    auth, job = make_job(client)
    victim = post(client, job['job_code'], email='victim@example.com')
    assert victim.status_code == 201
    token = victim.json()['interview_url'].rsplit('/', 1)[1]
    for _ in range(3):  # an attacker re-applying with the victim's email, repeatedly
        attempt = post(client, job['job_code'], 'mine.docx', resumes.docx_resume(), email='Victim@Example.com',
                       name='Mallory')
        assert attempt.status_code == 200 and token not in attempt.text
        assert attempt.json()['message'] == 'You have already applied; we have sent your link again.'
    candidate_id = victim.json()['candidate_id']
    trail = client.get(f'/api/v1/candidates/{candidate_id}/audit', headers=auth)
    requests = [e for e in trail.json() if e['action'] == 'candidate.link_requested']
    assert len(requests) == 1  # one delivery request per interval, not one per attempt
    assert requests[0]['detail']['to'] == 'victim@example.com'
    # HR can read the link to resend it; nobody else can.
    detail = client.get(f'/api/v1/candidates/{candidate_id}', headers=auth)
    assert detail.json()['interview']['url'].endswith(token)
    assert client.get(f'/api/v1/candidates/{candidate_id}').status_code == 401


def test_with_link_by_email_only_nobody_can_apply_as_someone_else(client: TestClient,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('APPLY_LINK_BY_EMAIL_ONLY', 'true')
    reset_settings()
    auth, job = make_job(client)
    first = post(client, job['job_code'], email='victim@example.com')
    assert first.status_code == 201 and first.json()['interview_url'] is None
    assert first.json()['message'] == 'Thank you for applying. We have sent your interview link to victim@example.com.'
    candidate_id = first.json()['candidate_id']
    trail = client.get(f'/api/v1/candidates/{candidate_id}/audit', headers=auth).json()
    assert [(e['action'], e['detail']['reason'], e['detail']['to']) for e in trail
            if e['action'] == 'candidate.link_requested'] == [('candidate.link_requested', 'new application',
                                                                'victim@example.com')]
    token = client.get(f'/api/v1/candidates/{candidate_id}', headers=auth).json()['interview']['url'].rsplit('/')[-1]
    assert token not in first.text
