"""The interview's result on the report: overall score (effective, with the AI's beside it when HR
changed anything), recommendation with its override, a radar of the four dimension averages, the
AI-written narrative report (plain text) and the offline-scoring / needs-review markers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.models import User
from app.services.interview.scoring import DIMENSIONS
from app.services.report_models import CandidateReport, InterviewReportOut, narrative_note
from components.charts import radar_chart
from components.dashboard import RECOMMENDATION_COLORS
from components.review_dialogs import override_dialog

Refresh = Callable[[], Awaitable[None]]


def result_card(user: User, report: CandidateReport, refresh: Refresh) -> None:
    interview = report.interview
    with ui.card().classes('w-full p-6 gap-4').mark('result-card'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.label('Result').classes('text-lg font-semibold')
            if interview is not None and interview.offline_scoring:
                ui.badge('offline scoring', color='deep-orange-10').mark('offline-scoring').tooltip(
                    'Scored by the built-in rule-based scorer, without a language model: treat the numbers as a '
                    'first pass and read the transcripts.')
        if interview is None:
            ui.label('This candidate has no interview.').classes('text-slate-500')
            return
        _banners(interview)
        if interview.effective.final_score is None:
            state = interview.status.replace('_', ' ')
            ui.label(f'No overall score yet (interview {state}).').classes('text-slate-500').mark('no-score')
        else:
            with ui.row().classes('w-full items-center gap-6'):
                _headline(user, report.candidate.id, interview, refresh)
                with ui.column().classes('grow min-w-[16rem] gap-0'):
                    series = [('Effective', interview.effective.averages)]
                    if interview.effective.averages != interview.ai.averages:
                        series.append(('AI', interview.ai.averages))
                    radar_chart(series).mark('radar-chart')
            _averages(interview)
        if interview.report:
            with ui.column().classes('w-full gap-1'):
                ui.label('Narrative report (AI-written)').classes('text-xs uppercase tracking-wide text-slate-500')
                if narrative_note(interview):
                    ui.label(narrative_note(interview)).classes('text-xs text-amber-800').mark('narrative-note')
                # A label renders text, never markup: the report is model output.
                ui.label(interview.report).classes('text-sm text-slate-700 whitespace-pre-wrap leading-relaxed') \
                    .mark('narrative-report')


def _headline(user: User, candidate_id: int, interview: InterviewReportOut, refresh: Refresh) -> None:
    effective, ai = interview.effective, interview.ai
    with ui.column().classes('gap-1 min-w-[12rem]'):
        with ui.row().classes('items-baseline gap-1'):
            ui.label(f'{effective.final_score:g}').classes('text-5xl font-bold tabular-nums').mark('final-score')
            ui.label('/ 100').classes('text-slate-500')
        if ai.final_score != effective.final_score:
            ui.label(f'AI score {ai.final_score:g} · HR score overrides applied').classes('text-xs text-slate-500')
        with ui.row().classes('items-center gap-1'):
            ui.badge(effective.recommendation or '—', color=RECOMMENDATION_COLORS.get(effective.recommendation or '',
                                                                                    'grey-7')) \
                .classes('text-base px-3 py-1').mark('recommendation')
            override = interview.recommendation_override
            ui.button(icon='edit', on_click=lambda: override_dialog(
                user, candidate_id, title='Override the recommendation', ai_value=ai.recommendation or '—',
                current=override, answer_id=None, field='recommendation', on_done=refresh)) \
                .props('flat round dense size=sm color=grey-7').tooltip('Override').mark('override-recommendation')
        if interview.recommendation_override is not None:
            override = interview.recommendation_override
            ui.label(f'AI: {ai.recommendation} · set by {override.actor}').classes('text-xs text-slate-500')
            ui.label(f'Reason: {override.reason}').classes('text-xs text-indigo-800 max-w-xs break-words') \
                .mark('recommendation-reason')
        elif effective.recommendation != ai.recommendation:
            ui.label(f'AI: {ai.recommendation} (before score overrides)').classes('text-xs text-slate-500')


def _averages(interview: InterviewReportOut) -> None:
    with ui.grid(columns=4).classes('w-full gap-2'):
        for dimension in DIMENSIONS:
            value, ai = interview.effective.averages.get(dimension), interview.ai.averages.get(dimension)
            with ui.column().classes('gap-0 items-center bg-slate-50 rounded py-2'):
                ui.label(dimension.capitalize()).classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label('—' if value is None else f'{value:.2f}').classes('text-lg font-semibold tabular-nums')
                if value != ai and ai is not None:
                    ui.label(f'AI {ai:.2f}').classes('text-xs text-slate-400')


def _banners(interview: InterviewReportOut) -> None:
    if interview.failed:
        waits = ('The overall score waits for them.' if interview.effective.final_score is None else
                 'The score shown predates the failure; retry to bring it up to date.')
        ui.label(f'{interview.failed} answer{"s" if interview.failed != 1 else ""} failed processing: see Retry '
                 f'below. {waits}').classes(
            'w-full text-sm text-red-900 bg-red-50 border border-red-200 rounded px-3 py-2').mark('needs-review')
    if interview.held:
        ui.label(f'{interview.held} answer{"s need" if interview.held != 1 else " needs"} review before scoring '
                 '(no speech heard, or a transcript speech recognition was unsure of): listen, correct if needed, '
                 'then score it below. The overall score waits for them.').classes(
            'w-full text-sm text-amber-900 bg-amber-50 border border-amber-200 rounded px-3 py-2').mark('held-answers')
    if interview.processing:
        with ui.row().classes('w-full items-center gap-2 text-sm text-slate-600').mark('processing'):
            ui.spinner(size='sm')
            ui.label(f'{interview.processing} answer{"s are" if interview.processing != 1 else " is"} being '
                     'transcribed or scored; this page updates by itself.')

