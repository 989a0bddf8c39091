"""A job's candidate dashboard: score distribution, filters, and a server-side paginated table.

Sorting, filtering, search and paging all run in the database (app.services.dashboard), so the page
stays fast with 10,000 candidates: the browser only ever holds one page of rows. Cells are plain
text (Quasar interpolates, never renders HTML).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from app.db import run_read
from app.errors import AppError
from app.models import CandidateStatus, Job, Recommendation, User
from app.permissions import Permission, can
from app.services import dashboard
from app.services.compare import MAX_COMPARE, MIN_COMPARE
from app.services.dashboard import DashboardPage, DashboardQuery, Distribution
from app.services.interview.scoring import DIMENSIONS
from components.charts import distribution_chart

STATUS_LABELS = {status.value: status.value.capitalize() for status in CandidateStatus}
STATUS_COLORS = {'pending': 'grey-7', 'shortlisted': 'primary', 'rejected': 'negative', 'hired': 'positive'}
RECOMMENDATION_COLORS = {'Strong': 'positive', 'Medium': 'primary', 'Weak': 'deep-orange-10', 'Reject': 'negative'}
_NUM = {'sortable': True, 'align': 'right', 'headerClasses': 'text-right'}
COLUMNS: list[dict[str, Any]] = [
    {'name': 'name', 'label': 'Candidate', 'field': 'name', 'align': 'left', 'sortable': True},
    {'name': 'applied', 'label': 'Applied (UTC)', 'field': 'applied', 'align': 'left', 'sortable': True},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left', 'sortable': True},
    {'name': 'interview', 'label': 'Interview', 'field': 'interview', 'align': 'left', 'sortable': True},
    {'name': 'score', 'label': 'Score', 'field': 'score', **_NUM},
    {'name': 'recommendation', 'label': 'Recommendation', 'field': 'recommendation', 'align': 'left',
     'sortable': True},
    {'name': 'correctness', 'label': 'Correct.', 'field': 'correctness', **_NUM},
    {'name': 'depth', 'label': 'Depth', 'field': 'depth', **_NUM},
    {'name': 'clarity', 'label': 'Clarity', 'field': 'clarity', **_NUM},
    {'name': 'relevance', 'label': 'Relev.', 'field': 'relevance', **_NUM},
    {'name': 'match', 'label': 'Must-have', 'field': 'match', **_NUM},
]


def table_rows(page: DashboardPage) -> list[dict[str, Any]]:
    return [{
        'id': row.candidate_id, 'name': row.name, 'email': row.email,
        'applied': row.applied_at.strftime('%Y-%m-%d %H:%M'), 'status': row.status,
        'interview': row.interview_label, 'score': row.score,
        'recommendation': row.recommendation, 'correctness': row.correctness, 'depth': row.depth,
        'clarity': row.clarity, 'relevance': row.relevance, 'match': row.must_have_match, 'flags': row.flag_count,
        'overridden': row.override_count > 0, 'needs_review': row.needs_review,
    } for row in page.rows]


async def job_dashboard(user: User, job: Job) -> None:
    assert job.id is not None
    job_id = job.id
    distribution = await run_read(dashboard.score_distribution, user.organization_id, job_id)
    if distribution.candidates == 0:
        with ui.card().classes('w-full p-6 gap-2').mark('candidates-card'):
            ui.label('Candidates').classes('text-lg font-semibold')
            ui.label('No candidates yet. Share the link above: applicants appear here as they apply.') \
                .classes('text-slate-500').mark('no-candidates')
        return
    _summary(distribution, bool(job.must_have_skills))
    state: dict[str, Any] = {'sort': 'applied', 'descending': True, 'page': 1, 'page_size': 25, 'status': [],
                             'recommendation': [], 'search': ''}

    with ui.card().classes('w-full p-4 gap-3').mark('candidates-card'):
        with ui.row().classes('w-full items-center gap-3'):
            search = ui.input(placeholder='Search name or email').props('outlined dense clearable debounce=300') \
                .classes('w-64').mark('candidate-search')
            with search.add_slot('prepend'):
                ui.icon('search')
            status = ui.select(STATUS_LABELS, multiple=True, label='Status') \
                .props('outlined dense use-chips clearable').classes('w-56').mark('status-filter')
            recommendation = ui.select({**{r.value: r.value for r in Recommendation}, 'none': 'No score yet'},
                                       multiple=True, label='Recommendation') \
                .props('outlined dense use-chips clearable').classes('w-64').mark('recommendation-filter')
            ui.space()
            compare = ui.button('Compare', icon='compare_arrows').props('flat no-caps').mark('compare-button')
            if can(user, Permission.export):
                ui.button('Export CSV', icon='download',
                          on_click=lambda: ui.download.from_url(_csv_url(job_id, state))) \
                    .props('flat no-caps').mark('export-csv')
        table = ui.table(columns=COLUMNS, rows=[], row_key='id', selection='multiple', pagination={
            'page': 1, 'rowsPerPage': 25, 'sortBy': 'applied', 'descending': True, 'rowsNumber': 0}) \
            .classes('w-full').props('flat dense bordered binary-state-sort :rows-per-page-options="[10,25,50,100]"') \
            .mark('candidates-table')
        _slots(table)
        hint = ui.label().classes('text-xs text-slate-500')

    def selection_changed() -> None:
        count = len(table.selected)
        compare.set_enabled(MIN_COMPARE <= count <= MAX_COMPARE)
        hint.set_text(f'{count} selected for comparison (pick {MIN_COMPARE}–{MAX_COMPARE}).' if count else
                      f'Tick {MIN_COMPARE}–{MAX_COMPARE} candidates to compare them side by side.')

    async def load() -> None:
        try:
            query = DashboardQuery.model_validate(state)
            page = await run_read(dashboard.job_dashboard, user.organization_id, job_id, query)
        except AppError as exc:
            ui.notify(exc.message, type='negative')
            return
        table.rows = table_rows(page)
        table.pagination = {'page': page.page, 'rowsPerPage': page.page_size, 'sortBy': state['sort'],
                            'descending': state['descending'], 'rowsNumber': page.total}
        table.update()

    async def on_request(e: Any) -> None:
        pagination = e.args.get('pagination', {}) if isinstance(e.args, dict) else {}
        state['sort'] = pagination.get('sortBy') or 'applied'
        state['descending'] = bool(pagination.get('descending')) if pagination.get('sortBy') else True
        state['page'] = max(1, int(pagination.get('page') or 1))
        state['page_size'] = int(pagination.get('rowsPerPage') or 25)
        await load()

    async def on_filter() -> None:
        state.update(search=(search.value or '').strip(), status=list(status.value or []),
                     recommendation=list(recommendation.value or []), page=1)
        await load()

    table.on('request', on_request)
    table.on('rowClick', lambda e: ui.navigate.to(f'/candidates/{e.args[1]["id"]}'))
    table.on_select(selection_changed)
    compare.on_click(lambda: ui.navigate.to(
        f'/jobs/{job_id}/compare?ids={",".join(str(r["id"]) for r in table.selected)}'))
    for control in (search, status, recommendation):
        control.on_value_change(on_filter)
    selection_changed()
    await load()


def _summary(distribution: Distribution, has_must_haves: bool) -> None:
    with ui.card().classes('w-full p-4').mark('score-summary'), \
            ui.row().classes('w-full items-stretch gap-6 no-wrap'):
        with ui.column().classes('gap-2 w-60 shrink-0'):
            ui.label('Candidates').classes('text-lg font-semibold')
            average = f'{distribution.average:g}' if distribution.average is not None else '—'
            for label, value in (('Applied', distribution.candidates), ('Scored', distribution.scored),
                                 ('Average score', average)):
                with ui.row().classes('w-full justify-between text-sm'):
                    ui.label(label).classes('text-slate-500')
                    ui.label(str(value)).classes('font-semibold tabular-nums')
            with ui.row().classes('gap-1 mt-1'):
                for name, color in RECOMMENDATION_COLORS.items():
                    ui.badge(f'{name} {distribution.by_recommendation.get(name, 0)}', color=color) \
                        .props('outline').classes('text-xs')
            if not has_must_haves:
                ui.label('Add must-have skills to the job to rank resumes by match.') \
                    .classes('text-xs text-slate-500')
        with ui.column().classes('grow gap-0 min-w-0'):
            ui.label('Score distribution (with HR overrides)').classes('text-xs uppercase tracking-wide text-slate-500')
            distribution_chart(distribution.buckets).classes('w-full h-44').mark('score-chart')


def _csv_url(job_id: int, state: dict[str, Any]) -> str:
    params: list[tuple[str, str]] = [('sort', state['sort']), ('descending', str(state['descending']).lower())]
    if state['search']:
        params.append(('search', state['search']))
    params += [('status', s) for s in state['status']] + [('recommendation', r) for r in state['recommendation']]
    return f'/jobs/{job_id}/export.csv?{urlencode(params)}'


def _slots(table: ui.table) -> None:
    statuses = ', '.join(f"'{k}': '{v}'" for k, v in STATUS_COLORS.items())
    recommendations = ', '.join(f"'{k}': '{v}'" for k, v in RECOMMENDATION_COLORS.items())
    table.add_slot('body-cell-name', """
        <q-td :props="props">
          <div class="flex items-center gap-1 no-wrap">
            <span class="font-medium">{{ props.value }}</span>
            <q-icon v-if="props.row.flags" name="warning" color="amber-8" size="16px">
              <q-tooltip>{{ props.row.flags }} resume flag(s): look twice</q-tooltip></q-icon>
          </div>
          <div class="text-xs text-grey-7">{{ props.row.email }}</div>
        </q-td>""")
    table.add_slot('body-cell-status', f"""
        <q-td :props="props">
          <q-badge :color="({{{statuses}}})[props.value] || 'grey-7'" :label="props.value" class="capitalize" />
        </q-td>""")
    table.add_slot('body-cell-recommendation', f"""
        <q-td :props="props">
          <q-badge v-if="props.value" :color="({{{recommendations}}})[props.value] || 'grey-7'"
                   :label="props.value" />
          <q-icon v-if="props.row.overridden" name="edit_note" color="indigo-6" size="18px" class="q-ml-xs">
            <q-tooltip>HR override applied</q-tooltip></q-icon>
          <q-icon v-if="props.row.needs_review" name="error_outline" color="negative" size="18px" class="q-ml-xs">
            <q-tooltip>An answer failed processing or its transcript needs review</q-tooltip></q-icon>
          <span v-if="!props.value && !props.row.needs_review" class="text-grey-5">—</span>
        </q-td>""")
    table.add_slot('body-cell-score', """
        <q-td :props="props">
          <span v-if="props.value !== null && props.value !== undefined" class="font-semibold tabular-nums">
            {{ props.value.toFixed(1) }}</span>
          <span v-else class="text-grey-5">—</span>
        </q-td>""")
    for name in DIMENSIONS:
        table.add_slot(f'body-cell-{name}', """
            <q-td :props="props" class="tabular-nums">
              <span v-if="props.value !== null && props.value !== undefined">{{ props.value.toFixed(1) }}</span>
              <span v-else class="text-grey-5">—</span>
            </q-td>""")
    table.add_slot('body-cell-match', """
        <q-td :props="props" class="tabular-nums">
          <span v-if="props.value !== null && props.value !== undefined">{{ props.value }}%</span>
          <span v-else class="text-grey-5">—</span>
        </q-td>""")
