"""A bounded schemathesis run over the whole API (issue 11, item 7): every operation, a few generated
requests each (fixed seed), signed in, on SQLite and PostgreSQL. Any 5xx, a status code the OpenAPI
schema does not list for the operation, or a response whose body or content type does not match the
schema fails the test."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.api import install_api
from tests.support.engine_setup import build_rig
from tests.support.factories import PASSWORD, apply, make_admin, make_job
from tests.support.runtime import installed

EXAMPLES_PER_OPERATION = 6
BUDGET_SECONDS = 100
SKIP = {('POST', '/api/v1/auth/logout'), ('POST', '/api/v1/auth/password')}  # they would end the run's session


@pytest.fixture
def api(database: str) -> Iterator[FastAPI]:
    app = FastAPI()
    install_api(app)
    with installed(build_rig()):
        yield app


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.postgres  # generated ids and values past PostgreSQL's integer range must not be a 5xx
def test_no_operation_answers_5xx_or_off_schema(api: FastAPI, database: str) -> None:
    with TestClient(api) as client:
        token = client.post('/api/v1/auth/token', json={'email': make_admin(email='fuzz@acme.io').email,
                                                        'password': PASSWORD}).json()['access_token']
    admin_job = make_job(make_admin(email='other@acme.io'))
    apply(admin_job, email='jane@example.com')  # some rows exist, in another organization
    auth = {'Authorization': f'Bearer {token}'}
    schema = schemathesis.openapi.from_asgi('/openapi.json', api)
    started = time.monotonic()
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        operations += 1

        @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        # Schemathesis raises its failures as a BaseExceptionGroup: catch it, or the first one ends the run.
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f'{operation.method.upper()} {operation.path}: {str(exc)[:800]}')
    elapsed = time.monotonic() - started
    print(f'schemathesis {database}: {operations} operations x {EXAMPLES_PER_OPERATION} examples, '
          f'{len(failures)} failing, {elapsed:.1f} s')
    assert operations > 40
    assert not failures, '\n\n'.join(failures)
    assert elapsed < BUDGET_SECONDS

