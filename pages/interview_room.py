"""The interview room: device check, then one question at a time, answered by voice (or typed).

A small controller: the Recorder element (components/recorder) does the media work in the browser
and uploads answers and video over HTTP; its typed events arrive in pages/room_events.py and move the
panels (components/room) from device check to question to the finished card. A coding question's
editor, Run and Submit are pages/room_coding.py. The candidate's accommodations
(app.services.accommodations) set the time, the redos, pausing and typed answers.
"""

from __future__ import annotations

import uuid

from nicegui import ui

from app import links
from app.config import get_settings
from app.db import run_in_session
from app.errors import AppError
from app.i18n import Translator
from app.languages import SPEECH_LANG
from app.runtime import get_runtime
from app.services.interview import media
from app.services.interview.answers import AnswerUpload
from app.services.interview.questions import AskedQuestion
from app.services.interview.rows import InterviewContext
from app.services.live import presence
from components.recorder import Recorder
from components.recorder.texts import ROOM
from components.room.device_check import DeviceCheckPanel
from components.room.finished import room_finished
from components.room.header import room_header
from components.room.practice import PracticeRun
from components.room.question_panel import PanelActions, QuestionPanel
from pages.room_coding import RoomCoding
from pages.room_events import RoomEvents

THINKING_SECONDS = 5


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

    def build(self) -> None:
        # pages/live.py registers watchers: a dict read in one process, Redis (off the loop) across instances.
        interview_id = self.ctx.interview_id
        self.progress = room_header(self.ctx.job.title, self.t, lambda: presence.watchers_async(interview_id))
        with ui.row().classes('w-full max-w-6xl mx-auto p-4 md:p-6 gap-6 items-start no-wrap max-md:flex-col'):
            self.main = ui.column().classes('grow gap-4 min-w-0 w-full')
            with ui.column().classes('w-full md:w-96 shrink-0 gap-3'):
                self.recorder = Recorder(answer_time_limit=self.answer_limit or 0, thinking_seconds=self.thinking or 0,
                                         t=self.t).classes('w-full').mark('recorder')
                self.devices_note = ui.label(self.t('Your camera and microphone stay on for the whole interview; '
                                                    'it is recorded.')).classes('text-xs text-slate-500')
        self.practice = PracticeRun(self.token, self.recorder, self.acc, self.thinking, self.t)
        self.coding = RoomCoding(self.token, self.recorder, self.t, warn=self._warn, next_turn=self._next)
        RoomEvents(self).wire()
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
                self.coding.place()
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
        title = await self.coding.show(question)
        self.panel.show(question, self.t(ROOM['listen']))
        if title:  # the statement is in the coding panel below; the spoken text would say it twice
            self.panel.text.set_text(self.t('Coding exercise: {title}', title=title))
            self._status(self.t(ROOM['listen']), 'answer_now')
        else:
            self._before_answer(self.t(ROOM['listen']))
        audio = links.question_audio_path(self.token, question.index) if question.has_audio else None
        self.recorder.ask({
            'manual': self.coding.active,
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

    def _finish(self) -> None:
        self.progress.set_text(self.t('Finished'))
        self.main.clear()
        self.devices_note.set_visibility(False)  # the camera goes off once the last video chunk is uploaded
        with self.main:
            room_finished(self.ctx.candidate_name, self.ctx.job.title, self.token, self.recorder, self.t)

    async def _next(self, finished: bool, question: AskedQuestion | None) -> None:
        if finished:
            self._finish()
        elif question is None:
            self._status(self.t(ROOM['saved']))
        else:
            await self._ask(question)

    def _status(self, text: str, *buttons: str, typing: bool = False) -> None:
        if self.panel is not None:  # events can arrive before the question panel exists
            self.panel.status(text, *buttons, typing=typing)

    def _warn(self, text: str) -> None:
        if self.panel is not None:
            self.panel.warn(text)

