"""The interview room: device check, then one question at a time, answered by voice.

A small controller: the Recorder element (components/recorder) does the media work in the browser
and uploads answers and video over HTTP; its typed events arrive here and move the panels
(components/room) from device check to question to the finished card.
"""

from __future__ import annotations

import contextlib

from nicegui import background_tasks, ui

from app import links
from app.api.interview import QuestionOut, TurnOut
from app.db import run_in_session
from app.errors import AppError
from app.languages import SPEECH_LANG
from app.runtime import get_runtime
from app.services.interview import integrity, media
from app.services.interview.questions import AskedQuestion
from app.services.interview.rows import InterviewContext
from components.recorder import Recorder
from components.recorder.events import (
    AnswerUploaded,
    AnswerUploadFailed,
    AudioBlocked,
    DeviceError,
    DevicesReady,
    FocusChange,
    MicTestResult,
    QuestionAudioEnded,
    RecordingStarted,
    TimeLimitReached,
    Uploading,
    VideoUploadFailed,
    VideoUploadRecovered,
)
from components.recorder.texts import ROOM
from components.room.device_check import DeviceCheckPanel
from components.room.finished import finished_card
from components.room.question_panel import QuestionPanel
from components.self_id_form import self_id_form
from components.theme import brand

THINKING_SECONDS = 5


