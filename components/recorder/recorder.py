"""The browser half of the interview room: devices, question playback, answer recording and uploads.

The room page drives it from Python; the media itself never crosses NiceGUI's websocket (it refuses
messages over ~1 MB). Answers and video chunks are POSTed over HTTP by the browser; only small JSON
events come back here (events.py). The HTTP contract the upload endpoints must follow is described
in ``Recorder``. Files: recorder.js (the element and its question → thinking → recording state
machine; its markup in lib/recorder_template.js, its placeholder/badge/status in lib/recorder_view.js,
its device and mic-test methods in lib/recorder_devices.js, its whole-interview video methods in
lib/recorder_video.js), lib/http.js (POST with retry and backoff), lib/devices.js (opening the
devices, the level meter), lib/playback.js (question audio or speech), lib/focus.js (focus signals
while answering), lib/video_uploader.js (the ordered chunk queue) and texts.py (every sentence the
candidate reads).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NotRequired, Self, TypedDict, TypeVar

from nicegui import ui
from nicegui.awaitable_response import AwaitableResponse
from nicegui.events import GenericEventArguments

from app.i18n import ENGLISH, Translator
from components.recorder import texts
from components.recorder.events import EVENT_NAMES, parse

E = TypeVar('E')


class RecorderQuestion(TypedDict):
    """What ``Recorder.ask`` needs for one question."""

    upload_url: str
    audio_url: NotRequired[str | None]  # play this file ...
    speak_text: NotRequired[str | None]  # ... or, without a file, speak this with the browser's speech synthesis
    lang: NotRequired[str | None]  # BCP 47 language for speak_text, e.g. 'en-US'
    max_seconds: NotRequired[int | None]  # default: the recorder's answer_time_limit
    thinking_seconds: NotRequired[int | None]  # default: the recorder's thinking_seconds
    untimed: NotRequired[bool | None]  # no answer limit and no countdown: the candidate clicks Answer now
    typed: NotRequired[bool | None]  # play the question only: the answer is typed (no microphone)
    redos_left: NotRequired[int | None]  # times the candidate may discard the recording and start over
    practice: NotRequired[bool | None]  # keep the recording in the browser for play_practice; never upload it
    manual: NotRequired[bool]  # no countdown after the question: record only on answer_now (coding exercises)


class Recorder(ui.element, component='recorder.js',
               dependencies=['lib/*.js']):
    """Camera preview, microphone meter, question playback and answer/video recording with HTTP uploads.

    Methods return the browser's answer as an awaitable (fire-and-forget when not awaited); the events
    (events.py, subscribed with ``on_event``) are the primary interface.

    HTTP contract of the endpoints (status 408, 429, 5xx and network errors are retried with backoff):

    - answer: ``POST upload_url``, body = the audio, headers Content-Type (the mime), X-Upload-Key (one
      uuid per answer, identical on retries: store idempotently) and X-Duration-Ms. Reply 2xx with JSON
      (passed on as ``response``); other 4xx fail at once, with a JSON ``detail`` shown to the candidate.
    - video: ``POST upload_url?seq=n`` (n from 0, one at a time, in order), body = the chunk, Content-Type
      the mime. Accept only the seq you expect and append; for any other seq reply 409 with JSON
      ``{"expected_seq": m}`` (top level or inside ``detail``): the browser then skips a chunk whose earlier
      attempt did arrive, or renumbers its queue to continue at m (e.g. after a reload).
    """

    def __init__(self, *, answer_time_limit: int, thinking_seconds: int = 5, video_timeslice_ms: int = 5000,
                 t: Translator = ENGLISH) -> None:
        """:param answer_time_limit: default answer length limit in seconds (``ask`` may override it)
        :param thinking_seconds: default countdown between question audio and recording
        :param video_timeslice_ms: length of each whole-interview video chunk
        :param t: the interview's language, for every text the element shows
        """
        super().__init__()
        self._props['answer_time_limit'] = answer_time_limit
        self._props['thinking_seconds'] = thinking_seconds
        self._props['video_timeslice_ms'] = video_timeslice_ms
        self._props['texts'] = texts.element_texts(t)
        self._props['device_errors'] = texts.device_errors(t)

    def on_event(self, event: type[E], handler: Callable[[E], Awaitable[None] | None]) -> Self:
        """Call `handler` with each `event` (a dataclass from events.py) the browser emits."""
        def call(e: GenericEventArguments) -> Awaitable[None] | None:
            return handler(parse(event, e.args))
        return self.on(EVENT_NAMES[event], call)

    # ---- commands ---------------------------------------------------------------------------------------------
    def check_devices(self, *, timeout: float = 60) -> AwaitableResponse:
        """Ask for camera + microphone (falling back to the microphone alone) and start preview and meter."""
        return self.run_method('check_devices', timeout=timeout)

    def start_mic_test(self, seconds: float = 3) -> AwaitableResponse:
        """Listen for ``seconds``; emits ``MicTestResult``."""
        return self.run_method('start_mic_test', seconds, timeout=seconds + 5)

    def ask(self, question: RecorderQuestion) -> AwaitableResponse:
        """Play the question, count down the thinking time, then record the answer."""
        payload: dict[str, Any] = {k: v for k, v in question.items() if v is not None}
        return self.run_method('ask', payload)

    def play_question(self) -> AwaitableResponse:
        """Play the current question again; call from a click handler after ``AudioBlocked``."""
        return self.run_method('play_question')

    def answer_now(self) -> AwaitableResponse:
        """Skip the question audio and the thinking time and start recording."""
        return self.run_method('answer_now')

    def pause(self) -> AwaitableResponse:
        """Before the answer starts: stop the question and the countdown ("I need a moment");
        ``play_question`` resumes. Resolves to False when recording already began."""
        return self.run_method('pause')

    def type_instead(self) -> AwaitableResponse:
        """The candidate types this answer: stop the question and the countdown, record nothing."""
        return self.run_method('type_instead')

    def redo(self) -> AwaitableResponse:
        """Discard the answer being recorded and record it again (while ``redos_left`` lasts)."""
        return self.run_method('redo')

    def play_practice(self) -> AwaitableResponse:
        """Play the practice answer back (emits ``PracticePlayed`` at its end)."""
        return self.run_method('play_practice')

    def done(self) -> AwaitableResponse:
        """Stop recording the answer and upload it."""
        return self.run_method('done')

    def retry_upload(self) -> AwaitableResponse:
        """Send the last answer again (same blob, same X-Upload-Key)."""
        return self.run_method('retry_upload', timeout=60)

    def start_video(self, upload_url: str) -> AwaitableResponse:
        """Record camera + microphone for the whole interview and upload it in ordered chunks."""
        return self.run_method('start_video', upload_url)

    def stop_video(self, *, timeout: float = 120) -> AwaitableResponse:
        """Stop the video; the awaitable (and ``VideoFinished``) resolves once every chunk is uploaded."""
        return self.run_method('stop_video', timeout=timeout)

    def release(self) -> AwaitableResponse:
        """Stop camera and microphone (a running answer is uploaded, queued video chunks still drain)."""
        return self.run_method('release')
