"""Run as a script by test_sentry_scrubbing.py: starts Sentry the way main.py does (SENTRY_DSN from the
environment), then fails in the ways a real server does, with a candidate's personal data everywhere:
an unhandled error in an API route (data in the message, local variables, URL token, query, body,
cookies), and error log lines with the data as arguments and inside the exception."""

from __future__ import annotations

import logging
import sys

import sentry_sdk
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from app.api import install_api
from app.config import get_settings
from app.monitoring.logs import configure_logging
from app.monitoring.sentry import init_sentry

NAME, EMAIL, TRANSCRIPT, TOKEN, PHONE = sys.argv[1:6]


def main() -> None:
    settings = get_settings()
    configure_logging('INFO', 'json')
    assert init_sentry(settings)
    api = FastAPI()
    install_api(api)

    @api.post('/api/v1/interview/{token}/boom')
    async def boom(token: str, request: Request) -> None:
        body = await request.body()  # the route read the candidate's data
        candidate = {'name': NAME, 'email': EMAIL, 'transcript': TRANSCRIPT, 'body': body.decode()}
        logging.getLogger('app.services.answer_worker').info('scoring answer of %s (%s)', NAME, EMAIL)
        raise RuntimeError(f'could not score {candidate["name"]} <{candidate["email"]}>: {TRANSCRIPT}')

    with TestClient(api, raise_server_exceptions=False) as client:
        response = client.post(f'/api/v1/interview/{TOKEN}/boom?email={EMAIL}&phone={PHONE}',
                               json={'name': NAME, 'transcript': TRANSCRIPT},
                               headers={'Cookie': f'session={TOKEN}', 'X-Candidate': EMAIL})
        assert response.status_code == 500, response.text
    try:
        raise ValueError(f'bad transcript for {NAME}: {TRANSCRIPT}')
    except ValueError:
        logging.getLogger('app.services.answer_worker').exception(
            'processing answer of %s <%s> failed unexpectedly', NAME, EMAIL)
    # An f-string log line (a developer's slip) puts the data into the template itself.
    logging.getLogger('app.providers').error(f'provider rejected {EMAIL} (call {PHONE})')
    sentry_sdk.flush(timeout=10)


if __name__ == '__main__':
    main()
