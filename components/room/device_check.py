"""The room's first panel: allow camera and microphone, test the microphone, then start."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.formatting import answer_time
from app.i18n import Translator
from app.services.accommodations import offered_sentence
from app.services.interview.rows import InterviewContext
from components.recorder import Recorder


class DeviceCheckPanel:
    def __init__(self, ctx: InterviewContext, recorder: Recorder, t: Translator,
                 on_start: Callable[[], Awaitable[None]],
                 on_typed: Callable[[], Awaitable[None]] | None = None) -> None:
        """:param on_typed: start with typed answers only; offered when no microphone works (None: the
        candidate's accommodations do not allow typed answers)"""
        self.t = t
        acc = ctx.accommodations
        self.resuming = ctx.answered > 0 or ctx.status == 'in_progress'
        with ui.card().classes('w-full p-6 gap-4').mark('device-check'):
            first = ctx.candidate_name.split()[0] if ctx.candidate_name.strip() else ''
            if self.resuming:
                greeting = t('Welcome back, {name}', name=first) if first else t('Welcome back')
            else:
                greeting = t('Hi {name}, welcome', name=first) if first else t('Hi, welcome')
            ui.label(greeting) \
                .classes('text-2xl font-semibold')
            total = ctx.question_total or ctx.question_count
            if self.resuming:
                ui.label(t.ngettext('You answered {answered} of {count} question. Check your devices again and '
                                    'continue where you left off.',
                                    'You answered {answered} of {count} questions. Check your devices again and '
                                    'continue where you left off.', total, answered=ctx.answered)) \
                    .classes('text-slate-600')
            else:
                limit = acc.answer_limit(ctx.answer_time_limit_seconds)
                timing = t('as long as you need') if limit is None \
                    else t('up to {time}', time=answer_time(limit, t.locale))
                ui.label(t.ngettext('This interview has {count} question, asked by an AI interviewer. It is shown '
                                    'and read aloud; you then have {timing} to answer out loud.',
                                    'This interview has {count} questions, asked by an AI interviewer. Each question '
                                    'is shown and read aloud; you then have {timing} to answer out loud.',
                                    total, timing=timing)) \
                    .classes('text-slate-600').mark('interview-intro')
            ui.label(offered_sentence(acc, t)).classes('text-sm text-slate-600').mark('accommodation-summary')
            if acc.contact:
                ui.label(t('Need another way to take this interview? Contact {contact} to ask for an alternative '
                           'process or an accommodation.', contact=acc.contact)) \
                    .classes('text-sm text-slate-600').mark('accommodation-contact')
            with ui.column().classes('gap-3 w-full'):
                with ui.row().classes('items-center gap-3'):
                    self.devices_step = ui.icon('radio_button_unchecked', color='grey-6')
                    ui.label(t('1. Allow camera and microphone')).classes('font-medium')
                    ui.button(t('Check devices'), on_click=recorder.check_devices).props('outline no-caps') \
                        .mark('check-devices')
                with ui.row().classes('items-center gap-3'):
                    self.mic_step = ui.icon('radio_button_unchecked', color='grey-6')
                    ui.label(t('2. Say a few words to test the microphone')).classes('font-medium')
                    self.mic_button = ui.button(t('Test microphone'), on_click=lambda: recorder.start_mic_test(3)) \
                        .props('outline no-caps').mark('mic-test')
                    self.mic_button.disable()
                self.message = ui.label().classes('text-sm').props('role=status aria-live=polite') \
                    .mark('device-message')
                self.typed_button = ui.button(t('Continue with typed answers'), icon='keyboard', on_click=on_typed) \
                    .props('outline no-caps').mark('start-typed')
                self.typed_button.set_visibility(False)
                self.on_typed = on_typed
            ui.separator()
            with ui.row().classes('w-full items-center gap-3'):
                ui.label(t('Tips: find a quiet place, speak clearly, and take a moment to think before you answer.')) \
                    .classes('text-sm text-slate-500 grow')
                self.start_button = ui.button(t('Continue interview') if self.resuming else t('Start interview'),
                                              icon='play_arrow', on_click=on_start) \
                    .props('unelevated size=lg').mark('start-interview')
                self.start_button.disable()

    def devices_ready(self, has_video: bool) -> None:
        self.devices_step.props('name=check_circle color=positive')
        self.mic_button.enable()
        ready = self.t('Devices are ready. Now test your microphone.')
        self.say(ready if has_video else
                 f"{ready} {self.t('No camera was found; the interview continues with audio only.')}")

    def device_error(self, title: str, message: str) -> None:
        self.devices_step.props('name=error color=negative')
        self.say(f'{title}. {message}', error=True)
        self._offer_typing()

    def _offer_typing(self) -> None:
        """No working microphone: when typed answers are allowed, the candidate need not stop here."""
        if self.on_typed is not None:
            self.typed_button.set_visibility(True)

    def mic_tested(self, ok: bool) -> None:
        if ok:
            self.mic_step.props('name=check_circle color=positive')
            self.say(self.t('We can hear you. You are ready to start.'))
            self.start_button.enable()
        else:
            self.mic_step.props('name=error color=negative')
            self.say(self.t('We could not hear you. Check that the right microphone is selected and not muted, '
                            'then test again.'), error=True)
            self._offer_typing()

    def starting(self) -> None:
        self.start_button.props('loading')
        self.typed_button.disable()
        self.say(self.t('Preparing your first question…'))

    def start_failed(self, message: str) -> None:
        self.start_button.props(remove='loading')
        self.typed_button.enable()
        self.say(self.t(message), error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.set_text(text)
        self.message.classes(replace='text-sm ' + ('text-red-700' if error else 'text-slate-600'))

