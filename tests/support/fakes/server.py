"""A small threaded HTTP server with scripted faults, the base of every fake provider.

Faults (one per request, taken in order from `script(...)`, then normal answers again):
  'ok'              a valid, sensible answer
  'hang'            accept the request and never answer (until the server stops)
  'reset'           close the connection with a TCP reset, no response
  '429' / '429:N'   rate limited, Retry-After: N seconds (default 0)
  '500', '503', '408', '401', ...   that HTTP status with the API's error body
  'malformed'       200 with a body that is not JSON
  'truncated'       valid JSON cut in half (Gemini finishReason MAX_TOKENS / OpenAI finish_reason length)
  'out_of_range'    scores outside 0–5 (or a rubric with too few points, audio that is not audio)
  'missing_fields'  a required field left out
`always(fault)` applies one fault to every request instead.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ('ok', 'hang', 'reset', '429', '500', '503', '408', 'malformed', 'truncated', 'out_of_range',
          'missing_fields')
CONTENT_FAULTS = frozenset({'truncated', 'out_of_range', 'missing_fields'})
HANG_SECONDS = 120.0


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b'null')


@dataclass
class Response:
    status: int = 200
    body: bytes = b''
    content_type: str = 'application/json'
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_json(cls, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return cls(status, json.dumps(value).encode(), 'application/json', headers or {})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up mid-response (a test's timeout, the app shutting down) is routine here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as real APIs and httpx's pool expect
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        fake = self.server.fake
        fault = fake.record_and_next_fault(request)
        if fault == 'hang':
            fake.stopping.wait(HANG_SECONDS)
            self.close_connection = True
            return
        if fault == 'reset':
            # SO_LINGER with a zero timeout turns close() into a TCP RST: "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        latency = fake.latency_for(request)
        if latency > 0 and fake.stopping.wait(latency):
            return
        response = fake.respond(request, fault)
        self.send_response(response.status)
        self.send_header('Content-Type', response.content_type)
        self.send_header('Content-Length', str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    do_POST = _serve
    do_GET = _serve


class FakeServer:
    """Subclasses implement `route(request, fault)` for their API; this class does the rest."""

    name = 'fake'

    def __init__(self, *, latency: float = 0.0, api_key: str = 'test-key') -> None:
        self.latency = latency
        self.api_key = api_key
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._faults: deque[str] = deque()
        self._always: str | None = None
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- scripting -------------------------------------------------------------------------
    def script(self, *faults: str) -> None:
        with self._lock:
            self._faults.extend(faults)

    def always(self, fault: str | None) -> None:
        with self._lock:
            self._always = fault

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self._always = None
            self.requests.clear()

    def record_and_next_fault(self, request: Request) -> str:
        with self._lock:
            self.requests.append(request)
            if self._faults:
                return self._faults.popleft()
            return self._always or 'ok'

    def latency_for(self, request: Request) -> float:
        return self.latency

    # --- answering -------------------------------------------------------------------------
    def respond(self, request: Request, fault: str) -> Response:
        if not self.authorized(request):
            return self.error(401, 'invalid API key')
        code, _, retry_after = fault.partition(':')
        if code.isdigit():
            headers = {'Retry-After': retry_after or '0'} if code == '429' else {}
            return self.error(int(code), f'scripted HTTP {code}', headers)
        if fault == 'malformed':
            return Response(200, b'{"this is": not json', 'application/json')
        return self.route(request, fault)

    def authorized(self, request: Request) -> bool:
        return True

    def route(self, request: Request, fault: str) -> Response:
        raise NotImplementedError

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return Response.of_json({'error': {'code': status, 'message': message}}, status, headers)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> str:
        server = _Server(('127.0.0.1', 0), _Handler)
        server.fake = self
        self._server = server
        self.stopping.clear()
        self._thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1},
                                        name=f'{self.name}-server', daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None, 'server not started'
        host, port = self._server.server_address[:2]
        return f'http://{host!s}:{port}'

    def stop(self) -> None:
        self.stopping.set()  # releases hanging handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False
