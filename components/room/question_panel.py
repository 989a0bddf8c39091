"""The room's question panel: the question, where the candidate stands, and the buttons that fit."""

from __future__ import annotations

from nicegui import ui

from app.formatting import question_type
from app.services.interview.questions import AskedQuestion
from components.recorder import Recorder


class QuestionPanel:
    def __init__(self, recorder: Recorder) -> None:
        with ui.card().classes('w-full p-6 gap-3'):
            self.type_badge = ui.badge().props('outline color=primary')
            self.text = ui.label().classes('text-2xl leading-snug font-medium text-slate-900').mark('question-text')
        with ui.card().classes('w-full p-4 gap-2'):
            self.status_label = ui.label().classes('text-slate-700').mark('room-status')
            with ui.row().classes('gap-2'):
                self.play_button = ui.button('Play question', icon='volume_up',
                                             on_click=recorder.play_question).props('outline no-caps')
                self.answer_now_button = ui.button('Answer now', icon='mic', on_click=recorder.answer_now) \
                    .props('outline no-caps').mark('answer-now')
                self.done_button = ui.button('Done', icon='stop_circle', on_click=recorder.done) \
                    .props('unelevated no-caps color=negative').mark('done')
                self.retry_button = ui.button('Try sending again', icon='refresh',
                                              on_click=recorder.retry_upload).props('unelevated no-caps')
            self.warning = ui.label().classes('text-sm text-amber-700').mark('room-warning')
        self.status('')

    def show(self, question: AskedQuestion, status: str) -> None:
        self.type_badge.set_text(question_type(question.type))
        self.text.set_text(question.text)
        self.warn('')
        self.status(status, answer_now=True)

    def status(self, text: str, *, play: bool = False, answer_now: bool = False, done: bool = False,
               retry: bool = False) -> None:
        """Say where the candidate stands and show only the buttons that make sense now."""
        self.status_label.set_text(text)
        self.play_button.set_visibility(play)
        self.answer_now_button.set_visibility(answer_now or play)
        self.done_button.set_visibility(done)
        self.retry_button.set_visibility(retry)

    def warn(self, text: str) -> None:
        self.warning.set_text(text)
