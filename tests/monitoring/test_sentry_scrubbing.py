"""With SENTRY_DSN set, errors reach Sentry without personal data. The "Sentry" here is a real HTTP
receiver on 127.0.0.1 that the SDK posts its envelopes to; the test reads what actually arrived."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME, EMAIL = 'Zoë Quintanilla-Okafor', 'zoe.quintanilla@example.org'
TRANSCRIPT = 'I would shard the ledger by tenant and replay the outbox nightly'
TOKEN = 'tok_Q9xv2LmR7pWn4KsT8yBc3DfGh'
PHONE = '4155550123'
SECRETS = (NAME, 'Quintanilla', EMAIL, 'zoe.quintanilla', TRANSCRIPT, 'shard the ledger', TOKEN, PHONE)


class Ingest(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        encoding = self.headers.get('Content-Encoding', '')
        if encoding == 'gzip':
            body = gzip.decompress(body)
        elif encoding == 'deflate':
            body = zlib.decompress(body)
        elif encoding == 'br':
            import brotli

            body = brotli.decompress(body)
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        self.wfile.write(b'{}')


@pytest.fixture
def ingest() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(('127.0.0.1', 0), Ingest)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def events(received: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """The event items of the envelopes (header line, then item header / payload pairs)."""
    found = []
    for _, body in received:
        lines = body.split(b'\n')
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get('type') == 'event':
                found.append(json.loads(payload))
    return found


def test_errors_arrive_without_personal_data(ingest: ThreadingHTTPServer, tmp_path: Path) -> None:
    port = ingest.server_address[1]
    env = {**os.environ, 'SENTRY_DSN': f'http://publickey@127.0.0.1:{port}/42', 'DATA_DIR': str(tmp_path),
           'DATABASE_URL': f'sqlite:///{tmp_path / "probe.db"}', 'PYTHONPATH': str(ROOT)}
    result = subprocess.run([sys.executable, str(ROOT / 'tests/monitoring/sentry_probe.py'), NAME, EMAIL,
                             TRANSCRIPT, TOKEN, PHONE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    received: list[tuple[str, bytes]] = ingest.received
    assert received and all(path == '/api/42/envelope/' for path, _ in received)
    raw = b'\n'.join(body for _, body in received).decode('utf-8')
    for secret in SECRETS:
        assert secret not in raw, f'{secret!r} reached Sentry'
        assert secret.lower() not in raw.lower()
    found = events(received)
    types = {value['type'] for event in found for value in event.get('exception', {}).get('values', [])}
    assert {'RuntimeError', 'ValueError'} <= types  # the failures did arrive, with their types
    templates = [event.get('logentry', {}).get('message') for event in found]
    assert 'processing answer of %s <%s> failed unexpectedly' in templates  # the log call, not its arguments
    assert 'provider rejected [email] (call [number])' in templates
    route_event = next(e for e in found if any(v['type'] == 'RuntimeError' for v in e['exception']['values']))
    assert route_event['exception']['values'][-1]['stacktrace']['frames']  # still diagnosable
