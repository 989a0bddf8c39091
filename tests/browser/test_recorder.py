"""The recorder component in a real Chromium: fake camera, fake microphone, fake upload endpoints."""

import json
import time
import urllib.request
import uuid
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import pytest
from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

HARNESS = Path(__file__).with_name('recorder_harness.py')
SPEECH = 'Hello, my name is Alex. I have built data pipelines in Python and PostgreSQL for five years.'


@dataclass
class Harness:
    """The running harness app: steer its fake endpoints, read what its Python handlers received."""

    url: str
    data: Path

    def call(self, path: str, body: dict | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def control(self, **settings: Any) -> None:
        self.call('/test/control', settings)

    def requests(self, kind: str) -> list[dict]:
        return [r for r in self.call('/test/log') if r['kind'] == kind]

    def events(self, name: str | None = None) -> list[dict]:
        return [e for e in self.call('/test/events') if name is None or e['event'] == name]

    def wait_event(self, name: str, *, timeout: float = 15, count: int = 1) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.events(name)
            if len(found) >= count:
                return found[count - 1]['args']
            time.sleep(0.1)
        got = [(e['event'], e['args']) for e in self.events()]
        raise AssertionError(f'no {name} event within {timeout} s; got {got}')


@dataclass
class Tab:
    """A page showing the harness, with the JavaScript errors it raised."""

    page: Page
    shots_dir: Path
    errors: list[str] = field(default_factory=list)

    @property
    def recorder(self) -> Locator:
        return self.page.get_by_test_id('recorder')

    def click(self, label: str) -> None:
        self.page.get_by_role('button', name=label, exact=True).click()

    def see(self, text: str) -> None:
        self.recorder.get_by_text(text, exact=True).wait_for()

    def shoot(self, name: str) -> None:
        self.recorder.screenshot(path=self.shots_dir / f'{name}.png', animations='disabled')


@pytest.fixture(scope='module')
def harness(start_app: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Harness:
    data = tmp_path_factory.mktemp('harness')
    app = start_app(HARNESS, {'RECORDER_HARNESS_DIR': str(data)})
    return Harness(url=app.url, data=data)


@pytest.fixture(autouse=True)
def fresh_harness(harness: Harness) -> Iterator[None]:
    harness.control(reset=True)
    yield


@pytest.fixture
def speech_wav(synthesize_wav: Callable[[str], Path]) -> Path:
    return synthesize_wav(SPEECH)


@pytest.fixture
def open_tab(shots_dir: Path) -> Callable[..., Tab]:
    def open_(browser: Browser, url: str, *, init_script: str | None = None, wait: bool = True) -> Tab:
        page = browser.new_page(viewport={'width': 900, 'height': 900})
        tab = Tab(page=page, shots_dir=shots_dir)
        if init_script:
            page.add_init_script(init_script)
        page.on('pageerror', lambda err: tab.errors.append(str(err)))
        page.goto(url)
        if wait:  # Playwright's locator and evaluate calls count as user gestures (they unlock autoplay)
            tab.recorder.wait_for()
        return tab

    return open_


def audio_seconds(path: Path) -> float:
    """Decoded length: MediaRecorder's webm carries no duration header, so count the samples."""
    with av.open(str(path)) as container:
        assert container.streams.audio, 'no audio stream'
        return sum(frame.samples / frame.sample_rate for frame in container.decode(audio=0))


COUNT_TRACK_STOPS = """
  window.stoppedTracks = 0;
  const stop = MediaStreamTrack.prototype.stop;
  MediaStreamTrack.prototype.stop = function () { window.stoppedTracks += 1; return stop.call(this); };
"""


def test_devices_ready_mic_test_and_release(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(launch_chromium(speech_wav), harness.url, init_script=COUNT_TRACK_STOPS)
    tab.shoot('00-idle')
    tab.click('Check devices')
    ready = harness.wait_event('devices_ready')
    assert ready == {
        'has_video': True,
        'audio_mime': 'audio/webm;codecs=opus',
        'video_mime': 'video/webm;codecs=vp8,opus',
    }
    tab.page.wait_for_function("document.querySelector('video').videoWidth > 0")

    tab.click('Mic test')
    tab.page.wait_for_timeout(800)
    tab.shoot('01-device-check-meter')
    result = harness.wait_event('mic_test_result')
    assert result['ok'] is True and result['peak_level'] >= 0.4, result
    tab.see('We can hear you clearly.')
    tab.shoot('02-mic-test-ok')

    tab.click('Release')  # camera and microphone go off: both tracks stopped
    tab.page.wait_for_function('window.stoppedTracks === 2')
    tab.click('Check devices')
    harness.wait_event('devices_ready', count=2)
    tab.click('Delete')  # the element leaves the page: beforeUnmount releases the devices too
    tab.page.wait_for_function('window.stoppedTracks === 4')
    assert tab.errors == []


def test_mic_test_fails_in_silence(
    harness: Harness, launch_chromium: Callable[..., Browser], open_tab: Callable[..., Tab], tmp_path: Path
) -> None:
    silence = tmp_path / 'silence.wav'
    with wave.open(str(silence), 'wb') as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(bytes(2 * 16000 * 3))
    tab = open_tab(launch_chromium(silence), harness.url)
    tab.click('Check devices')
    harness.wait_event('devices_ready')
    tab.click('Mic test')
    result = harness.wait_event('mic_test_result')
    assert result['ok'] is False and result['peak_level'] < 0.4, result
    tab.see('We could not hear you. Speak up, or pick another microphone.')
    tab.shoot('02b-mic-test-quiet')
    assert tab.errors == []


def test_answer_recorded_and_uploaded_exactly_once(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    harness.control(answer_fail=[503, 503])  # the first two attempts fail, the third succeeds
    tab = open_tab(launch_chromium(speech_wav), harness.url + '/?thinking=2')
    tab.click('Check devices')
    harness.wait_event('devices_ready')

    tab.click('Ask q1')
    tab.see('Question playing')
    tab.shoot('03-question-playing')
    assert harness.wait_event('question_audio_ended') == {'played': True, 'source': 'file'}
    tab.see('Recording starts in')
    tab.shoot('04-thinking-countdown')
    harness.wait_event('recording_started', timeout=5)
    tab.page.evaluate("window.dispatchEvent(new Event('blur'))")
    tab.page.evaluate("window.dispatchEvent(new Event('focus'))")
    tab.page.wait_for_timeout(1500)
    tab.shoot('05-recording')
    tab.click('Done')

    uploaded = harness.wait_event('answer_uploaded')
    assert uploaded['status'] == 200
    assert uploaded['response'] == {'saved': 'q1', 'next_question': 'after q1'}
    tab.shoot('06-answer-saved')
    attempts = harness.requests('answer')
    assert len(attempts) == 3 and len({a['key'] for a in attempts}) == 1
    uuid.UUID(attempts[0]['key'])
    assert attempts[0]['mime'] == 'audio/webm;codecs=opus'
    assert int(attempts[0]['duration_ms']) == uploaded['duration_ms'] >= 1000
    files = list((harness.data / 'answers').iterdir())
    assert len(files) == 1 and files[0].stat().st_size == uploaded['bytes']
    assert audio_seconds(files[0]) > 1.0

    focus = [e['args'] for e in harness.events('focus_change')]
    assert [(f['lost'], f['hidden']) for f in focus] == [(True, False), (False, False)]
    order = [e['event'] for e in harness.events()]
    assert (
        order.index('question_audio_ended')
        < order.index('recording_started')
        < order.index('uploading')
        < order.index('answer_uploaded')
    )
    assert not harness.events('answer_upload_failed')
    assert tab.errors == []


def test_time_limit_answer_now_and_retry_upload(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    harness.control(answer_fail=[400])  # not retryable: the candidate hears about it at once
    tab = open_tab(launch_chromium(speech_wav), harness.url + '/?limit=2')
    tab.click('Check devices')
    harness.wait_event('devices_ready')
    tab.click('Ask q2')
    tab.click('Answer now')
    assert harness.wait_event('recording_started')['max_seconds'] == 2
    assert harness.wait_event('time_limit_reached') == {'max_seconds': 2}
    failed = harness.wait_event('answer_upload_failed')
    assert failed == {'message': 'injected failure 400', 'retryable': False, 'status': 400}
    tab.see('Answer not saved yet')
    tab.shoot('07-upload-failed')

    tab.click('Retry upload')
    uploaded = harness.wait_event('answer_uploaded')
    assert 1800 <= uploaded['duration_ms'] <= 2600
    attempts = harness.requests('answer')
    assert len(attempts) == 2 and attempts[0]['key'] == attempts[1]['key']
    assert not harness.events('question_audio_ended')  # "Answer now" cut the question audio short
    assert tab.errors == []


def test_video_chunks_arrive_in_order(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    # The server counts from 3 (as after a reload) and stores chunk 5 but its reply is lost.
    # Chunk 4 meets a retryable and then a final-looking error (reported, yet retried until it arrives).
    harness.control(video_next=3, video_fail={'4': [503, 413]}, video_store_then_fail=[5])
    tab = open_tab(launch_chromium(speech_wav), harness.url + '/?timeslice=1000')
    tab.click('Check devices')
    harness.wait_event('devices_ready')
    tab.click('Start video')
    tab.page.wait_for_timeout(4500)
    tab.click('Stop video')
    finished = harness.wait_event('video_finished', timeout=20)

    parts = sorted((harness.data / 'video').iterdir())
    seqs = [int(p.stem) for p in parts]
    assert seqs == list(range(3, 3 + len(parts))) and len(parts) >= 4
    assert finished == {'chunks': len(parts)}
    assert len({p.read_bytes() for p in parts}) == len(parts)  # chunk 5 was not sent again as chunk 6
    log = harness.requests('video')
    assert {r['mime'] for r in log} == {'video/webm;codecs=vp8,opus'}
    assert [e['args']['seq'] for e in harness.events('video_upload_failed')] == [4]
    assert [e['args']['seq'] for e in harness.events('video_upload_recovered')] == [4]

    whole = harness.data / 'interview.webm'
    whole.write_bytes(b''.join(p.read_bytes() for p in parts))
    with av.open(str(whole)) as container:
        assert container.streams.video and container.streams.audio
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= 15 * 3  # ~4.5 s at 15 fps, with room for a slow start
    assert tab.errors == []


def test_question_audio_blocked_then_played_and_spoken_text(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(launch_chromium(speech_wav), harness.url + '/?autoask=1&thinking=0', wait=False)
    # Asked before any user gesture: autoplay is refused.
    assert harness.wait_event('audio_blocked') == {'source': 'file'}
    tab.see('Press “Play question” to hear it')
    tab.shoot('08-audio-blocked')
    tab.click('Check devices')
    harness.wait_event('devices_ready')
    tab.click('Play question')
    assert harness.wait_event('question_audio_ended')['played'] is True
    harness.wait_event('recording_started')
    tab.click('Done')
    harness.wait_event('answer_uploaded')

    # Speech synthesis: headless Chromium has no voices, so it fails, and the interview must still go on.
    tab.click('Speak q3')
    ended = harness.wait_event('question_audio_ended', count=2)
    assert ended['source'] == 'speech'
    harness.wait_event('time_limit_reached', timeout=10)
    assert harness.wait_event('answer_uploaded', count=2)['response']['saved'] == 'q3'
    assert tab.errors == []


# What each error looks like to the candidate: a fragment of its message proves they differ.
STUB_GUM = """
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {{
    if ({reject}) throw new DOMException('stubbed', '{name}');
    return original(constraints);
  }};
"""
ERROR_CASES: dict[str, tuple[dict[str, Any], str | None, str]] = {
    'denied': ({'fake_ui': False}, None, 'allow both'),
    'not_found': ({}, STUB_GUM.format(reject='true', name='NotFoundError'), 'Plug in a headset'),
    'busy': ({}, STUB_GUM.format(reject='true', name='NotReadableError'), 'Another application'),
    'unsupported': ({}, 'delete window.MediaRecorder;', 'current version of Chrome'),
    'insecure': ({'extra_args': ('--host-resolver-rules=MAP panelist.test 127.0.0.1',)}, None, 'https://'),
}


@pytest.mark.parametrize('kind', list(ERROR_CASES))
def test_device_errors(
    kind: str, harness: Harness, launch_chromium: Callable[..., Browser], open_tab: Callable[..., Tab]
) -> None:
    launch_kwargs, init_script, fragment = ERROR_CASES[kind]
    url = harness.url.replace('127.0.0.1', 'panelist.test') if kind == 'insecure' else harness.url
    tab = open_tab(launch_chromium(**launch_kwargs), url, init_script=init_script)
    tab.click('Check devices')
    error = harness.wait_event('device_error')
    assert error['kind'] == kind and fragment in error['message']
    tab.see(error['title'])
    tab.shoot(f'09-error-{kind}')
    assert tab.errors == []


def test_audio_only_when_there_is_no_camera(
    harness: Harness, launch_chromium: Callable[..., Browser], speech_wav: Path, open_tab: Callable[..., Tab]
) -> None:
    stub = STUB_GUM.format(reject='constraints.video', name='NotFoundError')
    tab = open_tab(launch_chromium(speech_wav), harness.url, init_script=stub)
    tab.click('Check devices')
    assert harness.wait_event('devices_ready') == {
        'has_video': False,
        'audio_mime': 'audio/webm;codecs=opus',
        'video_mime': 'audio/webm;codecs=opus',
    }
    tab.see('Audio only (no camera)')
    tab.shoot('10-audio-only')
    assert tab.errors == []


UPLOAD_ON_ITS_OWN = """async () => {
  const { VideoUploader } = await import('video_uploader');  // the element's library, through the import map
  const failed = [];
  const uploader = new VideoUploader('/test/video', 'video/webm', { failed: (info) => failed.push(info) });
  for (const text of ['a', 'b', 'c', 'd']) uploader.push(new Blob([text]));
  return { ...(await uploader.finish()), failed };
}"""


def test_video_uploader_resyncs_on_its_own(
    harness: Harness, launch_chromium: Callable[..., Browser], open_tab: Callable[..., Tab]
) -> None:
    # The server counts from 2 (a reloaded room) and stores chunk 3 but its reply is lost.
    harness.control(video_next=2, video_store_then_fail=[3])
    tab = open_tab(launch_chromium(), harness.url)
    result = tab.page.evaluate(UPLOAD_ON_ITS_OWN)
    assert result == {'chunks': 4, 'failed': []}
    parts = sorted((harness.data / 'video').iterdir())
    assert [(int(p.stem), p.read_bytes()) for p in parts] == [(2, b'a'), (3, b'b'), (4, b'c'), (5, b'd')]
    assert [r['seq'] for r in harness.requests('video')] == [0, 2, 3, 3, 4, 5]
    assert tab.errors == []
