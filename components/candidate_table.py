"""A job's candidates for HR: name, email, applied at, status, must-have match, flags. Click a row to open."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.services.candidates import CandidateRow

STATUS_COLORS = {'pending': 'grey-7', 'shortlisted': 'primary', 'rejected': 'negative', 'hired': 'positive'}

COLUMNS: list[dict[str, Any]] = [
    {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left', 'sortable': True},
    {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left', 'sortable': True},
    {'name': 'applied', 'label': 'Applied (UTC)', 'field': 'applied', 'align': 'left', 'sortable': True},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left', 'sortable': True},
    {'name': 'match', 'label': 'Must-have match', 'field': 'match', 'align': 'left', 'sortable': True},
    {'name': 'flags', 'label': 'Flags', 'field': 'flags', 'sortable': True},
    {'name': 'interview', 'label': 'Interview', 'field': 'interview', 'align': 'left'},
]


def candidate_rows(rows: list[CandidateRow]) -> list[dict[str, Any]]:
    return [{
        'id': row.candidate.id,
        'name': row.candidate.name,
        'email': row.candidate.email,
        'applied': row.candidate.created_at.strftime('%Y-%m-%d %H:%M'),
        'status': row.candidate.status,
        'match': row.candidate.must_have_match,
        'flags': len(row.candidate.resume_flags),
        'interview': (row.interview_status or '—').replace('_', ' '),
    } for row in rows]


def candidate_table(rows: list[CandidateRow], has_must_haves: bool) -> None:
    with ui.card().classes('w-full p-6 gap-3').mark('candidates-card'):
        with ui.row().classes('w-full items-baseline gap-2'):
            ui.label('Candidates').classes('text-lg font-semibold')
            ui.label(f'{len(rows)}').classes('text-slate-500')
        if not rows:
            ui.label('No candidates yet. Share the link above: applicants appear here as they apply.') \
                .classes('text-slate-500').mark('no-candidates')
            return
        if not has_must_haves:
            ui.label('The match needs must-have skills: add some to the job to rank candidates.') \
                .classes('text-sm text-slate-500')
        table = ui.table(columns=COLUMNS, rows=candidate_rows(rows), row_key='id',
                         pagination={'rowsPerPage': 25, 'sortBy': 'applied', 'descending': True}) \
            .classes('w-full cursor-pointer').props('flat bordered').mark('candidates-table')
        colors = ', '.join(f"'{k}': '{v}'" for k, v in STATUS_COLORS.items())
        table.add_slot('body-cell-status', f'''
            <q-td :props="props">
              <q-badge :color="({{{colors}}})[props.value] || 'grey-7'" :label="props.value" class="capitalize" />
            </q-td>''')
        table.add_slot('body-cell-match', '''
            <q-td :props="props">
              <div v-if="props.value !== null && props.value !== undefined" class="flex items-center gap-2 no-wrap">
                <q-linear-progress :value="props.value / 100" rounded size="8px" style="width: 72px"
                  :color="props.value >= 75 ? 'positive' : props.value >= 40 ? 'warning' : 'negative'" />
                <span class="tabular-nums">{{ props.value }}%</span>
              </div>
              <span v-else class="text-grey-6">—</span>
            </q-td>''')
        table.add_slot('body-cell-flags', '''
            <q-td :props="props">
              <span v-if="props.value" class="inline-flex items-center gap-1 text-amber-800 font-medium">
                <q-icon name="warning" size="18px" />{{ props.value }}
              </span>
              <span v-else class="text-grey-5">—</span>
            </q-td>''')
        table.on('rowClick', lambda e: ui.navigate.to(f'/candidates/{e.args[1]["id"]}'))
