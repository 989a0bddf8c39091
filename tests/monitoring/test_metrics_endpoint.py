"""GET /metrics: token protection, HTTP figures by route template, request ids, database gauges."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.api import install_api
from app.config import reset_settings
from tests.api.conftest import signup

TOKEN = 'scrape-me-0123456789'


@pytest.fixture
def client(database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv('METRICS_TOKEN', TOKEN)
    reset_settings()
    api = FastAPI()
    install_api(api)
    with TestClient(api, raise_server_exceptions=False) as test_client:
        yield test_client


def scrape(client: TestClient) -> str:
    response = client.get('/metrics', headers={'Authorization': f'Bearer {TOKEN}'})
    assert response.status_code == 200, response.text
    assert response.headers['content-type'].startswith('text/plain')
    return response.text


def value(text: str, name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels` (0 when there are none)."""
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()))


def test_metrics_need_the_token(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get('/metrics').status_code == 401
    wrong = client.get('/metrics', headers={'Authorization': 'Bearer nope'})
    assert wrong.status_code == 401 and wrong.headers['www-authenticate'] == 'Bearer'
    assert client.get('/metrics', headers={'Authorization': f'Basic {TOKEN}'}).status_code == 401
    monkeypatch.setenv('METRICS_TOKEN', '')
    reset_settings()
    off = client.get('/metrics', headers={'Authorization': f'Bearer {TOKEN}'})
    assert off.status_code == 404 and 'METRICS_TOKEN' in off.json()['detail']


def test_requests_are_counted_by_route_template_and_status(client: TestClient) -> None:
    before = scrape(client)
    headers = signup(client)
    for candidate_id in (101, 102, 103):  # three ids, one series
        assert client.get(f'/api/v1/candidates/{candidate_id}', headers=headers).status_code == 404
    client.get('/no/such/path/abc123')
    after = scrape(client)
    route = '/api/v1/candidates/{candidate_id}'
    assert value(after, 'panelist_http_requests_total', method='GET', route=route, status='404') - \
        value(before, 'panelist_http_requests_total', method='GET', route=route, status='404') == 3
    assert 'route="/api/v1/candidates/101"' not in after and '/no/such/path' not in after
    assert value(after, 'panelist_http_requests_total', route='<unmatched>', status='404') >= 1
    assert value(after, 'panelist_http_requests_total', method='POST', route='/api/v1/auth/signup',
                 status='201') >= 1
    # The signup body (JSON) is an upload: its size is observed under the route.
    assert value(after, 'panelist_http_request_body_bytes_count', route='/api/v1/auth/signup') > \
        value(before, 'panelist_http_request_body_bytes_count', route='/api/v1/auth/signup')
    assert value(after, 'panelist_http_request_duration_seconds_count', method='GET', route=route) >= 3


@pytest.mark.postgres  # queue ages are computed in SQL
def test_database_gauges_are_exposed(client: TestClient) -> None:
    text = scrape(client)
    for name in ('panelist_answer_queue_depth', 'panelist_answer_queue_oldest_age_seconds',
                 'panelist_answers_awaiting_retry'):
        assert re.search(rf'^{name} 0\.0$', text, re.MULTILINE), name
    assert 'panelist_interviews{state="completed"} 0.0' in text


def test_request_ids(client: TestClient) -> None:
    fresh = client.get('/health')
    assert re.fullmatch(r'[0-9a-f]{32}', fresh.headers['x-request-id'])
    kept = client.get('/health', headers={'X-Request-ID': 'edge-proxy-42abc'})
    assert kept.headers['x-request-id'] == 'edge-proxy-42abc'
    replaced = client.get('/health', headers={'X-Request-ID': 'bad id <script>'})
    assert re.fullmatch(r'[0-9a-f]{32}', replaced.headers['x-request-id'])
