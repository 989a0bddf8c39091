"""The job page's invitations: each invited candidate's stage, deadline and email status, with copy link,
resend, extend and revoke."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from nicegui import ui

from app.db import run_in_session, run_read
from app.db_types import utcnow
from app.errors import AppError
from app.models import Job, User
from app.services.email.wake import notify_outbox
from app.services.invitations import actions
from components.email_notice import email_notice
from components.session import request_base_url

STAGE_COLORS = {'invited': 'blue-grey', 'applied': 'indigo', 'started': 'amber-8', 'completed': 'positive',
                'expired': 'grey-6', 'revoked': 'negative', 'abandoned': 'grey-6'}
EXTEND_DAYS = 3


async def invitations_card(user: User, job: Job) -> None:
    assert job.id is not None
    job_id = job.id
    base = request_base_url()

    @ui.refreshable
    async def body() -> None:
        rows = await run_read(actions.list_invitations, user.organization_id, job_id, base)
        if not rows:
            ui.label('Nobody invited yet. Invite candidates by email, one at a time or from a CSV.') \
                .classes('text-sm text-slate-500')
            return
        table = ui.table(columns=_columns(), rows=[_row(r) for r in rows], row_key='id',
                         pagination={'rowsPerPage': 10}).props('flat bordered dense').classes('w-full') \
            .mark('invitations-table')
        table.add_slot('body-cell-stage', """
            <q-td :props="props"><q-badge :color="props.row.color" :label="props.value" /></q-td>""")
        table.add_slot('body-cell-email_status', """
            <q-td :props="props"><span :title="props.row.error">{{ props.value }}</span></q-td>""")
        table.add_slot('body-cell-actions', """
            <q-td :props="props" class="text-right">
              <q-btn flat dense round icon="content_copy" title="Copy link"
                     @click="$parent.$emit('copy', props.row)" />
              <q-btn flat dense round icon="forward_to_inbox" title="Send again" :disable="!props.row.open"
                     @click="$parent.$emit('resend', props.row)" />
              <q-btn flat dense round icon="more_time" title="Extend the deadline by 3 days"
                     :disable="!props.row.extendable" @click="$parent.$emit('extend', props.row)" />
              <q-btn flat dense round icon="block" color="negative" title="Withdraw the invitation"
                     :disable="!props.row.revocable" @click="$parent.$emit('revoke', props.row)" />
            </q-td>""")
        table.on('copy', lambda e: _copy(e.args['link']))
        table.on('resend', lambda e: act(actions.resend, e.args['id'], base, done='Invitation queued again.'))
        table.on('extend', lambda e: act(actions.extend, e.args['id'],
                                         max(utcnow(), _deadline(e.args)) + timedelta(days=EXTEND_DAYS),
                                         done=f'Deadline extended by {EXTEND_DAYS} days.'))
        table.on('revoke', lambda e: act(actions.revoke, e.args['id'], done='Invitation withdrawn.'))

    async def act(fn: Any, *args: Any, done: str) -> None:
        try:
            await run_in_session(fn, user, *args)
        except AppError as exc:
            ui.notify(exc.message, type='warning')
            return
        notify_outbox()
        ui.notify(done, type='positive')
        body.refresh()

    with ui.card().classes('w-full p-6 gap-3').mark('invitations-card'):
        with ui.row().classes('w-full items-center'):
            ui.label('Invitations').classes('text-lg font-semibold')
            ui.space()
            ui.button('Invite candidates', icon='person_add',
                      on_click=lambda: ui.navigate.to(f'/jobs/{job_id}/invite')).props('unelevated').mark('invite')
        email_notice()
        await body()


def _copy(link: str) -> None:
    ui.clipboard.write(link)
    ui.notify('Interview link copied.', type='positive')


def _deadline(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row['deadline_iso']) if row.get('deadline_iso') else utcnow()


def _columns() -> list[dict[str, Any]]:
    return [
        {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left', 'sortable': True},
        {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left'},
        {'name': 'stage', 'label': 'Stage', 'field': 'stage', 'align': 'left', 'sortable': True},
        {'name': 'deadline', 'label': 'Deadline', 'field': 'deadline', 'align': 'left', 'sortable': True},
        {'name': 'email_status', 'label': 'Email', 'field': 'email_status', 'align': 'left'},
        {'name': 'actions', 'label': '', 'field': 'id'},
    ]


def _row(r: actions.InvitationRow) -> dict[str, Any]:
    stage = r.stage.value
    status = {'pending': 'waiting in outbox', 'sending': 'sending', 'sent': 'sent', 'failed': 'failed'}
    return {
        'id': r.candidate_id, 'name': r.name, 'email': r.email, 'stage': stage, 'color': STAGE_COLORS[stage],
        'deadline': r.deadline_at.strftime('%Y-%m-%d %H:%M UTC') if r.deadline_at else '—',
        'deadline_iso': r.deadline_at.isoformat() if r.deadline_at else None,
        'email_status': status.get(r.email_status or '', 'none'), 'error': r.email_error or '', 'link': r.link,
        'open': stage in ('invited', 'applied', 'started'), 'extendable': stage in ('invited', 'applied', 'expired'),
        'revocable': stage in ('invited', 'applied', 'expired', 'started'),
    }
