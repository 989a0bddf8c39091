"""The room's question panel: the question, where the candidate stands, and the buttons that fit.

Which buttons show is decided by the room (pages/interview_room.py) per state; the panel only lays
them out, keeps the typed-answer box, and announces status changes to screen readers (aria-live).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from app.formatting import question_type
from app.i18n import N_, Translator
from app.services.interview.questions import AskedQuestion
from components.recorder import Recorder

Action = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True)
class PanelActions:
    """The room's handlers for the buttons that are not plain recorder commands."""

    pause: Action
    resume: Action
    type_instead: Action
    speak_instead: Action
    send_typed: Action
    play_practice: Action
    practice_again: Action
    start_real: Action


# name: (label, icon, Quasar props, test marker), in the order they show
BUTTONS: dict[str, tuple[str, str, str, str]] = {
    'play': (N_('Play question'), 'volume_up', 'outline', 'play-question'),
    'answer_now': (N_('Answer now'), 'mic', 'outline', 'answer-now'),
    'done': (N_('Done'), 'stop_circle', 'unelevated color=negative', 'done'),
    'redo': (N_('Start over'), 'restart_alt', 'outline', 'redo'),
    'pause': (N_('I need a moment'), 'pause', 'outline', 'pause'),
    'resume': (N_('Continue'), 'play_arrow', 'unelevated', 'resume'),
    'type': (N_('Type my answer instead'), 'keyboard', 'outline', 'type-instead'),
    'speak': (N_('Answer out loud instead'), 'mic', 'flat', 'speak-instead'),
    'retry': (N_('Try sending again'), 'refresh', 'unelevated', 'retry'),
    'play_mine': (N_('Play my answer'), 'play_circle', 'outline', 'play-practice'),
    'practice_again': (N_('Try again'), 'replay', 'flat', 'practice-again'),
    'start_real': (N_('Start the interview'), 'play_arrow', 'unelevated', 'start-real'),
}


class QuestionPanel:
    def __init__(self, recorder: Recorder, actions: PanelActions, t: Translator, *, max_typed_chars: int) -> None:
        self.t = t
        with ui.card().classes('w-full p-6 gap-3'):
            self.type_badge = ui.badge().props('outline color=primary')
            self.text = ui.label().classes('text-2xl leading-snug font-medium text-slate-900') \
                .props('role=heading aria-level=1').mark('question-text')
        with ui.card().classes('w-full p-4 gap-2'):
            # aria-live: a screen reader announces each change of state without the candidate moving focus
            self.status_label = ui.label().classes('text-slate-700') \
                .props('role=status aria-live=polite').mark('room-status')
            with ui.column().classes('w-full gap-2') as self.typed_box:
                self.typed_input = ui.textarea(t('Your answer')) \
                    .props(f'outlined autogrow counter maxlength={max_typed_chars}').classes('w-full') \
                    .mark('typed-answer')
                self.send_button = ui.button(t('Send answer'), icon='send', on_click=actions.send_typed) \
                    .props('unelevated no-caps').classes('self-end').mark('send-typed')
            with ui.row().classes('gap-2'):
                handlers: dict[str, Action] = {
                    'play': recorder.play_question, 'answer_now': recorder.answer_now, 'done': recorder.done,
                    'redo': recorder.redo, 'pause': actions.pause, 'resume': actions.resume,
                    'type': actions.type_instead, 'speak': actions.speak_instead, 'retry': recorder.retry_upload,
                    'play_mine': actions.play_practice, 'practice_again': actions.practice_again,
                    'start_real': actions.start_real,
                }
                self.buttons = {name: ui.button(t(label), icon=icon, on_click=handlers[name]).props(f'{props} no-caps')
                                .mark(marker) for name, (label, icon, props, marker) in BUTTONS.items()}
            self.warning = ui.label().classes('text-sm text-amber-800').props('role=alert').mark('room-warning')
        self.status('')

    def show(self, question: AskedQuestion, status: str, *buttons: str) -> None:
        self.show_text(self.t(question_type(question.type)), question.text)
        self.status(status, *buttons)

    def show_text(self, badge: str, text: str) -> None:
        self.type_badge.set_text(badge)
        self.text.set_text(text)
        self.typed_input.set_value('')
        self.warn('')

    def status(self, text: str, *buttons: str, typing: bool = False) -> None:
        """Say where the candidate stands and show only the buttons that make sense now."""
        self.status_label.set_text(text)
        for name, button in self.buttons.items():
            button.set_visibility(name in buttons)
        self.typed_box.set_visibility(typing)
        if typing:
            self.send_button.enable()
            self.typed_input.run_method('focus')

    def typed_text(self) -> str:
        return str(self.typed_input.value or '')

    def sending(self, busy: bool) -> None:
        if busy:
            self.send_button.props('loading')
        else:
            self.send_button.props(remove='loading')

    def warn(self, text: str) -> None:
        self.warning.set_text(text)
