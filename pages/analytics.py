"""Hiring analytics (/analytics): the funnel, completion, drop-off by question, durations and score
distributions, for one job or all, over the application dates chosen; the numbers as CSV."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.db import run_read
from app.errors import AppError
from app.models import User
from app.permissions import Permission
from app.services import hiring_analytics
from app.services.hiring_analytics import HiringAnalytics, JobScores
from components.analytics_charts import drop_off_chart, funnel_chart, score_boxplot
from components.charts import distribution_chart
from components.scope_controls import scope_controls
from components.session import hr_page

SCORE_COLUMNS: list[dict[str, Any]] = [
    {'name': 'title', 'label': 'Job', 'field': 'title', 'align': 'left'},
    *({'name': key, 'label': label, 'field': key, 'align': 'right'} for key, label in (
        ('scored', 'Scored'), ('mean', 'Mean'), ('median', 'Median'), ('q1', 'Lower quartile'),
        ('q3', 'Upper quartile'), ('low', 'Lowest'), ('high', 'Highest'), ('feedback', 'Candidate feedback'))),
]


def hours_text(hours: float | None) -> str:
    if hours is None:
        return '—'
    return f'{hours:g} h' if hours < 48 else f'{hours / 24:.1f} days'


def share_text(value: float | None) -> str:
    return '—' if value is None else f'{value:.0%}'


@hr_page('/analytics', 'Analytics', Permission.jobs_read)
async def analytics_page(user: User) -> None:
    with ui.row().classes('w-full items-center gap-4'):
        ui.label('Hiring analytics').classes('text-2xl font-semibold')
        ui.space()
        download = ui.button('Download CSV', icon='download').props('flat no-caps').mark('analytics-csv')

    @ui.refreshable
    async def content() -> None:
        try:
            data = await run_read(hiring_analytics.visible_analytics, user, scope.values())
        except AppError as exc:
            ui.label(exc.message).classes('text-red-700').mark('scope-error')
            return
        _body(data)

    scope = await scope_controls(user, content.refresh)
    download.on_click(lambda: ui.download.from_url(f'/analytics/export.csv?{scope.query_string()}'))
    await content()


def feedback_text(average: float | None, responses: int) -> str:
    return '—' if average is None else f'{average:g} / 5 ({responses})'


def _body(data: HiringAnalytics) -> None:
    stages = {stage.key: stage for stage in data.funnel}
    invited, applied = stages['invited'].count, stages['applied'].count
    with ui.grid().classes('w-full grid-cols-2 md:grid-cols-5 gap-4').mark('analytics-kpis'):
        for label, value, hint in (
            ('Applied', str(applied), f'in this range; {invited} invited' if invited else 'candidates in this range'),
            ('Completion rate', share_text(data.completion_rate), 'of started interviews'),
            ('Median time to complete', f'{data.median_minutes_to_complete:g} min'
             if data.median_minutes_to_complete is not None else '—', 'from start to last answer'),
            ('Median time to decision', hours_text(data.median_hours_to_decision), 'from interview end'),
            ('Candidate feedback', f'{data.feedback_average:g} / 5' if data.feedback_average is not None else '—',
             f'average of {data.feedback_responses} rating{"s" if data.feedback_responses != 1 else ""}'),
        ):
            with ui.card().classes('p-4 gap-0'):
                ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label(value).classes('text-2xl font-semibold tabular-nums')
                ui.label(hint).classes('text-xs text-slate-500')
    if applied == 0 and invited == 0:
        ui.label('No candidates applied in this range.').classes('text-slate-500').mark('no-data')
        return
    with ui.grid().classes('w-full grid-cols-1 md:grid-cols-3 gap-4'):
        with ui.card().classes('md:col-span-2 p-4 gap-1').mark('funnel-card'):
            ui.label('Funnel').classes('text-lg font-semibold')
            ui.label('From "Applied" down, each stage counts candidates who reached every stage above it.'
                     + (' Invited: candidates HR invited (others apply through the public link); an invitation '
                        'counts as applied once accepted.' if invited else '')).classes('text-xs text-slate-500')
            funnel_chart(data.funnel).classes('w-full h-52').mark('funnel-chart')
        with ui.card().classes('p-4 gap-2').mark('decisions-card'):
            ui.label('Decisions').classes('text-lg font-semibold')
            for status, count in data.decisions.items():
                with ui.row().classes('w-full justify-between text-sm'):
                    ui.label(status.capitalize()).classes('text-slate-600')
                    ui.label(str(count)).classes('font-semibold tabular-nums')
            ui.label(f'{data.abandoned} interview{"s" if data.abandoned != 1 else ""} abandoned') \
                .classes('text-sm text-slate-500 mt-2')
    with ui.card().classes('w-full p-4 gap-1').mark('drop-off-card'):
        ui.label('Where candidates leave').classes('text-lg font-semibold')
        if data.drop_off:
            ui.label('Abandoned interviews by the question on screen when the candidate stopped.') \
                .classes('text-xs text-slate-500')
            drop_off_chart(data.drop_off).classes('w-full h-48')
        else:
            ui.label('No interview was abandoned in this range.').classes('text-sm text-slate-500')
    _scores(data.scores)


def _scores(scores: list[JobScores]) -> None:
    with ui.card().classes('w-full p-4 gap-2').mark('scores-card'):
        ui.label('Score distribution (with HR overrides)').classes('text-lg font-semibold')
        if not scores:
            ui.label('No scored interviews in this range.').classes('text-sm text-slate-500')
            return
        if len(scores) == 1:
            distribution_chart(scores[0].buckets).classes('w-full h-48')
        else:
            score_boxplot(scores).classes('w-full h-64')
        ui.table(columns=SCORE_COLUMNS, rows=[{
            'id': s.job_id, 'title': s.title, 'scored': s.scored, 'mean': s.mean, 'median': s.median, 'q1': s.q1,
            'q3': s.q3, 'low': s.low, 'high': s.high,
            'feedback': feedback_text(s.feedback_average, s.feedback_responses)} for s in scores], row_key='id') \
            .classes('w-full').props('flat dense bordered').mark('scores-table')
