"""/outbox: every email the organization queued — invitations, reminders, links sent again — with its
status, attempts and last error, the link to copy by hand, and "Send again" for a failed one."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import User
from app.permissions import Permission
from app.services.email import outbox
from app.services.email.wake import notify_outbox
from components.email_notice import email_notice
from components.session import hr_page

STATUS_COLORS = {'pending': 'amber-8', 'sending': 'blue', 'sent': 'positive', 'failed': 'negative'}
KIND_LABELS = {'invitation': 'Invitation', 'resend': 'Invitation (again)', 'reminder': 'Reminder',
               'link_again': 'Link sent again', 'application_link': 'Link after applying'}


@hr_page('/outbox', 'Outbox', Permission.invitations)
async def outbox_page(user: User) -> None:
    with ui.row().classes('w-full items-center gap-4'):
        ui.label('Outbox').classes('text-2xl font-semibold')
        ui.space()
        status = ui.select({'': 'All', 'pending': 'Waiting', 'sent': 'Sent', 'failed': 'Failed'}, value='',
                           label='Status').props('outlined dense').classes('w-40').mark('outbox-status')
    email_notice()

    @ui.refreshable
    async def table() -> None:
        messages = await run_read(outbox.list_messages, user.organization_id, status=status.value or None)
        if not messages:
            with ui.card().classes('w-full p-10 items-center text-center'):
                ui.icon('outgoing_mail', size='40px', color='grey-5')
                ui.label('No emails yet. Invitations you send appear here.').classes('text-slate-500')
            return
        rows = [_row(m) for m in messages]
        columns: list[dict[str, Any]] = [
            {'name': 'created', 'label': 'Queued', 'field': 'created', 'align': 'left', 'sortable': True},
            {'name': 'kind', 'label': 'Kind', 'field': 'kind', 'align': 'left'},
            {'name': 'to', 'label': 'To', 'field': 'to', 'align': 'left'},
            {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left'},
            {'name': 'attempts', 'label': 'Attempts', 'field': 'attempts'},
            {'name': 'error', 'label': 'Last error', 'field': 'error', 'align': 'left'},
            {'name': 'actions', 'label': '', 'field': 'id'},
        ]
        grid = ui.table(columns=columns, rows=rows, row_key='id', pagination={'rowsPerPage': 25}) \
            .props('flat bordered dense wrap-cells').classes('w-full').mark('outbox-table')
        grid.add_slot('body-cell-status', """
            <q-td :props="props"><q-badge :color="props.row.color" :label="props.value" /></q-td>""")
        grid.add_slot('body-cell-error', """
            <q-td :props="props"><span class="text-xs text-red-800">{{ props.value }}</span></q-td>""")
        grid.add_slot('body-cell-actions', """
            <q-td :props="props" class="text-right">
              <q-btn v-if="props.row.link" flat dense no-caps icon="content_copy" label="Copy link"
                     @click="$parent.$emit('copy', props.row)" />
              <q-btn v-if="props.row.status === 'failed'" flat dense no-caps icon="replay" label="Send again"
                     @click="$parent.$emit('again', props.row)" />
            </q-td>""")
        grid.on('copy', lambda e: _copy(e.args['link']))
        grid.on('again', lambda e: send_again(e.args['id']))

    async def send_again(message_id: int) -> None:
        try:
            await run_in_session(outbox.send_again, user, message_id)
        except AppError as exc:
            ui.notify(exc.message, type='warning')
            return
        notify_outbox()
        ui.notify('Queued again.', type='positive')
        table.refresh()

    status.on_value_change(table.refresh)
    await table()


def _copy(link: str) -> None:
    ui.clipboard.write(link)
    ui.notify('Link copied. Paste it into your own email to the candidate.', type='positive')


def _row(message: Any) -> dict[str, Any]:
    return {'id': message.id, 'created': message.created_at.strftime('%Y-%m-%d %H:%M'),
            'kind': KIND_LABELS.get(message.kind, message.kind), 'to': f'{message.to_name} <{message.to_email}>',
            'status': message.status, 'color': STATUS_COLORS.get(message.status, 'grey'),
            'attempts': message.attempts, 'error': message.last_error or '', 'link': message.link}
