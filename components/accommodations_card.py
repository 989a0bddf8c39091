"""The candidate report's accommodations panel: what the candidate was offered, and HR's override."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.db import run_in_session
from app.errors import AppError
from app.models import User
from app.services import candidates
from app.services.accommodations import TIME_MULTIPLIERS, TYPED_ANSWER_CHOICES
from app.services.report_models import CandidateReport
from components.accommodation_fields import RERECORD_CHOICES
from components.forms import clear_errors, error_banner, show_error

Refresh = Callable[[], Awaitable[None]]
JOB_DEFAULT = 'job'  # the select value meaning "no override: follow the job"


def accommodations_card(user: User, report: CandidateReport, refresh: Refresh) -> None:
    candidate = report.candidate
    acc = candidate.accommodations
    with ui.card().classes('w-full p-5 gap-3').mark('accommodations-card'):
        ui.label('Accommodations').classes('text-lg font-semibold')
        for label in acc.labels:
            ui.label(label).classes('text-sm text-slate-700').mark('accommodation')
        source = 'set for this candidate' if acc.overridden else "the job's defaults"
        ui.label(f'These are {source}. A change applies to the questions still to come.') \
            .classes('text-xs text-slate-500')
        with ui.expansion('Change for this candidate', icon='tune').classes('w-full text-sm') \
                .mark('accommodations-edit'):
            banner = error_banner()
            typed = ui.select({JOB_DEFAULT: 'As the job', **TYPED_ANSWER_CHOICES}, label='Typed answers',
                              value=acc.typed_answers if 'typed_answers' in acc.overridden else JOB_DEFAULT) \
                .props('outlined dense').classes('w-full').mark('override-typed')
            extra = ui.select({JOB_DEFAULT: 'As the job', **TIME_MULTIPLIERS}, label='Time',
                              value=acc.time_multiplier if 'time_multiplier' in acc.overridden else JOB_DEFAULT) \
                .props('outlined dense').classes('w-full').mark('override-time')
            redo = ui.select({JOB_DEFAULT: 'As the job', **RERECORD_CHOICES}, label='Redo an answer',
                             value=acc.rerecord_limit if 'rerecord_limit' in acc.overridden else JOB_DEFAULT) \
                .props('outlined dense').classes('w-full').mark('override-rerecord')
            fields = {'typed_answers': typed, 'time_multiplier': extra, 'rerecord_limit': redo}

            async def save() -> None:
                clear_errors(*fields.values(), banner=banner)
                data = {k: (None if e.value == JOB_DEFAULT else e.value) for k, e in fields.items()}
                try:
                    await run_in_session(candidates.set_accommodations, user, candidate.id, data)
                except AppError as exc:
                    show_error(exc, fields, banner)
                    return
                ui.notify('Accommodations saved.', type='positive')
                await refresh()

            ui.button('Save accommodations', icon='save', on_click=save).props('unelevated no-caps') \
                .classes('self-end').mark('save-accommodations')
