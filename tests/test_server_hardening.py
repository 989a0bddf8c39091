"""The real server (main.py) as an attacker meets it: headers, private files, forwarded headers (issue 11)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live_server import RunningApp, start_process, stop_process


@pytest.fixture
def start(tmp_path: Path) -> Iterator:
    running: list[RunningApp] = []

    def launch(name: str, **env: str) -> tuple[RunningApp, Path]:
        data_dir = tmp_path / name
        app = start_process('main.py', {'DATA_DIR': str(data_dir), 'DATABASE_URL': '', 'TTS_PROVIDER': 'browser',
                                        'LOG_LEVEL': 'WARNING', **env}, tmp_path / f'{name}.log',
                            ready_path='/health', timeout=90)
        running.append(app)
        return app, data_dir

    yield launch
    for app in running:
        stop_process(app.process)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_headers_private_files_and_untrusted_forwarded_headers(start) -> None:
    app, data_dir = start('plain', LOGIN_MAX_FAILURES_PER_IP='2')
    with httpx.Client(base_url=app.url, timeout=10) as client:
        for path in ('/login', '/api/v1/apply/NOPE00', '/docs'):
            response = client.get(path)
            assert "frame-ancestors 'none'" in response.headers['content-security-policy'], path
            assert response.headers['x-frame-options'] == 'DENY'
            assert response.headers['referrer-policy'] == 'same-origin'
            assert response.headers['x-content-type-options'] == 'nosniff'
            assert 'strict-transport-security' not in response.headers
        assert 'cdn.jsdelivr.net' in client.get('/docs').headers['content-security-policy']
        assert 'cdn.jsdelivr.net' not in client.get('/login').headers['content-security-policy']
        assert 'secure' not in client.get('/login').headers.get('set-cookie', '').lower()
        # A spoofed X-Forwarded-For does not buy a fresh rate-limit budget per made-up address.
        statuses = [client.post('/api/v1/auth/token', json={'email': f'x{n}@acme.io', 'password': 'wrong-pass'},
                                headers={'X-Forwarded-For': f'203.0.113.{n}'}).status_code for n in range(3)]
        assert statuses == [401, 401, 429]
        too_big = client.post('/api/v1/auth/token', content=b'{' + b' ' * 300_000 + b'}',
                              headers={'Content-Type': 'application/json'})
        assert too_big.status_code == 413 and "frame-ancestors 'none'" in too_big.headers['content-security-policy']
    assert _mode(data_dir) == 0o700
    for name in ('panelist.db', 'secret_key'):
        assert _mode(data_dir / name) == 0o600, name
    for path in data_dir.rglob('*'):
        assert _mode(path) & 0o077 == 0, path  # nothing inside is readable by others (WAL, media, storage)


def test_behind_https_cookies_are_secure_and_hsts_is_sent(start) -> None:
    app, _ = start('tls', PUBLIC_URL='https://jobs.example.com', FORWARDED_ALLOW_IPS='127.0.0.1')
    with httpx.Client(base_url=app.url, timeout=10) as client:
        response = client.get('/login', headers={'X-Forwarded-Proto': 'https'})
        assert response.headers['strict-transport-security'].startswith('max-age=')
        assert 'secure' in response.headers['set-cookie'].lower()
