"""A small Panelist cluster on 127.0.0.1 for the cluster test: a fresh PostgreSQL database, a private
redis-server, two web instances (started at the same moment, on the empty database) sharing one
MEDIA_DIR and SECRET_KEY, and HAProxy running deploy/haproxy/panelist.cfg with a self-signed
certificate, providers faked over HTTP.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from argparse import Namespace
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.turns import fake_providers
from tests.support.db_backends import empty_postgres_database
from tests.support.live_server import answers, free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CONFIG = ROOT / 'deploy' / 'haproxy' / 'panelist.cfg'


@dataclass
class WebInstance:
    name: str  # the balancer's cookie value for it: web1, web2
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    def log_tail(self, lines: int = 30) -> str:
        return '\n'.join(self.log_path.read_text(errors='replace').splitlines()[-lines:])


@dataclass
class Cluster:
    url: str  # HAProxy's TLS frontend
    database_url: str
    redis_port: int
    media_dir: Path
    web: dict[str, WebInstance] = field(default_factory=dict)

    def kill(self, name: str) -> None:
        """kill -9: no shutdown hooks, no goodbye to the balancer; its health check finds out."""
        process = self.web[name].process
        process.send_signal(signal.SIGKILL)
        process.wait(10)


def missing_tools() -> str | None:
    for tool in ('haproxy', 'redis-server', 'openssl'):
        if shutil.which(tool) is None:
            return f'{tool} is not installed (Debian packages haproxy, redis-server, openssl)'
    try:
        import redis  # noqa: F401 - the `cluster` extra
    except ImportError:
        return "the redis client is not installed: pip install -e '.[cluster]'"
    return None


@contextmanager
def running_cluster(tmp: Path, env: dict[str, str] | None = None) -> Iterator[Cluster]:
    with ExitStack() as stack:
        database_url = stack.enter_context(empty_postgres_database('panelist_cluster'))
        redis_port = stack.enter_context(_redis(tmp))
        # In their own process (as bench/turns.py does): in this one they would share the GIL with the
        # 20 simulated candidates and the browser driver.
        fakes_env = stack.enter_context(fake_providers(Namespace(llm_latency=0.2, tts_latency=0.1, stt_latency=0.2)))
        media_dir = tmp / 'shared-media'
        shared = {
            'DATABASE_URL': database_url, 'REDIS_URL': f'redis://127.0.0.1:{redis_port}/0',
            'SECRET_KEY': secrets.token_urlsafe(48), 'MEDIA_DIR': str(media_dir),
            'FORWARDED_ALLOW_IPS': '127.0.0.1', 'LLM_PROVIDER': 'openai', 'TTS_PROVIDER': 'sarvam',
            'STT_PROVIDER': 'sarvam', 'WARM_UP_MODELS': 'false', 'LOG_LEVEL': 'WARNING', **fakes_env, **(env or {}),
        }
        cluster = Cluster(url='', database_url=database_url, redis_port=redis_port, media_dir=media_dir)
        # Both at the same moment on the empty database: migrations must run once (advisory lock).
        for name in ('web1', 'web2'):
            cluster.web[name] = _start_web(name, tmp, shared)
            stack.callback(stop_process, cluster.web[name].process)
        for instance in cluster.web.values():
            _wait_ready(instance)
        cluster.url = stack.enter_context(_haproxy(tmp, cluster))
        yield cluster


@contextmanager
def _redis(tmp: Path) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '',
                                '--appendonly', 'no', '--dir', str(tmp)], stdout=subprocess.DEVNULL)
    try:
        _wait(lambda: _redis_answers(port), 10, 'redis-server did not start')
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _start_web(name: str, tmp: Path, shared: dict[str, str]) -> WebInstance:
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith('PYTEST_')}  # NiceGUI's pytest mode
    env = {**inherited, **shared, 'HOST': '127.0.0.1', 'PORT': str(port), 'DATA_DIR': str(tmp / name),
           'PYTHONPATH': str(ROOT), 'PYTHONUNBUFFERED': '1'}
    log_path = tmp / f'{name}.log'
    with log_path.open('wb') as log:
        process = subprocess.Popen([sys.executable, str(ROOT / 'main.py')], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    return WebInstance(name, port, process, log_path)


def _wait_ready(instance: WebInstance, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not answers(instance.url + '/health'):
        if instance.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f'{instance.name} did not start:\n{instance.log_tail()}')
        time.sleep(0.2)


@contextmanager
def _haproxy(tmp: Path, cluster: Cluster) -> Iterator[str]:
    pem = tmp / 'panelist.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
                    '-keyout', str(pem), '-out', str(tmp / 'cert.pem')], check=True, capture_output=True)
    pem.write_bytes((tmp / 'cert.pem').read_bytes() + pem.read_bytes())
    https_port = free_port()
    env = {**os.environ, 'PANELIST_HTTP_BIND': f'127.0.0.1:{free_port()}',
           'PANELIST_HTTPS_BIND': f'127.0.0.1:{https_port}', 'PANELIST_TLS_CERT': str(pem),
           'PANELIST_MAXCONN': '2000', 'PANELIST_WEB1': f'127.0.0.1:{cluster.web["web1"].port}',
           'PANELIST_WEB2': f'127.0.0.1:{cluster.web["web2"].port}'}
    log_path = tmp / 'haproxy.log'
    with log_path.open('wb') as log:
        # -db: stay in the foreground, no daemon; the test owns the process.
        process = subprocess.Popen(['haproxy', '-db', '-f', str(HAPROXY_CONFIG)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        _wait(lambda: _https_answers(https_port), 15,
              lambda: f'haproxy did not start:\n{log_path.read_text(errors="replace")}')
        yield f'https://127.0.0.1:{https_port}'
    finally:
        process.terminate()
        process.wait(10)


def _https_answers(port: int) -> bool:
    import httpx

    try:
        return httpx.get(f'https://127.0.0.1:{port}/health', verify=False, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(ready: Callable[[], bool], timeout: float, message: str | Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(message() if callable(message) else message)
        time.sleep(0.1)
