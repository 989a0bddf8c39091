"""HR candidate routes: list, detail with parsed resume and flags, status, download, delete, scoping."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from app import media
from app.downloads import content_disposition
from tests.api.conftest import signup
from tests.support import resumes


def setup(client: TestClient) -> tuple[dict[str, str], dict, int]:
    auth = signup(client)
    job = client.post('/api/v1/jobs', json={'title': 'Backend', 'must_have_skills': ['Python', 'Kubernetes']},
                      headers=auth).json()
    response = client.post(f'/api/v1/apply/{job["job_code"]}',
                           data={'name': 'Jane Doe', 'email': 'jane@example.com', 'consent': 'on'},
                           files={'resume': ('Jané "CV";\r\n.pdf', resumes.pdf_with_hidden_text(), 'application/pdf')})
    assert response.status_code == 201, response.text
    return auth, job, response.json()['candidate_id']


def test_list_and_detail(client: TestClient) -> None:
    auth, job, candidate_id = setup(client)
    listed = client.get(f'/api/v1/jobs/{job["id"]}/candidates', headers=auth)
    assert listed.status_code == 200
    [row] = listed.json()
    assert row['name'] == 'Jane Doe' and row['status'] == 'pending' and row['must_have_match'] == 50.0
    assert row['flag_count'] >= 3 and row['interview_status'] == 'scheduled' and 'Python' in row['skills']
    detail = client.get(f'/api/v1/candidates/{candidate_id}', headers=auth).json()
    assert detail['resume_filename'] == 'Jané "CV";.pdf'
    assert {f['kind'] for f in detail['resume_flags']} >= {'hidden_text', 'ai_instructions', 'hidden_skills'}
    assert 'Ignore all previous instructions' in detail['resume_text']
    assert detail['resume_parsed']['education'] and detail['consent_notice_version']
    assert detail['interview']['status'] == 'scheduled'
    assert detail['interview']['url'].startswith('http://testserver/interview/')


def test_status_change_and_validation(client: TestClient) -> None:
    auth, _, candidate_id = setup(client)
    response = client.patch(f'/api/v1/candidates/{candidate_id}', headers=auth,
                            json={'status': 'shortlisted', 'status_note': 'Good systems answers'})
    assert response.status_code == 200
    assert (response.json()['status'], response.json()['status_note']) == ('shortlisted', 'Good systems answers')
    bad = client.patch(f'/api/v1/candidates/{candidate_id}', headers=auth, json={'status': 'promoted'})
    assert bad.status_code == 422 and 'status' in bad.json()['detail']
    assert client.patch(f'/api/v1/candidates/{candidate_id}', headers=auth, json={}).status_code == 422


def test_resume_download_is_an_attachment_with_a_safe_name(client: TestClient) -> None:
    auth, _, candidate_id = setup(client)
    response = client.get(f'/api/v1/candidates/{candidate_id}/resume', headers=auth)
    assert response.status_code == 200 and response.content.startswith(b'%PDF-')
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['x-content-type-options'] == 'nosniff'
    disposition = response.headers['content-disposition']
    assert disposition.startswith('attachment; filename="Jane _CV__.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == 'Jané "CV";.pdf'
    assert '\r' not in disposition and '\n' not in disposition


def test_content_disposition_never_lets_a_name_escape() -> None:
    for name in ('a"; filename=evil.exe', '../../x.pdf', 'тест.pdf', '\x00'):
        value = content_disposition(name)
        fallback = value.split('filename="', 1)[1].split('"', 1)[0]
        assert '"' not in fallback and '/' not in fallback and ';' not in value.split('filename*=', 1)[1]


@pytest.mark.postgres  # a delete across foreign keys (enforced differently per backend)
def test_delete_removes_candidate_and_file(client: TestClient) -> None:
    auth, job, candidate_id = setup(client)
    root = media.media_root()
    assert any(p.is_file() for p in root.rglob('*'))
    assert client.delete(f'/api/v1/candidates/{candidate_id}', headers=auth).status_code == 204
    assert client.get(f'/api/v1/candidates/{candidate_id}', headers=auth).status_code == 404
    assert client.get(f'/api/v1/jobs/{job["id"]}/candidates', headers=auth).json() == []
    assert not any(p.is_file() for p in root.rglob('*'))


def test_other_organizations_and_anonymous_callers_get_nothing(client: TestClient) -> None:
    _, job, candidate_id = setup(client)
    stranger = signup(client, email='eve@evil.io', org='Evil')
    for method, path in (('get', f'/api/v1/jobs/{job["id"]}/candidates'), ('get', f'/api/v1/candidates/{candidate_id}'),
                         ('get', f'/api/v1/candidates/{candidate_id}/resume'),
                         ('delete', f'/api/v1/candidates/{candidate_id}')):
        response = getattr(client, method)(path, headers=stranger)
        assert response.status_code == 404 and response.json()['detail']
        assert getattr(client, method)(path).status_code == 401
    assert client.patch(f'/api/v1/candidates/{candidate_id}', headers=stranger,
                        json={'status': 'hired'}).status_code == 404
