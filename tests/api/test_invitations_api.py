"""POST /api/v1/jobs/{id}/invitations (one and many), the invitation actions and the outbox listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.conftest import signup


def new_job(client: TestClient, email: str = 'ann@acme.io') -> tuple[dict[str, str], int]:
    auth = signup(client, email=email)
    response = client.post('/api/v1/jobs', json={'title': 'Data Engineer', 'invite_deadline_days': 3}, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()['invite_deadline_days'] == 3
    return auth, response.json()['id']


def test_an_ats_invites_one_and_many_and_reads_the_outbox(client: TestClient) -> None:
    auth, job_id = new_job(client)
    one = client.post(f'/api/v1/jobs/{job_id}/invitations', json={'name': 'Ann', 'email': 'ann@example.com'},
                      headers=auth)
    assert one.status_code == 201, one.text
    [invited] = one.json()['invited']
    assert invited['interview_url'].startswith('http://testserver/interview/')
    deadline = datetime.fromisoformat(invited['deadline_at'])
    assert abs((deadline - datetime.now(UTC)).total_seconds() - 3 * 86400) < 120

    chosen = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    many = client.post(f'/api/v1/jobs/{job_id}/invitations', headers=auth, json={
        'deadline': chosen.isoformat(),
        'candidates': [{'name': 'Bo', 'email': 'bo@example.com'}, {'name': 'Ann', 'email': 'ann@example.com'},
                       {'name': 'Cy', 'email': 'nope'}]})
    assert many.status_code == 201, many.text
    assert [i['email'] for i in many.json()['invited']] == ['bo@example.com']
    assert datetime.fromisoformat(many.json()['invited'][0]['deadline_at']) == chosen
    assert [s['email'] for s in many.json()['skipped']] == ['ann@example.com', 'nope']

    listed = client.get(f'/api/v1/jobs/{job_id}/invitations', headers=auth).json()
    assert {(r['email'], r['stage'], r['email_status']) for r in listed} == {
        ('ann@example.com', 'invited', 'pending'), ('bo@example.com', 'invited', 'pending')}
    mail = client.get('/api/v1/outbox', headers=auth).json()
    assert len(mail) == 2 and all(m['kind'] == 'invitation' and m['link'] for m in mail)

    ann = invited['candidate_id']
    assert client.post(f'/api/v1/candidates/{ann}/invitation/resend', headers=auth).status_code == 202
    assert client.post(f'/api/v1/candidates/{ann}/invitation/revoke', headers=auth).status_code == 204
    stages = {r['email']: r['stage'] for r in client.get(f'/api/v1/jobs/{job_id}/invitations', headers=auth).json()}
    assert stages['ann@example.com'] == 'revoked'
    refused = client.post(f'/api/v1/candidates/{ann}/invitation/resend', headers=auth)
    assert refused.status_code == 409 and 'open invitation' in refused.json()['detail']


def test_bad_requests_get_clear_errors_and_other_orgs_see_nothing(client: TestClient) -> None:
    auth, job_id = new_job(client)
    both = client.post(f'/api/v1/jobs/{job_id}/invitations', headers=auth,
                       json={'name': 'A', 'email': 'a@example.com', 'candidates': []})
    assert both.status_code == 422
    past = client.post(f'/api/v1/jobs/{job_id}/invitations', headers=auth,
                       json={'name': 'A', 'email': 'a@example.com', 'deadline': '2020-01-01T00:00:00Z'})
    assert past.status_code == 422 and 'future' in past.json()['detail']
    none_valid = client.post(f'/api/v1/jobs/{job_id}/invitations', headers=auth,
                             json={'candidates': [{'name': 'X', 'email': 'bad'}]})
    assert none_valid.status_code == 422 and 'No candidate could be invited' in none_valid.json()['detail']
    other = signup(client, email='eve@other.io', org='Other')
    assert client.post(f'/api/v1/jobs/{job_id}/invitations', headers=other,
                       json={'name': 'A', 'email': 'a@example.com'}).status_code == 404
    assert client.post('/api/v1/jobs/1/invitations', json={'name': 'A', 'email': 'a@x.io'}).status_code == 401


def test_an_invited_candidate_consents_over_the_api_before_starting(client: TestClient) -> None:
    from app.consent import notice_version
    from app.db import session_scope
    from app.db_types import utcnow
    from app.models import Candidate
    from tests.support.engine_setup import build_rig
    from tests.support.runtime import installed

    auth, job_id = new_job(client)
    invited = client.post(f'/api/v1/jobs/{job_id}/invitations', json={'name': 'Ann', 'email': 'ann@example.com'},
                          headers=auth).json()['invited'][0]
    token = invited['interview_url'].rsplit('/', 1)[1]
    with installed(build_rig()):
        early = client.post(f'/api/v1/interview/{token}/start')
        assert early.status_code == 409 and 'agree' in early.json()['detail']
        stale = client.post(f'/api/v1/interview/{token}/consent', json={'consent_notice_version': 'old'})
        assert stale.status_code == 409 and 'notice changed' in stale.json()['detail']
        agreed = client.post(f'/api/v1/interview/{token}/consent', json={'consent_notice_version': notice_version()})
        assert agreed.status_code == 204
        with session_scope() as session:
            candidate = session.get(Candidate, invited['candidate_id'])
            assert candidate is not None and candidate.consent_at is not None
            candidate.deadline_at = utcnow()
            session.add(candidate)
        late = client.post(f'/api/v1/interview/{token}/start')
        assert late.status_code == 409 and 'deadline for this interview has passed' in late.json()['detail']
