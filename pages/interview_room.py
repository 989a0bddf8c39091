"""The interview room: device check, then one question at a time, answered by voice (or typed).

A small controller: the Recorder element (components/recorder) does the media work in the browser
and uploads answers and video over HTTP; its typed events arrive here and move the panels
(components/room) from device check to question to the finished card. The candidate's
accommodations (app.services.accommodations) set the time, the redos, pausing and typed answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from nicegui import background_tasks, ui

from app import links
from app.api.interview import QuestionOut, TurnOut
from app.config import get_settings
from app.db import run_in_session, run_read
from app.errors import AppError, RateLimited
from app.i18n import Translator
from app.languages import SPEECH_LANG
from app.models import QuestionType
from app.runtime import get_runtime
from app.services.coding import submissions
from app.services.interview import integrity, media
from app.services.interview.answers import AnswerUpload
from app.services.interview.questions import AskedQuestion
from app.services.interview.rows import InterviewContext
from app.services.live import presence
from components.feedback_form import feedback_form
from components.recorder import Recorder
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
from components.recorder.texts import ROOM
from components.room.coding_panel import CodingPanel
from components.room.device_check import DeviceCheckPanel
from components.room.finished import finished_card
from components.room.practice import PracticeRun
from components.room.question_panel import PanelActions, QuestionPanel
from components.self_id_form import self_id_form
from components.theme import brand

THINKING_SECONDS = 5
CONFLICT = 409
WATCH_CHECK_SECONDS = 2.0


class InterviewRoom:
    def __init__(self, token: str, ctx: InterviewContext, t: Translator) -> None:
        self.token = token
        self.t = t  # the job's interview language: every text the candidate reads here
        self.ctx = ctx
        self.question: AskedQuestion | None = None
        self.video_mime: str | None = None
        self.panel: QuestionPanel | None = None  # once the interview has started
        self.acc = ctx.accommodations
        self.answer_limit = self.acc.answer_limit(ctx.answer_time_limit_seconds)  # None: untimed
        self.thinking = self.acc.thinking_seconds(THINKING_SECONDS)  # None: the candidate starts when ready
        self.typed_only = False  # no working microphone: every answer is typed (when the job allows it)
        self.typed_key = ''  # one idempotency key per typed answer, kept across retries of the same text
        self.coding: CodingPanel | None = None  # while a coding exercise is on screen
        self.explaining = False  # a spoken explanation of the current coding exercise was recorded
        self.explanation_held = False  # ... and refused until the code is submitted (kept in the tab)
        self.examples_run = 0
        # Focus events are stored one at a time, in the order they arrived: only a focused → lost
        # transition counts, so two handlers racing each other would change the count.
        self.focus_lock = asyncio.Lock()

    def build(self) -> None:
        with ui.header().classes('bg-white text-slate-800 border-b border-slate-200 px-6 py-2 items-center gap-3'):
            brand()
            ui.label('·').classes('text-slate-400')
            ui.label(self.ctx.job.title).classes('text-slate-600 truncate')
            ui.space()
            with ui.row().classes('items-center gap-1 text-sm text-red-700').mark('being-watched') as watched:
                ui.icon('visibility', size='18px')
                ui.label(self.t('A member of the hiring team is watching live'))
            watched.set_visibility(False)
            # pages/live.py registers watchers: a dict read in one process, Redis (off the loop) across instances.
            interview_id = self.ctx.interview_id

            async def check_watchers() -> None:
                watched.set_visibility(bool(await presence.watchers_async(interview_id)))

            ui.timer(WATCH_CHECK_SECONDS, check_watchers)
            self.progress = ui.label().classes('text-sm font-medium text-slate-600').mark('question-number')
        with ui.row().classes('w-full max-w-6xl mx-auto p-4 md:p-6 gap-6 items-start no-wrap max-md:flex-col'):
            self.main = ui.column().classes('grow gap-4 min-w-0 w-full')
            with ui.column().classes('w-full md:w-96 shrink-0 gap-3'):
                self.recorder = Recorder(answer_time_limit=self.answer_limit or 0, thinking_seconds=self.thinking or 0,
                                         t=self.t).classes('w-full').mark('recorder')
                self.devices_note = ui.label(self.t('Your camera and microphone stay on for the whole interview; '
                                                    'it is recorded.')).classes('text-xs text-slate-500')
        self.practice = PracticeRun(self.token, self.recorder, self.acc, self.thinking, self.t)
        self._wire_recorder()
        with self.main:
            self.check = DeviceCheckPanel(self.ctx, self.recorder, self.t, on_start=self._start,
                                          on_typed=self._start_typed if self.acc.typing_possible else None)

    # --- flow ---------------------------------------------------------------------------------

    async def _start(self) -> None:
        if self.ctx.status == 'scheduled' and not self.typed_only and self.panel is None:
            self.practice.ask(self._open_panel())  # a first start: practise once before question 1
            self.progress.set_text(self.t('Practice'))
            return
        await self._begin()

    async def _begin(self) -> None:
        if self.panel is None:
            self.check.starting()
        else:  # from the practice question
            self.practice.active = False
            self._status(self.t(ROOM['starting']))
        try:
            engine = get_runtime().engine
            state = await (engine.start(self.token) if self.ctx.status == 'scheduled' else engine.room(self.token))
        except AppError as exc:
            if self.panel is None:
                self.check.start_failed(exc.message)
            else:
                self._warn(self.t(exc.message))
                self._status(self.t(ROOM['practice_recorded']), 'start_real')
            return
        if state.question is None:
            self._finish()
            return
        self._open_panel()
        await self._start_video()
        await self._ask(state.question)

    def _open_panel(self) -> QuestionPanel:
        if self.panel is None:
            self.main.clear()
            with self.main:
                actions = PanelActions(
                    pause=self._pause, resume=self._resume, type_instead=self._type_instead,
                    speak_instead=self._speak_instead, send_typed=self._send_typed,
                    play_practice=lambda: self.practice.play(self._panel()),
                    practice_again=lambda: self.practice.ask(self._panel()), start_real=self._begin)
                self.panel = QuestionPanel(self.recorder, actions, self.t,
                                           max_typed_chars=get_settings().max_typed_answer_chars)
                self.coding_box = ui.column().classes('w-full gap-4')
        return self.panel

    def _panel(self) -> QuestionPanel:
        assert self.panel is not None
        return self.panel

    async def _start_typed(self) -> None:
        """No working microphone and the job allows typed answers: the whole interview is typed."""
        self.typed_only = True
        # Nothing is recorded: the element stays (it plays the questions) but its blocked-device view goes.
        self.recorder.set_visibility(False)
        self.devices_note.set_visibility(False)
        await self._start()

    async def _start_video(self) -> None:
        if not self.video_mime or self.panel is None:
            return
        try:
            segment = await run_in_session(media.open_video_segment, self.token, self.video_mime)
        except AppError as exc:
            self.panel.warn(self.t(ROOM['video_not_started'], error=exc.message))
            return
        self.recorder.start_video(links.video_upload_path(self.token, segment))

    async def _ask(self, question: AskedQuestion) -> None:
        assert self.panel is not None
        self.question = question
        self.typed_key = uuid.uuid4().hex
        self.progress.set_text(self.t('Question {number} of {total}', number=question.index + 1, total=question.total))
        title = await self._show_coding(question)
        self.panel.show(question, self.t(ROOM['listen']))
        if title:  # the statement is in the coding panel below; the spoken text would say it twice
            self.panel.text.set_text(self.t('Coding exercise: {title}', title=title))
            self._status(self.t(ROOM['listen']), 'answer_now')
        else:
            self._before_answer(self.t(ROOM['listen']))
        audio = links.question_audio_path(self.token, question.index) if question.has_audio else None
        self.recorder.ask({
            'manual': self.coding is not None,
            'upload_url': links.answer_upload_path(self.token, question.index),
            'audio_url': audio,
            'speak_text': None if audio else question.text,
            'lang': SPEECH_LANG.get(self.ctx.job.language, 'en-US'),
            'max_seconds': self.answer_limit,
            'thinking_seconds': self.thinking,
            'untimed': self.answer_limit is None,
            'typed': self.typed_only,
            'redos_left': self.acc.rerecord_limit,
        })

    def _before_answer(self, text: str, *extra: str) -> None:
        """The question is playing or the candidate is thinking: they may pause, answer, or type."""
        if self.practice.active:
            self._status(text, 'answer_now', 'start_real', *extra)
            return
        if self.typed_only:
            self._status(text, 'pause', *extra, typing=True)
            return
        typing = ('type',) if self.acc.typed_answers == 'allowed' else ()
        self._status(text, 'answer_now', 'pause', *typing, *extra)

    # --- pause and typed answers -------------------------------------------------------------

    async def _pause(self) -> None:
        if await self.recorder.pause():
            self._status(self.t(ROOM['paused']), 'resume')

    def _resume(self) -> None:
        self.recorder.play_question()
        self._before_answer(self.t(ROOM['listen']))

    async def _type_instead(self) -> None:
        if await self.recorder.type_instead():
            self._status(self.t(ROOM['typing']), 'speak', typing=True)

    def _speak_instead(self) -> None:
        self.recorder.answer_now()

    async def _send_typed(self) -> None:
        assert self.panel is not None and self.question is not None
        text = self.panel.typed_text()
        upload = AnswerUpload(data=b'', mime='text/plain', upload_key=self.typed_key, duration_seconds=None,
                              text=text)
        self.panel.sending(True)
        try:
            turn = await get_runtime().engine.submit_answer(self.token, self.question.index, upload)
        except AppError as exc:
            self._warn(exc.message)  # the text stays in the box: nothing is lost
            return
        finally:
            self.panel.sending(False)
        await self._next(turn.finished, turn.next)

    # --- coding exercises ----------------------------------------------------------------------

    async def _show_coding(self, question: AskedQuestion) -> str | None:
        """The editor for a coding question (its title returned); nothing for any other question."""
        self.coding_box.clear()
        self.coding, self.explaining, self.explanation_held, self.examples_run = None, False, False, 0
        if question.type != QuestionType.coding:
            return None
        try:
            task = await run_read(submissions.room_task, self.token, question.index)
        except AppError as exc:
            self._warn(exc.message)
            return None
        with self.coding_box:
            self.coding = CodingPanel(task, self.t, on_run=self._run_code, on_submit=self._submit_code,
                                      on_edit=lambda code: submissions.save_draft(self.token, question.index, code))
        return task.title

    async def _run_code(self) -> None:
        assert self.coding is not None and self.question is not None
        self.coding.busy(True)
        self.coding.message.set_text(self.t(ROOM['coding_running']))
        try:
            run = await submissions.run_examples(self.token, self.question.index, self.coding.code)
        except AppError as exc:
            self.coding.message.set_text(exc.message)
            return
        finally:
            self.coding.busy(False)
        self.examples_run += 1
        self.coding.message.set_text('')
        self.coding.show_run(run, self.t('Examples'))

    async def _submit_code(self) -> None:
        assert self.coding is not None and self.question is not None
        index = self.question.index
        self.coding.busy(True)
        self.coding.message.set_text(self.t(ROOM['coding_running']))
        try:
            run = await submissions.submit_code(self.token, index, self.coding.code, self.examples_run)
        except AppError as exc:
            self.coding.message.set_text(exc.message)
            self.coding.busy(False)
            return
        self.coding.show_run(run, self.t('Submitted'))
        self.coding.message.set_text(self.t(ROOM['saving']))
        if self.explanation_held:  # refused before the code existed: the same recording goes now
            self.recorder.retry_upload()
        elif self.explaining:
            self.recorder.done()  # its upload's reply moves the room on (_answer_uploaded)
        else:
            try:
                turn = await get_runtime().engine.submit_code_answer(self.token, index)
            except AppError as exc:
                self.coding.message.set_text(exc.message)
                self.coding.busy(False)
                return
            await self._next(turn.finished, turn.next)

    def _finish(self) -> None:
        background_tasks.create(self._close_devices(), name='finish interview video')
        self.progress.set_text(self.t('Finished'))
        self.main.clear()
        with self.main, finished_card(self.ctx.candidate_name, self.ctx.job.title, self.t, full_page=False):
            self.upload_note = ui.label(self.t('Please keep this page open for a few seconds while the last of '
                                               'the video uploads.')) \
                .classes('text-sm text-slate-500').mark('upload-note')
        self.devices_note.set_visibility(False)  # the camera goes off once the last video chunk is uploaded
        with self.main:
            feedback_form(self.token, self.t)
            self_id_form(self.token, self.t)

    async def _close_devices(self) -> None:
        # Camera and microphone stay on until the last video chunk is uploaded, then switch off.
        with contextlib.suppress(TimeoutError):
            await self.recorder.stop_video(timeout=120)
        self.recorder.release()
        self.recorder.set_visibility(False)  # nothing left to show: the devices are off
        self.upload_note.set_text(self.t('Everything is uploaded. You can close this page.'))

    # --- recorder events ----------------------------------------------------------------------

    def _wire_recorder(self) -> None:
        on = self.recorder.on_event
        on(DevicesReady, self._devices_ready)
        on(DeviceError, self._device_error)
        on(MicTestResult, lambda e: self.check.mic_tested(e.ok))
        on(QuestionAudioEnded, self._question_audio_ended)
        on(AudioBlocked, lambda _: self._before_answer(self.t(ROOM['blocked']), 'play'))
        on(RecordingStarted, self._recording_started)
        on(TimeLimitReached, lambda _: self._warn(self.t(ROOM['time_up'])))
        on(Uploading, lambda _: self._status(self.t(ROOM['saving'])))
        on(AnswerUploaded, self._answer_uploaded)
        on(AnswerUploadFailed, self._upload_failed)
        on(FocusChange, self._focus_change)
        on(PracticeRecorded, lambda _: self.practice.recorded(self._panel()))
        on(PracticePlayed, lambda _: self.practice.recorded(self._panel()))
        on(VideoUploadFailed, lambda _: self._warn(self.t(ROOM['video_slow'])))
        on(VideoUploadRecovered, lambda _: self._warn(''))

    def _devices_ready(self, e: DevicesReady) -> None:
        self.video_mime = e.video_mime
        self.check.devices_ready(e.has_video)

    def _device_error(self, e: DeviceError) -> None:
        title = e.title or self.t('Device problem')
        if self.panel is not None:  # mid-interview (an unplugged headset): the question stays on screen
            self.panel.warn(f'{title}: {e.message}')
        else:
            self.check.device_error(title, e.message)

    def _question_audio_ended(self, _: QuestionAudioEnded) -> None:
        if self.coding is not None:
            self._status(self.t(ROOM['coding']), 'answer_now')
        elif self.typed_only:
            self._status(self.t(ROOM['typing']), typing=True)
        elif self.thinking is None:
            self._before_answer(self.t(ROOM['wait']))
        else:
            self._before_answer(self.t(ROOM['think'], seconds=self.thinking))

    def _recording_started(self, e: RecordingStarted) -> None:
        if self.coding is not None:
            self.explaining = True
            self._status(self.t(ROOM['coding_recording']))  # no Done: Submit ends the explanation with the code
        elif e.redos_left > 0:
            self._status(self.t(ROOM['recording_redo'], left=e.redos_left), 'done', 'redo')
        else:
            self._status(self.t(ROOM['recording']), 'done')

    async def _answer_uploaded(self, e: AnswerUploaded) -> None:
        turn = TurnOut.model_validate(e.response)
        await self._next(turn.finished, _asked(turn.next) if turn.next else None)
        if turn.audio_check is not None and turn.audio_check.message:
            self._warn(turn.audio_check.message)  # 'your microphone seems quiet', before the next answer

    async def _next(self, finished: bool, question: AskedQuestion | None) -> None:
        if finished:
            self._finish()
        elif question is None:
            self._status(self.t(ROOM['saved']))
        else:
            await self._ask(question)

    def _upload_failed(self, e: AnswerUploadFailed) -> None:
        if self.coding is not None and e.status == CONFLICT:  # an explanation before Submit: held, not lost
            self.explanation_held = True
            self._status(self.t(ROOM['coding_held']))
            return
        # Retryable or not, the blob stays in the tab: the candidate can always try sending it again.
        self._status(self.t(ROOM['upload_failed']), 'retry')
        self._warn(e.message or self.t(ROOM['upload_failed_detail']))

    async def _focus_change(self, e: FocusChange) -> None:
        index = self.question.index if self.question else None
        async with self.focus_lock:
            with contextlib.suppress(RateLimited):  # a flood of focus events: those over the limit are not recorded
                await run_in_session(integrity.record_focus_change, self.token, e.lost, e.hidden, None, index)

    def _status(self, text: str, *buttons: str, typing: bool = False) -> None:
        if self.panel is not None:  # events can arrive before the question panel exists
            self.panel.status(text, *buttons, typing=typing)

    def _warn(self, text: str) -> None:
        if self.panel is not None:
            self.panel.warn(text)


def _asked(question: QuestionOut) -> AskedQuestion:
    return AskedQuestion(index=question.index, total=question.total, text=question.text, type=question.type,
                         has_audio=question.audio_url is not None)
