"""Compare 2–4 candidates of a job side by side: effective scores, dimensions, per-skill scores,
resume facts and decisions, with the best value of each numeric row marked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from app.db import run_read
from app.errors import AppError
from app.models import User
from app.permissions import Permission
from app.services import compare, jobs
from app.services.compare import CompareColumn
from app.services.interview.scoring import DIMENSIONS
from components.charts import radar_chart
from components.dashboard import RECOMMENDATION_COLORS, STATUS_COLORS
from components.message_card import message_card
from components.not_found import not_found_card
from components.session import hr_page

Row = tuple[str, Callable[[CompareColumn], Any], bool]  # label, value, higher is better (numeric rows)


@hr_page('/jobs/{job_id}/compare', 'Compare', Permission.jobs_read)
async def compare_page(user: User, job_id: int, ids: str = '') -> None:
    try:
        job = await run_read(jobs.get_job, user.organization_id, job_id)
        candidate_ids = [int(part) for part in ids.split(',') if part.strip()]
        columns = await run_read(compare.compare_candidates, user.organization_id, job_id, candidate_ids)
    except ValueError:
        not_found_card('The comparison link is malformed.', 'Back to the job', f'/jobs/{job_id}')
        return
    except AppError as exc:
        if exc.status_code == 404:
            not_found_card(exc.message, 'Back to the job', f'/jobs/{job_id}')
        else:
            _invalid(exc.message, job_id)
        return
    ui.page_title(f'Compare · {job.title} · Panelist')
    with ui.row().classes('w-full items-center gap-3'):
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(f'/jobs/{job_id}')).props('flat round dense')
        ui.label(f'Compare candidates · {job.title}').classes('text-2xl font-semibold').mark('compare-title')
    with ui.card().classes('w-full p-5'):
        ui.label('Dimension averages (0–5, HR overrides applied)').classes('text-sm text-slate-500')
        radar_chart([(c.name, c.averages) for c in columns], height='h-80').mark('compare-radar')
    skills = sorted({skill for c in columns for skill in c.skill_scores})
    rows: list[Row] = [
        ('Score', lambda c: c.score, True),
        *[(d.capitalize(), lambda c, d=d: c.averages.get(d), True) for d in DIMENSIONS],
        *[(f'Score on {s}', lambda c, s=s: c.skill_scores.get(s), True) for s in skills],
        ('Must-have match %', lambda c: c.must_have_match, True),
        ('Experience (years)', lambda c: c.experience_years, True),
        ('Answered', lambda c: f'{c.answered} of {c.questions}', False),
        ('Focus lost', lambda c: c.focus_lost, False),
        ('Resume flags', lambda c: c.flag_count, False),
    ]
    grid = f'12rem repeat({len(columns)}, minmax(12rem, 1fr))'
    with ui.card().classes('w-full p-0 overflow-x-auto').mark('compare-table'), \
            ui.grid(columns=grid).classes('w-full gap-0'):
        _cell('', header=True)
        for column in columns:
            with ui.column().classes('gap-1 p-3 border-b border-slate-200 bg-slate-50 min-w-0'):
                ui.link(column.name, f'/candidates/{column.candidate_id}') \
                    .classes('font-semibold text-base break-words').mark('compare-name')
                ui.label(column.email).classes('text-xs text-slate-500 break-all')
                with ui.row().classes('gap-1'):
                    ui.badge(column.status, color=STATUS_COLORS.get(column.status, 'grey-7')).classes('capitalize')
                    if column.recommendation:
                        ui.badge(column.recommendation,
                                 color=RECOMMENDATION_COLORS.get(column.recommendation, 'grey-7'))
        for label, value, higher_better in rows:
            values = [value(c) for c in columns]
            numbers = [v for v in values if isinstance(v, int | float)]
            best = max(numbers) if higher_better and len(set(numbers)) > 1 else None  # no "best" among equals
            _cell(label, header=True)
            for v in values:
                _cell(_fmt(v), best=best is not None and v == best)
        _cell('Resume skills', header=True)
        for column in columns:
            with ui.row().classes('gap-1 p-3 border-b border-slate-200'):
                for skill in column.skills:
                    ui.chip(skill, color='grey-3').props('dense')


def _cell(text: str, *, header: bool = False, best: bool = False) -> None:
    classes = 'p-3 border-b border-slate-200 text-sm '
    classes += 'text-slate-500 font-medium bg-slate-50' if header else 'tabular-nums text-slate-800'
    if best:
        classes += ' font-semibold text-green-800 bg-green-50'
    ui.label(text).classes(classes)


def _fmt(value: Any) -> str:
    if value is None:
        return '—'
    if isinstance(value, float):
        return f'{value:.1f}'
    return str(value)


def _invalid(message: str, job_id: int) -> None:
    ui.status_code(422)
    with message_card('compare_arrows', '', message, 'compare-invalid', icon_color='grey-6', full_page=False):
        ui.button('Back to the job', on_click=lambda: ui.navigate.to(f'/jobs/{job_id}')).props('flat')
