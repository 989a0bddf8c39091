"""/integrations: webhook endpoints (URL, events, signing secret), their delivery log with redeliver, and
API keys."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import User
from app.permissions import Permission
from app.services.email.wake import notify_outbox
from app.services.webhooks import deliveries, endpoints
from components.api_keys_card import api_keys_card
from components.forms import clear_errors, error_banner, show_error
from components.session import hr_page

STATUS_COLORS = {'pending': 'amber-8', 'sending': 'blue', 'delivered': 'positive', 'failed': 'negative'}


@hr_page('/integrations', 'Integrations', Permission.integrations)
async def integrations_page(user: User) -> None:
    ui.label('Integrations').classes('text-2xl font-semibold')
    ui.label('Webhooks tell your ATS when candidates apply, start and finish interviews, are decided on or '
             'deleted. Each request is signed per Standard Webhooks (webhook-id, webhook-timestamp, '
             'webhook-signature): verify it with the endpoint’s secret.').classes('text-sm text-slate-600 -mt-2')

    @ui.refreshable
    async def endpoint_list() -> None:
        items = await run_read(endpoints.list_endpoints, user.organization_id)
        if not items:
            ui.label('No webhook endpoints yet.').classes('text-sm text-slate-500')
        for endpoint in items:
            with ui.row().classes('w-full items-center gap-3 border-b border-slate-100 py-2').mark('endpoint'):
                with ui.column().classes('gap-0 grow'):
                    ui.label(endpoint.url).classes('font-mono text-sm')
                    ui.label(', '.join(endpoint.events)).classes('text-xs text-slate-500')
                secret = endpoint.secret
                ui.button('Copy secret', icon='key', on_click=lambda s=secret: _copy(s, 'Signing secret copied.')) \
                    .props('flat dense no-caps')
                ui.button(icon='delete', on_click=lambda e=endpoint.id: remove(e)) \
                    .props('flat dense round color=negative').tooltip('Remove this endpoint and its log')

    async def remove(endpoint_id: int | None) -> None:
        try:
            await run_in_session(endpoints.remove, user, endpoint_id or 0)
        except AppError as exc:
            ui.notify(exc.message, type='warning')
            return
        endpoint_list.refresh()
        log_table.refresh()

    with ui.card().classes('w-full p-6 gap-3'):
        ui.label('Webhook endpoints').classes('text-lg font-semibold')
        await endpoint_list()
        banner = error_banner()
        with ui.row().classes('w-full items-start gap-3'):
            url = ui.input('Endpoint URL', placeholder='https://ats.example.com/hooks/panelist') \
                .props('outlined dense').classes('grow').mark('webhook-url')
            chosen = ui.select(list(endpoints.EVENTS), value=list(endpoints.EVENTS), multiple=True, label='Events') \
                .props('outlined dense use-chips').classes('w-96').mark('webhook-events')

            async def add() -> None:
                clear_errors(url, banner=banner)
                try:
                    await run_in_session(endpoints.create, user, {'url': url.value or '', 'events': chosen.value})
                except AppError as exc:
                    show_error(exc, {'url': url, 'events': chosen}, banner)
                    return
                url.set_value('')
                ui.notify('Endpoint added. Copy its secret into your receiver.', type='positive')
                endpoint_list.refresh()

            ui.button('Add endpoint', icon='add', on_click=add).props('unelevated').mark('add-webhook')

    @ui.refreshable
    async def log_table() -> None:
        rows = [_row(d) for d in await run_read(deliveries.log, user.organization_id)]
        if not rows:
            ui.label('No deliveries yet.').classes('text-sm text-slate-500')
            return
        columns: list[dict[str, Any]] = [
            {'name': 'created', 'label': 'Event time', 'field': 'created', 'align': 'left'},
            {'name': 'event', 'label': 'Event', 'field': 'event', 'align': 'left'},
            {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left'},
            {'name': 'code', 'label': 'HTTP', 'field': 'code'},
            {'name': 'attempts', 'label': 'Attempts', 'field': 'attempts'},
            {'name': 'error', 'label': 'Last error', 'field': 'error', 'align': 'left'},
            {'name': 'actions', 'label': '', 'field': 'id'},
        ]
        table = ui.table(columns=columns, rows=rows, row_key='id', pagination={'rowsPerPage': 20}) \
            .props('flat bordered dense wrap-cells').classes('w-full').mark('deliveries-table')
        table.add_slot('body-cell-status', """
            <q-td :props="props"><q-badge :color="props.row.color" :label="props.value" /></q-td>""")
        table.add_slot('body-cell-actions', """
            <q-td :props="props" class="text-right">
              <q-btn flat dense no-caps icon="replay" label="Redeliver" :disable="props.row.status === 'sending'"
                     @click="$parent.$emit('redeliver', props.row)" />
            </q-td>""")
        table.on('redeliver', lambda e: redeliver(e.args['id']))

    async def redeliver(delivery_id: int) -> None:
        try:
            await run_in_session(deliveries.redeliver, user, delivery_id)
        except AppError as exc:
            ui.notify(exc.message, type='warning')
            return
        notify_outbox()
        ui.notify('Queued for delivery.', type='positive')
        log_table.refresh()

    with ui.card().classes('w-full p-6 gap-3'):
        with ui.row().classes('w-full items-center'):
            ui.label('Webhook delivery log').classes('text-lg font-semibold')
            ui.space()
            ui.button(icon='refresh', on_click=log_table.refresh).props('flat round dense').tooltip('Refresh')
        await log_table()
    await api_keys_card(user)


def _copy(text: str, message: str) -> None:
    ui.clipboard.write(text)
    ui.notify(message, type='positive')


def _row(delivery: Any) -> dict[str, Any]:
    return {'id': delivery.id, 'created': delivery.created_at.strftime('%Y-%m-%d %H:%M:%S'), 'event': delivery.event,
            'status': delivery.status, 'color': STATUS_COLORS.get(delivery.status, 'grey'),
            'code': delivery.last_status_code or '', 'attempts': delivery.attempts, 'error': delivery.last_error or ''}
