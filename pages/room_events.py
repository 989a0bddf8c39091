"""The interview room's reactions to the recorder's events (components/recorder/events.py), wired in
one table: each event moves the room's panels (device check, question, coding) or records a signal.

A companion of InterviewRoom (pages/interview_room.py), whose state it reads and changes; the room
keeps the flow (start, ask, next, finish) and the status line.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from app.api.interview import QuestionOut, TurnOut
from app.db import run_in_session
from app.errors import RateLimited
from app.services.interview import integrity
from app.services.interview.questions import AskedQuestion
from components.recorder.events import (
    AnswerUploaded,
    AnswerUploadFailed,
    AudioBlocked,
    DeviceError,
    DevicesReady,
    FocusChange,
    MicTestResult,
    PracticePlayed,
    PracticeRecorded,
    QuestionAudioEnded,
    RecordingStarted,
    TimeLimitReached,
    Uploading,
    VideoUploadFailed,
    VideoUploadRecovered,
)
from components.recorder.texts import ROOM, THINK

if TYPE_CHECKING:
    from pages.interview_room import InterviewRoom

CONFLICT = 409


class RoomEvents:
    def __init__(self, room: InterviewRoom) -> None:
        self.room = room
        # Focus events are stored one at a time, in the order they arrived: only a focused → lost
        # transition counts, so two handlers racing each other would change the count.
        self.focus_lock = asyncio.Lock()

    def wire(self) -> None:
        on = self.room.recorder.on_event
        on(DevicesReady, self._devices_ready)
        on(DeviceError, self._device_error)
        on(MicTestResult, lambda e: self.room.check.mic_tested(e.ok))
        on(QuestionAudioEnded, self._question_audio_ended)
        on(AudioBlocked, lambda _: self.room._before_answer(self.room.t(ROOM['blocked']), 'play'))
        on(RecordingStarted, self._recording_started)
        on(TimeLimitReached, lambda _: self.room._warn(self.room.t(ROOM['time_up'])))
        on(Uploading, lambda _: self.room._status(self.room.t(ROOM['saving'])))
        on(AnswerUploaded, self._answer_uploaded)
        on(AnswerUploadFailed, self._upload_failed)
        on(FocusChange, self._focus_change)
        on(PracticeRecorded, lambda _: self.room.practice.recorded(self.room._panel()))
        on(PracticePlayed, lambda _: self.room.practice.recorded(self.room._panel()))
        on(VideoUploadFailed, lambda _: self.room._warn(self.room.t(ROOM['video_slow'])))
        on(VideoUploadRecovered, lambda _: self.room._warn(''))

    def _devices_ready(self, e: DevicesReady) -> None:
        self.room.video_mime = e.video_mime
        self.room.check.devices_ready(e.has_video)

    def _device_error(self, e: DeviceError) -> None:
        title = e.title or self.room.t('Device problem')
        if self.room.panel is not None:  # mid-interview (an unplugged headset): the question stays on screen
            self.room.panel.warn(f'{title}: {e.message}')
        else:
            self.room.check.device_error(title, e.message)

    def _question_audio_ended(self, _: QuestionAudioEnded) -> None:
        if self.room.coding.active:
            self.room._status(self.room.t(ROOM['coding']), 'answer_now')
        elif self.room.typed_only:
            self.room._status(self.room.t(ROOM['typing']), typing=True)
        elif self.room.thinking is None:
            self.room._before_answer(self.room.t(ROOM['wait']))
        else:
            self.room._before_answer(self.room.t.plural(THINK, self.room.thinking))

    def _recording_started(self, e: RecordingStarted) -> None:
        if self.room.coding.active:
            self.room.coding.explaining = True  # no Done: Submit ends the explanation with the code
            self.room._status(self.room.t(ROOM['coding_recording']))
        elif e.redos_left > 0:
            self.room._status(self.room.t(ROOM['recording_redo'], left=e.redos_left), 'done', 'redo')
        else:
            self.room._status(self.room.t(ROOM['recording']), 'done')

    async def _answer_uploaded(self, e: AnswerUploaded) -> None:
        turn = TurnOut.model_validate(e.response)
        await self.room._next(turn.finished, _asked(turn.next) if turn.next else None)
        if turn.audio_check is not None and turn.audio_check.message:
            self.room._warn(turn.audio_check.message)  # 'your microphone seems quiet', before the next answer

    def _upload_failed(self, e: AnswerUploadFailed) -> None:
        if self.room.coding.active and e.status == CONFLICT:  # an explanation before Submit: held, not lost
            self.room.coding.explanation_held = True
            self.room._status(self.room.t(ROOM['coding_held']))
            return
        # Retryable or not, the blob stays in the tab: the candidate can always try sending it again.
        self.room._status(self.room.t(ROOM['upload_failed']), 'retry')
        self.room._warn(e.message or self.room.t(ROOM['upload_failed_detail']))

    async def _focus_change(self, e: FocusChange) -> None:
        index = self.room.question.index if self.room.question else None
        async with self.focus_lock:
            with contextlib.suppress(RateLimited):  # a flood of focus events: those over the limit are not recorded
                await run_in_session(integrity.record_focus_change, self.room.token, e.lost, e.hidden, None, index)


def _asked(question: QuestionOut) -> AskedQuestion:
    return AskedQuestion(index=question.index, total=question.total, text=question.text, type=question.type,
                         has_audio=question.audio_url is not None)
