"""Real servers for tests that need real concurrency, real timeouts or a real shutdown.

- ``serve(app)``: an ASGI app under uvicorn on a free 127.0.0.1 port in a background thread (TestClient
  runs one request per portal call and never times out; here a hang shows up as a client timeout).
- ``start_process(script, env, log_path)``: a NiceGUI script (e.g. main.py) in a subprocess on a free
  port, waited for until it answers; ``stop_process`` stops it with SIGINT (SIGKILL after a timeout).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from starlette.types import ASGIApp

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Yields the base URL; stops the server on exit (a stuck server is left behind, not waited for)."""
    server = uvicorn.Server(uvicorn.Config(app, host='127.0.0.1', port=0, log_level='warning', lifespan='on'))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True, name='live-server')
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError('the test server did not start')
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f'http://127.0.0.1:{port}'
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class RunningApp:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return '\n'.join(self.log_path.read_text(errors='replace').splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


def start_process(script: Path | str, env: dict[str, str] | None, log_path: Path, *, ready_path: str = '/',
                  timeout: float = 60) -> RunningApp:
    """Run `script` with HOST=127.0.0.1, PORT=<free port>, PYTHONPATH=<repo root> plus `env`; raises
    RuntimeError (with the log tail) when it does not answer within `timeout` seconds."""
    port = free_port()
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get('PYTHONPATH', '')) if p)
    # Without PYTEST_CURRENT_TEST: NiceGUI would think it runs inside pytest and ignore the port.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith('PYTEST_')}
    full_env = {**inherited, 'HOST': '127.0.0.1', 'PORT': str(port), 'PYTHONPATH': python_path,
                'PYTHONUNBUFFERED': '1', **(env or {})}
    with log_path.open('wb') as log:
        process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=full_env, stdout=log,
                                   stderr=subprocess.STDOUT)
    app = RunningApp(url=f'http://127.0.0.1:{port}', port=port, process=process, log_path=log_path)
    deadline = time.monotonic() + timeout
    while not answers(app.url + ready_path):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f'{script} did not start on port {port}:\n{app.log_tail()}')
        time.sleep(0.2)
    return app


def stop_process(process: subprocess.Popen, timeout: float = 10) -> bool:
    """SIGINT (NiceGUI/uvicorn shut down cleanly on it), SIGKILL after `timeout`. True if it stopped itself."""
    if process.poll() is not None:
        return True
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False


def seed_database_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh SQLite database under tmp_path, migrated and pointed at by this process's settings (seed it
    with the factories, then call reset_engine()), and the same environment for the app's subprocess."""
    from app.config import reset_settings
    from app.db import reset_engine, upgrade_schema

    env = {'DATA_DIR': str(tmp_path / 'var'), 'DATABASE_URL': f'sqlite:///{tmp_path / "var" / "panelist.db"}',
           'TTS_PROVIDER': 'browser', 'SECRET_KEY': 'browser-test-secret-0123456789abcdefghij'}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reset_settings()
    reset_engine()
    upgrade_schema()
    return env
