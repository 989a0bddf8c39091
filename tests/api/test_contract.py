"""The API contract at its edges: ids out of range, the documented error shapes (issue 11, item 7)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import signup

HUGE = [2**31, 2**63, 10**30]


@pytest.mark.parametrize('path', [
    '/api/v1/jobs/{n}', '/api/v1/jobs/{n}/candidates', '/api/v1/jobs/{n}/dashboard', '/api/v1/candidates/{n}',
    '/api/v1/candidates/{n}/report', '/api/v1/candidates/{n}/audit', '/api/v1/answers/{n}/audio',
    '/api/v1/audit?subject_id={n}', '/api/v1/audit?offset={n}', '/api/v1/analytics?job_id={n}',
    '/api/v1/jobs/1/compare?ids=1&ids={n}', '/api/v1/interview/some-token/questions/{n}/audio',
])
def test_ids_out_of_range_are_422_never_500(client: TestClient, path: str) -> None:
    auth = signup(client)
    for n in HUGE:
        response = client.get(path.format(n=n), headers=auth)
        assert response.status_code == 422, (path, n, response.text)
        assert 'detail' in response.json()
    assert client.get(path.format(n=0), headers=auth).status_code < 500


def test_ids_out_of_range_in_bodies_and_writes(client: TestClient) -> None:
    auth = signup(client)
    for n in HUGE:
        assert client.delete(f'/api/v1/jobs/{n}', headers=auth).status_code == 422
        assert client.patch(f'/api/v1/candidates/{n}', json={'status': 'hired'}, headers=auth).status_code == 422
        override = client.post('/api/v1/candidates/1/overrides', headers=auth,
                               json={'field': 'correctness', 'answer_id': n, 'score': 3, 'reason': 'checked it'})
        assert override.status_code == 422
    assert client.get('/api/v1/jobs/2147483647', headers=auth).status_code == 404  # the largest id: just missing


def test_openapi_documents_errors_and_constraints(client: TestClient) -> None:
    schema = client.get('/openapi.json').json()
    paths = schema['paths']
    job = paths['/api/v1/jobs/{job_id}']['get']
    assert {'401', '404', '422'} <= set(job['responses'])
    error = job['responses']['422']['content']['application/json']['schema']
    assert error == {'$ref': '#/components/schemas/ErrorOut'}
    assert {'detail', 'fields'} <= set(schema['components']['schemas']['ErrorOut']['properties'])
    job_id = next(p for p in job['parameters'] if p['name'] == 'job_id')['schema']
    assert job_id['minimum'] == 1 and job_id['maximum'] == 2**31 - 1
    compare = next(p for p in paths['/api/v1/jobs/{job_id}/compare']['get']['parameters'] if p['name'] == 'ids')
    assert compare['schema']['minItems'] == 2 and compare['schema']['maxItems'] == 4
    assert '429' in paths['/api/v1/auth/token']['post']['responses']
    assert '413' in paths['/api/v1/interview/{token}/answers/{index}']['post']['responses']
    assert '403' in paths['/api/v1/auth/signup']['post']['responses']
    assert '409' in paths['/api/v1/interview/{token}/video/{segment}']['post']['responses']
