"""The room's coding exercise: statement, examples, a CodeMirror editor, Run and Submit, and the test
results. The page owns the flow (components never call services); this only shows and collects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.i18n import Translator
from app.services.coding.runs import CodeRun
from app.services.coding.submissions import RoomTask


class CodingPanel:
    def __init__(self, task: RoomTask, t: Translator, on_run: Callable[[], Awaitable[None]],
                 on_submit: Callable[[], Awaitable[None]], on_edit: Callable[[str], None]) -> None:
        self.t = t
        with ui.card().classes('w-full p-6 gap-3').mark('coding-panel'):
            ui.label(task.title).classes('text-xl font-semibold text-slate-900').mark('coding-title')
            ui.markdown(task.statement).classes('text-slate-700')
            if task.examples:
                ui.label(t('Examples')).classes('text-sm font-medium text-slate-500')
                for example in task.examples:
                    returns = t('returns {value}', value=example['expected'])
                    ui.code(f'{example["call"]}  # {returns}', language='python').classes('w-full')
            self.editor = ui.codemirror(task.code, language='Python', theme='basicLight') \
                .classes('w-full border rounded').style('min-height: 14rem').mark('code-editor')
            self.editor.on_value_change(lambda e: on_edit(str(e.value or '')))
            with ui.row().classes('gap-2'):
                self.run_button = ui.button(t('Run examples'), icon='play_arrow', on_click=on_run) \
                    .props('outline no-caps').mark('run-code')
                self.submit_button = ui.button(t('Submit'), icon='send', on_click=on_submit) \
                    .props('unelevated no-caps color=primary').mark('submit-code')
            self.message = ui.label().classes('text-sm text-slate-600').mark('coding-message')
            self.results = ui.column().classes('w-full gap-1').mark('code-results')

    @property
    def code(self) -> str:
        return str(self.editor.value or '')

    def busy(self, busy: bool) -> None:
        for button in (self.run_button, self.submit_button):
            button.set_enabled(not busy)

    def show_run(self, run: CodeRun, heading: str) -> None:
        self.results.clear()
        with self.results:
            summary = self.t('{heading}: {passed} of {total} passed', heading=heading, passed=run.passed,
                             total=run.total)
            ui.label(summary).classes('font-medium').mark('code-summary')
            if run.message:
                ui.label(run.message).classes('text-sm text-amber-700')
            for result in run.results:
                with ui.row().classes('w-full items-start gap-2 text-sm no-wrap'):
                    ui.icon('check_circle' if result.passed else 'cancel',
                            color='positive' if result.passed else 'negative').classes('mt-0.5')
                    outcome = self.t('passed') if result.passed else \
                        (result.error or self.t('expected {expected}, got {got}', expected=result.expected,
                                                got=result.got))
                    detail = f'{result.name}: {outcome}'
                    ui.label(detail).classes('whitespace-pre-wrap break-all')
            if run.printed:
                ui.label(self.t('Printed')).classes('text-xs text-slate-500 mt-1')
                ui.code(run.printed[-2000:]).classes('w-full text-xs')
