"""API tests run the real routers and error handlers on a bare FastAPI app (no UI)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import install_api


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    api = FastAPI()
    install_api(api)
    with TestClient(api, raise_server_exceptions=False) as test_client:
        yield test_client


def signup(client: TestClient, email: str = 'ann@acme.io', org: str = 'Acme') -> dict[str, str]:
    response = client.post('/api/v1/auth/signup', json={'organization': org, 'name': 'Ann', 'email': email,
                                                          'password': 'password123'})
    assert response.status_code == 201, response.text
    return {'Authorization': f'Bearer {response.json()["access_token"]}'}
