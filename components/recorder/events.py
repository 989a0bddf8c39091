"""The recorder's events, typed: one dataclass per event and one table from event name to class.

recorder.js emits each event by name with a small JSON payload; Recorder.on_event(Class, handler)
calls the handler with the payload parsed into its dataclass. Add an event here and emit it in JS.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar


@dataclass(frozen=True)
class DevicesReady:
    has_video: bool
    audio_mime: str
    video_mime: str  # what start_video records (the audio mime when there is no camera)


@dataclass(frozen=True)
class DeviceError:
    kind: str  # denied | not_found | busy | unsupported | insecure (texts.DEVICE_ERRORS)
    message: str
    title: str
    detail: str = ''


@dataclass(frozen=True)
class MicTestResult:
    ok: bool  # from a peak level of 0.4 (speech level)
    peak_level: float  # 0..1 maps -60..0 dBFS


@dataclass(frozen=True)
class QuestionAudioEnded:
    played: bool
    source: str  # file | speech | none
    error: str | None = None


@dataclass(frozen=True)
class AudioBlocked:
    source: str  # autoplay refused: call play_question from a click handler


@dataclass(frozen=True)
class RecordingStarted:
    max_seconds: int  # 0: untimed
    at: str
    redos_left: int = 0  # how often the candidate may still discard this answer and record it again


@dataclass(frozen=True)
class TimeLimitReached:
    max_seconds: int


@dataclass(frozen=True)
class Uploading:
    duration_ms: int
    bytes: int


@dataclass(frozen=True)
class AnswerUploaded:
    status: int
    response: Any  # the upload endpoint's JSON reply
    duration_ms: int
    bytes: int


@dataclass(frozen=True)
class AnswerUploadFailed:
    message: str
    retryable: bool
    status: int  # the blob is kept for retry_upload


@dataclass(frozen=True)
class PracticeRecorded:
    duration_ms: int  # the practice answer stays in the browser; nothing is uploaded
    bytes: int


@dataclass(frozen=True)
class PracticePlayed:
    pass


@dataclass(frozen=True)
class FocusChange:
    lost: bool  # only while an answer is recorded, once per change of (lost, hidden)
    hidden: bool
    at: str


@dataclass(frozen=True)
class VideoUploadFailed:
    seq: int | None  # None: the video recorder could not start
    message: str


@dataclass(frozen=True)
class VideoUploadRecovered:
    seq: int


@dataclass(frozen=True)
class VideoFinished:
    chunks: int


EVENTS: dict[str, type[Any]] = {
    'devices_ready': DevicesReady,
    'device_error': DeviceError,
    'mic_test_result': MicTestResult,
    'question_audio_ended': QuestionAudioEnded,
    'audio_blocked': AudioBlocked,
    'recording_started': RecordingStarted,
    'time_limit_reached': TimeLimitReached,
    'uploading': Uploading,
    'answer_uploaded': AnswerUploaded,
    'answer_upload_failed': AnswerUploadFailed,
    'focus_change': FocusChange,
    'practice_recorded': PracticeRecorded,
    'practice_played': PracticePlayed,
    'video_upload_failed': VideoUploadFailed,
    'video_upload_recovered': VideoUploadRecovered,
    'video_finished': VideoFinished,
}
EVENT_NAMES: dict[type[Any], str] = {cls: name for name, cls in EVENTS.items()}

E = TypeVar('E')


def parse(cls: type[E], args: Any) -> E:
    """The payload as `cls`; keys the class does not know are ignored (the browser may send more)."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in (args or {}).items() if k in known})
