"""The organization's audit trail: every HR action (and scheduled deletions), newest first,
filterable by action, paged on the server. Read-only: nothing edits or deletes audit rows."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.db import run_read
from app.models import AuditEvent, User
from app.permissions import Permission
from app.services import audit
from components.audit_labels import action_label, summary
from components.session import hr_page

PAGE_SIZE = 50
COLUMNS: list[dict[str, Any]] = [
    {'name': 'at', 'label': 'When (UTC)', 'field': 'at', 'align': 'left'},
    {'name': 'actor', 'label': 'Who', 'field': 'actor', 'align': 'left'},
    {'name': 'action', 'label': 'What', 'field': 'action', 'align': 'left'},
    {'name': 'subject', 'label': 'Subject', 'field': 'subject', 'align': 'left'},
    {'name': 'detail', 'label': 'Detail', 'field': 'detail', 'align': 'left', 'classes': 'whitespace-normal',
     'style': 'max-width: 28rem'},
    {'name': 'ip', 'label': 'IP', 'field': 'ip', 'align': 'left'},
]


def audit_rows(events: list[AuditEvent], names: dict[tuple[str, int], str] | None = None) -> list[dict[str, Any]]:
    names = names or {}
    rows = []
    for e in events:
        subject = names.get((e.subject_type, e.subject_id), e.subject_label or f'{e.subject_type} #{e.subject_id}') \
            if e.subject_type and e.subject_id is not None else ''
        rows.append({
            'id': e.id, 'at': e.created_at.strftime('%Y-%m-%d %H:%M:%S'), 'actor': e.actor_label,
            'action': action_label(e.action), 'code': e.action, 'detail': summary(e), 'ip': e.ip or '',
            'subject': subject, 'link': None if subject.endswith(audit.DELETED) else _link(e),  # no link to a 404
        })
    return rows


@hr_page('/audit', 'Audit trail', Permission.audit)
async def audit_page(user: User) -> None:
    actions = await run_read(audit.actions, user.organization_id)
    state: dict[str, Any] = {'action': None, 'page': 1}
    with ui.row().classes('w-full items-center gap-4'):
        ui.label('Audit trail').classes('text-2xl font-semibold')
        ui.space()
        action = ui.select({a: action_label(a) for a in actions}, label='Action', clearable=True) \
            .props('outlined dense').classes('w-72').mark('audit-action')
    ui.label('Every HR action and every scheduled deletion is appended here with who, when and what. '
             'Entries cannot be edited or deleted.').classes('text-sm text-slate-500 -mt-4')
    table = ui.table(columns=COLUMNS, rows=[], row_key='id', pagination={
        'page': 1, 'rowsPerPage': PAGE_SIZE, 'rowsNumber': 0}).classes('w-full').props('flat bordered dense') \
        .mark('audit-table')
    table.add_slot('body-cell-action', """
        <q-td :props="props"><span class="font-medium">{{ props.value }}</span>
          <div class="text-xs text-grey-6">{{ props.row.code }}</div></q-td>""")
    table.add_slot('body-cell-subject', """
        <q-td :props="props">
          <a v-if="props.row.link" :href="props.row.link" class="text-primary">{{ props.value }}</a>
          <span v-else>{{ props.value }}</span></q-td>""")

    async def load() -> None:
        events, total, names = await run_read(audit.page_with_names, user.organization_id, limit=PAGE_SIZE,
                                              offset=(state['page'] - 1) * PAGE_SIZE, action=state['action'])
        table.rows = audit_rows(list(events), names)
        table.pagination = {'page': state['page'], 'rowsPerPage': PAGE_SIZE, 'rowsNumber': total}
        table.update()

    async def on_request(e: Any) -> None:
        pagination = e.args.get('pagination', {}) if isinstance(e.args, dict) else {}
        state['page'] = max(1, int(pagination.get('page') or 1))
        await load()

    async def on_action() -> None:
        state.update(action=action.value or None, page=1)
        await load()

    table.on('request', on_request)
    action.on_value_change(on_action)
    await load()


def _link(event: AuditEvent) -> str | None:
    if event.subject_id is None:
        return None
    if event.subject_type == 'candidate' and event.action != 'candidate.delete':
        return f'/candidates/{event.subject_id}'
    if event.subject_type == 'job' and event.action != 'job.delete':
        return f'/jobs/{event.subject_id}'
    return None
