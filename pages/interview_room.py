"""The interview room: device check, then one question at a time, answered by voice.

The Recorder component (components/recorder.py) does the media work in the browser and uploads
answers and video over HTTP; this class reacts to its events and shows where the candidate is.
"""

from __future__ import annotations

import contextlib
from typing import Any

from nicegui import background_tasks, ui
from nicegui.events import GenericEventArguments

from app import links
from app.db import run_in_session
from app.errors import AppError
from app.formatting import answer_time, question_type
from app.languages import SPEECH_LANG
from app.runtime import get_runtime
from app.services.interview import integrity, media
from app.services.interview.rows import InterviewContext
from app.services.interview.turns import AskedQuestion
from components.recorder import Recorder
from components.theme import brand

THINKING_SECONDS = 5


class InterviewRoom:
    def __init__(self, token: str, ctx: InterviewContext) -> None:
        self.token = token
        self.ctx = ctx
        self.question: AskedQuestion | None = None
        self.video_mime: str | None = None

    # --- layout -------------------------------------------------------------------------------

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
            self._device_check()

    def _device_check(self) -> None:
        resuming = self.ctx.answered > 0 or self.ctx.status == 'in_progress'
        with ui.card().classes('w-full p-6 gap-4').mark('device-check'):
            greeting = self.ctx.candidate_name.split()[0] if self.ctx.candidate_name else 'there'
            ui.label(f'Welcome back, {greeting}' if resuming else f'Hi {greeting}, welcome') \
                .classes('text-2xl font-semibold')
            total = self.ctx.question_total or self.ctx.question_count
            if resuming:
                ui.label(f'You answered {self.ctx.answered} of {total} questions. Check your devices again '
                         'and continue where you left off.').classes('text-slate-600')
            else:
                ui.label(f'This interview has {total} questions, asked by an AI interviewer. Each question is '
                         f'shown and read aloud; you then have up to {answer_time(self.ctx.answer_time_limit_seconds)} '
                         'to answer out loud.').classes('text-slate-600')
            with ui.column().classes('gap-3 w-full'):
                with ui.row().classes('items-center gap-3'):
                    self.step1 = ui.icon('radio_button_unchecked', color='grey-6')
                    ui.label('1. Allow camera and microphone').classes('font-medium')
                    ui.button('Check devices', on_click=self.recorder.check_devices).props('outline no-caps') \
                        .mark('check-devices')
                with ui.row().classes('items-center gap-3'):
                    self.step2 = ui.icon('radio_button_unchecked', color='grey-6')
                    ui.label('2. Say a few words to test the microphone').classes('font-medium')
                    self.mic_button = ui.button('Test microphone', on_click=lambda: self.recorder.start_mic_test(3)) \
                        .props('outline no-caps').mark('mic-test')
                    self.mic_button.disable()
                self.check_message = ui.label().classes('text-sm').mark('device-message')
            ui.separator()
            with ui.row().classes('w-full items-center gap-3'):
                ui.label('Tips: find a quiet place, speak clearly, and take a moment to think before you answer.') \
                    .classes('text-sm text-slate-500 grow')
                self.start_button = ui.button('Continue interview' if resuming else 'Start interview',
                                              icon='play_arrow', on_click=self._start) \
                    .props('unelevated size=lg').mark('start-interview')
                self.start_button.disable()

    def _question_view(self) -> None:
        self.main.clear()
        with self.main:
            with ui.card().classes('w-full p-6 gap-3'):
                self.type_badge = ui.badge().props('outline color=primary')
                self.question_text = ui.label().classes('text-2xl leading-snug font-medium text-slate-900') \
                    .mark('question-text')
            with ui.card().classes('w-full p-4 gap-2'):
                self.status = ui.label().classes('text-slate-700').mark('room-status')
                with ui.row().classes('gap-2'):
                    self.play_button = ui.button('Play question', icon='volume_up',
                                                 on_click=self.recorder.play_question).props('outline no-caps')
                    self.answer_now_button = ui.button('Answer now', icon='mic', on_click=self.recorder.answer_now) \
                        .props('outline no-caps').mark('answer-now')
                    self.done_button = ui.button('Done', icon='stop_circle', on_click=self.recorder.done) \
                        .props('unelevated no-caps color=negative').mark('done')
                    self.retry_button = ui.button('Try sending again', icon='refresh',
                                                  on_click=self.recorder.retry_upload).props('unelevated no-caps')
                self.warning = ui.label().classes('text-sm text-amber-700').mark('room-warning')
        self._buttons()

    # --- flow ---------------------------------------------------------------------------------

    async def _start(self) -> None:
        self.start_button.props('loading')
        self.check_message.set_text('Preparing your first question…')
        try:
            engine = get_runtime().engine
            state = await (engine.start(self.token) if self.ctx.status == 'scheduled' else engine.room(self.token))
        except AppError as exc:
            self.start_button.props(remove='loading')
            self._say(self.check_message, exc.message, error=True)
            return
        if state.question is None:
            self._finish()
            return
        self._question_view()
        await self._start_video()
        self._ask(state.question)

    async def _start_video(self) -> None:
        if not self.video_mime:
            return
        try:
            segment = await run_in_session(media.open_video_segment, self.token, self.video_mime)
        except AppError as exc:
            self.warning.set_text(f'The video could not be started ({exc.message}); your answers are still saved.')
            return
        self.recorder.start_video(links.video_upload_path(self.token, segment))

    def _ask(self, question: AskedQuestion) -> None:
        self.question = question
        self.progress.set_text(f'Question {question.index + 1} of {question.total}')
        self.type_badge.set_text(question_type(question.type))
        self.question_text.set_text(question.text)
        self.status.set_text('Listen to the question…')
        self.warning.set_text('')
        audio = links.question_audio_path(self.token, question.index) if question.has_audio else None
        self.recorder.ask({
            'upload_url': links.answer_upload_path(self.token, question.index),
            'audio_url': audio,
            'speak_text': None if audio else question.text,
            'lang': SPEECH_LANG.get(self.ctx.job.language, 'en-US'),
            'max_seconds': self.ctx.answer_time_limit_seconds,
            'thinking_seconds': THINKING_SECONDS,
        })
        self._buttons(answer_now=True)

    def _finish(self) -> None:
        background_tasks.create(self._close_devices(), name='finish interview video')
        self.progress.set_text('Finished')
        self.main.clear()
        with self.main, ui.card().classes('w-full p-8 items-center text-center gap-3').mark('thank-you'):
            ui.icon('task_alt', size='56px', color='positive')
            ui.label('Thank you — you are done!').classes('text-2xl font-semibold')
            ui.label('Your answers are saved. The hiring team reviews every interview and will get back to you.') \
                .classes('text-slate-600 max-w-lg')
            self.upload_note = ui.label('Please keep this page open for a few seconds while the last of the video '
                                        'uploads.').classes('text-sm text-slate-500').mark('upload-note')

    async def _close_devices(self) -> None:
        # Camera and microphone stay on until the last video chunk is uploaded, then switch off.
        with contextlib.suppress(TimeoutError):
            await self.recorder.stop_video(timeout=120)
        self.recorder.release()
        self.upload_note.set_text('Everything is uploaded. You can close this page.')

    # --- recorder events ----------------------------------------------------------------------

    def _wire_recorder(self) -> None:
        r = self.recorder
        r.on_devices_ready(self._devices_ready)
        r.on_device_error(self._device_error)
        r.on_mic_test_result(self._mic_result)
        r.on_question_audio_ended(lambda _: self._status(f'Think for a moment — recording starts in '
                                                         f'{THINKING_SECONDS} seconds, or click Answer now.',
                                                         answer_now=True))
        r.on_audio_blocked(lambda _: self._status('Click “Play question” to hear the question.', play=True))
        r.on_recording_started(lambda _: self._status('Recording your answer. Click Done when you have finished.',
                                                      done=True))
        r.on_time_limit_reached(lambda _: self.warning.set_text('Time is up for this answer; it is being saved.'))
        r.on_uploading(lambda _: self._status('Saving your answer…'))
        r.on_answer_uploaded(self._answer_uploaded)
        r.on_answer_upload_failed(self._upload_failed)
        r.on_focus_change(self._focus_change)
        r.on_video_upload_failed(lambda _: self.warning.set_text(
            'Your connection is slow: the video is still uploading in the background.'))
        r.on_video_upload_recovered(lambda _: self.warning.set_text(''))

    def _devices_ready(self, e: GenericEventArguments) -> None:
        self.video_mime = e.args.get('video_mime')
        self.step1.props('name=check_circle color=positive')
        self.mic_button.enable()
        camera = '' if e.args.get('has_video') else ' No camera was found; the interview continues with audio only.'
        self._say(self.check_message, f'Devices are ready. Now test your microphone.{camera}')

    def _device_error(self, e: GenericEventArguments) -> None:
        title, message = e.args.get('title') or 'Device problem', e.args.get('message') or ''
        if hasattr(self, 'question_text') and self.question is not None:
            self.warning.set_text(f'{title}: {message}')
            return
        self.step1.props('name=error color=negative')
        self._say(self.check_message, f'{title}. {message}', error=True)

    def _mic_result(self, e: GenericEventArguments) -> None:
        if e.args.get('ok'):
            self.step2.props('name=check_circle color=positive')
            self._say(self.check_message, 'We can hear you. You are ready to start.')
            self.start_button.enable()
        else:
            self.step2.props('name=error color=negative')
            self._say(self.check_message, 'We could not hear you. Check that the right microphone is selected and '
                                          'not muted, then test again.', error=True)

    async def _answer_uploaded(self, e: GenericEventArguments) -> None:
        response: dict[str, Any] = e.args.get('response') or {}
        if response.get('finished'):
            self._finish()
            return
        following = response.get('next')
        if not following:
            self._status('Your answer is saved.')
            return
        self._ask(AskedQuestion(index=following['index'], total=following['total'], text=following['text'],
                                type=following['type'], has_audio=following.get('audio_url') is not None))

    def _upload_failed(self, e: GenericEventArguments) -> None:
        message = e.args.get('message') or 'The upload failed.'
        # Retryable or not, the blob stays in the tab: the candidate can always try sending it again.
        self._status('Your answer is kept in this tab but could not be sent yet.', retry=True)
        self.warning.set_text(message)

    async def _focus_change(self, e: GenericEventArguments) -> None:
        index = self.question.index if self.question else None
        await run_in_session(integrity.record_focus_change, self.token, bool(e.args.get('lost')),
                             bool(e.args.get('hidden')), None, index)

    # --- helpers ------------------------------------------------------------------------------

    def _status(self, text: str, *, play: bool = False, answer_now: bool = False, done: bool = False,
                retry: bool = False) -> None:
        if hasattr(self, 'status'):  # events can arrive before the question view exists
            self.status.set_text(text)
            self._buttons(play=play, answer_now=answer_now, done=done, retry=retry)

    def _buttons(self, *, play: bool = False, answer_now: bool = False, done: bool = False,
                 retry: bool = False) -> None:
        self.play_button.set_visibility(play)
        self.answer_now_button.set_visibility(answer_now or play)
        self.done_button.set_visibility(done)
        self.retry_button.set_visibility(retry)

    @staticmethod
    def _say(label: ui.label, text: str, *, error: bool = False) -> None:
        label.set_text(text)
        label.classes(replace='text-sm ' + ('text-red-700' if error else 'text-slate-600'))

