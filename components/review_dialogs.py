"""Dialogs a reviewer uses on the report: override a score or the recommendation (reason required),
go back to the AI's value, and correct a transcript. Each calls a service and reports back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from app.db import run_in_session
from app.errors import AppError
from app.models import Recommendation, User
from app.services import corrections, overrides
from app.services.corrections import TRANSCRIPT_MAX
from app.services.overrides import REASON_MAX
from app.services.report_models import OverrideOut
from components.forms import clear_errors, error_banner, show_error

Done = Callable[[], Awaitable[None]]


def override_dialog(user: User, candidate_id: int, *, title: str, ai_value: str, current: OverrideOut | None,
                    answer_id: int | None, field: str, on_done: Done) -> None:
    """Open a dialog to set (or clear) one override. Scores 0–5 in half steps, or a recommendation."""
    with ui.dialog() as dialog, ui.card().classes('p-6 gap-3 w-[28rem]').mark('override-dialog'):
        ui.label(title).classes('text-lg font-semibold')
        ui.label(f'AI value: {ai_value}. The AI value is kept and shown beside yours.') \
            .classes('text-sm text-slate-600')
        banner = error_banner()
        value: ui.select | ui.number
        if field == 'recommendation':
            value = ui.select([r.value for r in Recommendation], label='Recommendation',
                              value=current.recommendation if current else None).props('outlined') \
                .classes('w-full').mark('override-value')
        else:
            value = ui.number('Score (0–5)', min=0, max=5, step=0.5, format='%.1f',
                              value=current.score if current else None).props('outlined') \
                .classes('w-full').mark('override-value')
        reason = ui.textarea('Reason (required)', value=current.reason if current else '') \
            .props(f'outlined autogrow counter maxlength={REASON_MAX}').classes('w-full').mark('override-reason')

        async def save() -> None:
            clear_errors(value, reason, banner=banner)
            data: dict[str, Any] = {'field': field, 'answer_id': answer_id, 'reason': reason.value or ''}
            data['recommendation' if field == 'recommendation' else 'score'] = value.value
            try:
                await run_in_session(overrides.set_override, user, candidate_id, data)
            except AppError as exc:
                show_error(exc, {'reason': reason, 'score': value, 'recommendation': value}, banner)
                return
            dialog.close()
            ui.notify('Override saved.', type='positive')
            await on_done()

        async def clear() -> None:
            assert current is not None
            try:
                await run_in_session(overrides.clear_override, user, candidate_id, current.id)
            except AppError as exc:
                show_error(exc, {}, banner)
                return
            dialog.close()
            ui.notify('Back to the AI value.', type='positive')
            await on_done()

        with ui.row().classes('w-full justify-end gap-2'):
            if current is not None:
                ui.button('Use AI value', on_click=clear).props('flat color=grey-8').mark('override-clear')
            ui.space()
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save override', on_click=save).props('unelevated').mark('override-save')
    dialog.open()


def transcript_dialog(user: User, answer_id: int, *, ai_transcript: str, corrected: str | None, on_done: Done,
                      ) -> None:
    with ui.dialog() as dialog, ui.card().classes('p-6 gap-3 w-[40rem] max-w-full').mark('transcript-dialog'):
        ui.label('Correct the transcript').classes('text-lg font-semibold')
        ui.label('Fix what speech recognition misheard. The AI transcript is kept; ask for a re-score to have '
                 'the answer evaluated on your text.').classes('text-sm text-slate-600')
        banner = error_banner()
        text = ui.textarea('Transcript', value=corrected if corrected is not None else ai_transcript) \
            .props(f'outlined autogrow counter maxlength={TRANSCRIPT_MAX}').classes('w-full') \
            .mark('transcript-text')

        async def save() -> None:
            clear_errors(text, banner=banner)
            try:
                await run_in_session(corrections.correct_transcript, user, answer_id, text.value or '')
            except AppError as exc:
                show_error(exc, {'text': text}, banner)
                return
            dialog.close()
            ui.notify('Transcript correction saved. Re-score the answer to evaluate it.', type='positive')
            await on_done()

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save correction', on_click=save).props('unelevated').mark('transcript-save')
    dialog.open()
