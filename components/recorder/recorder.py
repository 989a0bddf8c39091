"""The browser half of the interview room: devices, question playback, answer recording and uploads.

The room page drives it from Python; the media itself never crosses NiceGUI's websocket (it refuses
messages over ~1 MB). Answers and video chunks are POSTed over HTTP by the browser; only small JSON
events come back here. The HTTP contract the upload endpoints must follow is described in ``Recorder``.
"""

from typing import NotRequired, Self, TypedDict

from nicegui import ui
from nicegui.awaitable_response import AwaitableResponse
from nicegui.events import GenericEventArguments, Handler

EVENTS = (
    'devices_ready',
    'device_error',
    'mic_test_result',
    'question_audio_ended',
    'audio_blocked',
    'recording_started',
    'time_limit_reached',
    'uploading',
    'answer_uploaded',
    'answer_upload_failed',
    'focus_change',
    'video_upload_failed',
    'video_upload_recovered',
    'video_finished',
)


class RecorderQuestion(TypedDict):
    """What ``Recorder.ask`` needs for one question."""

    upload_url: str
    audio_url: NotRequired[str | None]  # play this file ...
    speak_text: NotRequired[str | None]  # ... or, without a file, speak this with the browser's speech synthesis
    lang: NotRequired[str | None]  # BCP 47 language for speak_text, e.g. 'en-US'
    max_seconds: NotRequired[int | None]  # default: the recorder's answer_time_limit
    thinking_seconds: NotRequired[int | None]  # default: the recorder's thinking_seconds


class Recorder(ui.element, component='recorder.js'):
    """Camera preview, microphone meter, question playback and answer/video recording with HTTP uploads.

    Methods return the browser's answer as an awaitable (fire-and-forget when not awaited); the events
    are the primary interface. Event payloads (``e.args``):

    - ``devices_ready`` {has_video, audio_mime, video_mime}; video_mime is what ``start_video`` records
      (the audio mime when there is no camera)
    - ``device_error`` {kind, message, title, detail}; kind: denied | not_found | busy | unsupported | insecure
    - ``mic_test_result`` {ok, peak_level}; peak_level 0..1 maps -60..0 dBFS, ok from 0.4 (speech level)
    - ``question_audio_ended`` {played, source: file | speech | none, error?}
    - ``audio_blocked`` {source}: autoplay refused; call ``play_question`` from a click handler
    - ``recording_started`` {max_seconds, at}; ``time_limit_reached`` {max_seconds}
    - ``uploading`` {duration_ms, bytes}; ``answer_uploaded`` {status, response, duration_ms, bytes}
    - ``answer_upload_failed`` {message, retryable, status}; the blob is kept for ``retry_upload``
    - ``focus_change`` {lost, hidden, at}: only while an answer is recorded, once per change of (lost, hidden)
    - ``video_upload_failed`` {seq, message} (seq null: the video recorder could not start);
      ``video_upload_recovered`` {seq}; ``video_finished`` {chunks}

    HTTP contract of the endpoints (status 408, 429, 5xx and network errors are retried with backoff):

    - answer: ``POST upload_url``, body = the audio, headers Content-Type (the mime), X-Upload-Key (one
      uuid per answer, identical on retries: store idempotently) and X-Duration-Ms. Reply 2xx with JSON
      (passed on as ``response``); other 4xx fail at once, with a JSON ``detail`` shown to the candidate.
    - video: ``POST upload_url?seq=n`` (n from 0, one at a time, in order), body = the chunk, Content-Type
      the mime. Accept only the seq you expect and append; for any other seq reply 409 with JSON
      ``{"expected_seq": m}`` (top level or inside ``detail``): the browser then skips a chunk whose earlier
      attempt did arrive, or renumbers its queue to continue at m (e.g. after a reload).
    """

    def __init__(self, *, answer_time_limit: int, thinking_seconds: int = 5, video_timeslice_ms: int = 5000) -> None:
        """:param answer_time_limit: default answer length limit in seconds (``ask`` may override it)
        :param thinking_seconds: default countdown between question audio and recording
        :param video_timeslice_ms: length of each whole-interview video chunk
        """
        super().__init__()
        self._props['answer_time_limit'] = answer_time_limit
        self._props['thinking_seconds'] = thinking_seconds
        self._props['video_timeslice_ms'] = video_timeslice_ms

    # ---- commands ---------------------------------------------------------------------------------------------
    def check_devices(self, *, timeout: float = 60) -> AwaitableResponse:
        """Ask for camera + microphone (falling back to the microphone alone) and start preview and meter."""
        return self.run_method('check_devices', timeout=timeout)

    def start_mic_test(self, seconds: float = 3) -> AwaitableResponse:
        """Listen for ``seconds``; emits ``mic_test_result``."""
        return self.run_method('start_mic_test', seconds, timeout=seconds + 5)

    def ask(self, question: RecorderQuestion) -> AwaitableResponse:
        """Play the question, count down the thinking time, then record the answer."""
        return self.run_method('ask', {k: v for k, v in question.items() if v is not None})

    def play_question(self) -> AwaitableResponse:
        """Play the current question again; call from a click handler after ``audio_blocked``."""
        return self.run_method('play_question')

    def answer_now(self) -> AwaitableResponse:
        """Skip the question audio and the thinking time and start recording."""
        return self.run_method('answer_now')

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
        """Stop the video; the awaitable (and ``video_finished``) resolves once every chunk is uploaded."""
        return self.run_method('stop_video', timeout=timeout)

    def release(self) -> AwaitableResponse:
        """Stop camera and microphone (a running answer is uploaded, queued video chunks still drain)."""
        return self.run_method('release')

    # ---- event hooks ------------------------------------------------------------------------------------------
    def on_devices_ready(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('devices_ready', handler)

    def on_device_error(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('device_error', handler)

    def on_mic_test_result(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('mic_test_result', handler)

    def on_question_audio_ended(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('question_audio_ended', handler)

    def on_audio_blocked(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('audio_blocked', handler)

    def on_recording_started(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('recording_started', handler)

    def on_time_limit_reached(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('time_limit_reached', handler)

    def on_uploading(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('uploading', handler)

    def on_answer_uploaded(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('answer_uploaded', handler)

    def on_answer_upload_failed(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('answer_upload_failed', handler)

    def on_focus_change(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('focus_change', handler)

    def on_video_upload_failed(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('video_upload_failed', handler)

    def on_video_upload_recovered(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('video_upload_recovered', handler)

    def on_video_finished(self, handler: Handler[GenericEventArguments]) -> Self:
        return self.on('video_finished', handler)
