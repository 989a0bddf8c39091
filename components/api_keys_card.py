"""The Integrations page's API keys: make one (name, scope; the key is shown once), list with last use, revoke."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import User
from app.services import api_keys
from components.forms import clear_errors, error_banner, show_error


async def api_keys_card(user: User) -> None:
    @ui.refreshable
    async def key_list() -> None:
        keys = await run_read(api_keys.list_keys, user.organization_id)
        if not keys:
            ui.label('No API keys yet.').classes('text-sm text-slate-500')
        for key in keys:
            with ui.row().classes('w-full items-center gap-3 border-b border-slate-100 py-2').mark('api-key'):
                ui.label(key.name).classes('font-medium w-48')
                ui.label(f'{key.prefix}…').classes('font-mono text-sm text-slate-600 w-36')
                ui.badge('read & write' if key.scope == 'write' else 'read only',
                         color='indigo' if key.scope == 'write' else 'blue-grey')
                ui.label('Last used ' + (key.last_used_at.strftime('%Y-%m-%d %H:%M UTC') if key.last_used_at
                                         else 'never')).classes('text-sm text-slate-500 grow')
                ui.button('Revoke', icon='block', on_click=lambda k=key.id: revoke(k)) \
                    .props('flat dense no-caps color=negative').mark('revoke-key')

    async def revoke(key_id: int | None) -> None:
        try:
            await run_in_session(api_keys.revoke, user, key_id or 0)
        except AppError as exc:
            ui.notify(exc.message, type='warning')
            return
        ui.notify('API key revoked: it stops working now.', type='positive')
        key_list.refresh()

    with ui.card().classes('w-full p-6 gap-3'):
        ui.label('API keys').classes('text-lg font-semibold')
        ui.label('For server-to-server use of the JSON API (/docs): send "Authorization: Bearer <key>". '
                 'Every use is recorded in the audit trail.').classes('text-sm text-slate-600 -mt-2')
        await key_list()
        banner = error_banner()
        shown = ui.row().classes('w-full items-center gap-2 bg-emerald-50 border border-emerald-200 rounded '
                                 'px-3 py-2').mark('new-key')
        shown.set_visibility(False)
        with ui.row().classes('w-full items-start gap-3'):
            name = ui.input('Key name', placeholder='e.g. Greenhouse').props('outlined dense').classes('w-64') \
                .mark('key-name')
            scope = ui.select({'read': 'Read only', 'write': 'Read & write'}, value='read', label='Scope') \
                .props('outlined dense').classes('w-40').mark('key-scope')

            async def make() -> None:
                clear_errors(name, banner=banner)
                try:
                    made = await run_in_session(api_keys.create, user, {'name': name.value or '',
                                                                        'scope': scope.value})
                except AppError as exc:
                    show_error(exc, {'name': name, 'scope': scope}, banner)
                    return
                name.set_value('')
                shown.clear()
                with shown:
                    ui.icon('key', color='positive')
                    ui.label('Copy this key now: it is not shown again.').classes('text-sm text-emerald-900')
                    ui.input(value=made.secret).props('outlined dense readonly').classes('grow font-mono') \
                        .mark('new-key-value')
                    ui.button(icon='content_copy', on_click=lambda: ui.clipboard.write(made.secret)) \
                        .props('flat round dense')
                shown.set_visibility(True)
                key_list.refresh()

            ui.button('Create key', icon='add', on_click=make).props('unelevated').mark('create-key')