class InterviewRoom:
    def __init__(self, token: str, ctx: InterviewContext) -> None:
        self.token = token
        self.ctx = ctx
        self.question: AskedQuestion | None = None
        self.video_mime: str | None = None
        self.panel: QuestionPanel | None = None  # once the interview has started

    def build(self) -> None:
        with ui.header().classes('bg-white text-slate-800 border-b border-slate-200 px-6 py-2 items-center gap-3'):
            brand()
            ui.label('·').classes('text-slate-400')
            ui.label(self.ctx.job.title).classes('text-slate-600 truncate')
            ui.space()
            self.progress = ui.label().classes('text-sm font-medium text-slate-600').mark('question-number')
        with ui.row().classes('w-full max-w-6xl mx-auto p-4 md:p-6 gap-6 items-start no-wrap max-md:flex-col'):
            self.main = ui.column().classes('grow gap-4 min-w-0 w-full')
            with ui.column().classes('w-full md:w-96 shrink-0 gap-3'):
                self.recorder = Recorder(answer_time_limit=self.ctx.answer_time_limit_seconds,
                                         thinking_seconds=THINKING_SECONDS).classes('w-full').mark('recorder')
                ui.label('Your camera and microphone stay on for the whole interview; it is recorded.') \
                    .classes('text-xs text-slate-500')
        self._wire_recorder()
        with self.main:
            self.check = DeviceCheckPanel(self.ctx, self.recorder, on_start=self._start)

    # --- flow ---------------------------------------------------------------------------------

    async def _start(self) -> None:
        self.check.starting()
        try:
            engine = get_runtime().engine
            state = await (engine.start(self.token) if self.ctx.status == 'scheduled' else engine.room(self.token))
        except AppError as exc:
            self.check.start_failed(exc.message)
            return
        if state.question is None:
            self._finish()
            return
        self.main.clear()
        with self.main:
            self.panel = QuestionPanel(self.recorder)
        await self._start_video()
        self._ask(state.question)

    async def _start_video(self) -> None:
        if not self.video_mime or self.panel is None:
            return
        try:
            segment = await run_in_session(media.open_video_segment, self.token, self.video_mime)
        except AppError as exc:
            self.panel.warn(ROOM['video_not_started'].format(error=exc.message))
            return
        self.recorder.start_video(links.video_upload_path(self.token, segment))

    def _ask(self, question: AskedQuestion) -> None:
        assert self.panel is not None
        self.question = question
        self.progress.set_text(f'Question {question.index + 1} of {question.total}')
        self.panel.show(question, ROOM['listen'])
        audio = links.question_audio_path(self.token, question.index) if question.has_audio else None
        self.recorder.ask({
            'upload_url': links.answer_upload_path(self.token, question.index),
            'audio_url': audio,
            'speak_text': None if audio else question.text,
            'lang': SPEECH_LANG.get(self.ctx.job.language, 'en-US'),
            'max_seconds': self.ctx.answer_time_limit_seconds,
            'thinking_seconds': THINKING_SECONDS,
        })

    def _finish(self) -> None:
        background_tasks.create(self._close_devices(), name='finish interview video')
        self.progress.set_text('Finished')
        self.main.clear()
        with self.main, finished_card(self.ctx.candidate_name, self.ctx.job.title, full_page=False):
            self.upload_note = ui.label('Please keep this page open for a few seconds while the last of the video '
                                        'uploads.').classes('text-sm text-slate-500').mark('upload-note')
        with self.main:
            self_id_form(self.token)

    async def _close_devices(self) -> None:
        # Camera and microphone stay on until the last video chunk is uploaded, then switch off.
        with contextlib.suppress(TimeoutError):
            await self.recorder.stop_video(timeout=120)
        self.recorder.release()
        self.upload_note.set_text('Everything is uploaded. You can close this page.')

    # --- recorder events ----------------------------------------------------------------------

    def _wire_recorder(self) -> None:
        on = self.recorder.on_event
        on(DevicesReady, self._devices_ready)
        on(DeviceError, self._device_error)
        on(MicTestResult, lambda e: self.check.mic_tested(e.ok))
        on(QuestionAudioEnded, lambda _: self._status(ROOM['think'].format(seconds=THINKING_SECONDS),
                                                      answer_now=True))
        on(AudioBlocked, lambda _: self._status(ROOM['blocked'], play=True))
        on(RecordingStarted, lambda _: self._status(ROOM['recording'], done=True))
        on(TimeLimitReached, lambda _: self._warn(ROOM['time_up']))
        on(Uploading, lambda _: self._status(ROOM['saving']))
        on(AnswerUploaded, self._answer_uploaded)
        on(AnswerUploadFailed, self._upload_failed)
        on(FocusChange, self._focus_change)
        on(VideoUploadFailed, lambda _: self._warn(ROOM['video_slow']))
        on(VideoUploadRecovered, lambda _: self._warn(''))

    def _devices_ready(self, e: DevicesReady) -> None:
        self.video_mime = e.video_mime
        self.check.devices_ready(e.has_video)

    def _device_error(self, e: DeviceError) -> None:
        title = e.title or 'Device problem'
        if self.panel is not None:  # mid-interview (an unplugged headset): the question stays on screen
            self.panel.warn(f'{title}: {e.message}')
        else:
            self.check.device_error(title, e.message)

    def _answer_uploaded(self, e: AnswerUploaded) -> None:
        turn = TurnOut.model_validate(e.response)
        if turn.finished:
            self._finish()
        elif turn.next is None:
            self._status(ROOM['saved'])
        else:
            self._ask(_asked(turn.next))
        if turn.audio_check is not None and turn.audio_check.message:
            self._warn(turn.audio_check.message)  # 'your microphone seems quiet', before the next answer

    def _upload_failed(self, e: AnswerUploadFailed) -> None:
        # Retryable or not, the blob stays in the tab: the candidate can always try sending it again.
        self._status(ROOM['upload_failed'], retry=True)
        self._warn(e.message or ROOM['upload_failed_detail'])

    async def _focus_change(self, e: FocusChange) -> None:
        index = self.question.index if self.question else None
        await run_in_session(integrity.record_focus_change, self.token, e.lost, e.hidden, None, index)

    def _status(self, text: str, *, play: bool = False, answer_now: bool = False, done: bool = False,
                retry: bool = False) -> None:
        if self.panel is not None:  # events can arrive before the question panel exists
            self.panel.status(text, play=play, answer_now=answer_now, done=done, retry=retry)

    def _warn(self, text: str) -> None:
        if self.panel is not None:
            self.panel.warn(text)


def _asked(question: QuestionOut) -> AskedQuestion:
    return AskedQuestion(index=question.index, total=question.total, text=question.text, type=question.type,
                         has_audio=question.audio_url is not None)
