"""LOG_FORMAT=json: one JSON object per line, carrying the id of the request it was written under."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import install_api
from app.monitoring.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]


def test_log_lines_carry_the_request_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger('tests.json_logs')
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    api = FastAPI()
    install_api(api)

    @api.get('/work')
    def work() -> dict[str, str]:
        logger.info('did %s things', 3, extra={'job_id': 7})
        try:
            raise ValueError('boom')
        except ValueError:
            logger.exception('it failed')
        return {'ok': 'yes'}

    try:
        with TestClient(api) as client:
            response = client.get('/work', headers={'X-Request-ID': 'req-1234567890'})
        logger.info('outside any request')
    finally:
        logger.removeHandler(handler)
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert response.headers['x-request-id'] == 'req-1234567890'
    assert first['message'] == 'did 3 things' and first['request_id'] == 'req-1234567890'
    assert first['level'] == 'INFO' and first['logger'] == 'tests.json_logs' and first['job_id'] == 7
    assert first['time'].endswith('+00:00')
    assert second['request_id'] == 'req-1234567890' and 'ValueError: boom' in second['exception']
    assert 'request_id' not in third


def test_configure_logging_json_on_stderr() -> None:
    script = ('from app.monitoring.logs import configure_logging; import logging; '
              'configure_logging("info", "json"); logging.getLogger("x").warning("hello %s", "there")')
    result = subprocess.run([sys.executable, '-c', script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=True)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line['message'] == 'hello there' and line['level'] == 'WARNING'
