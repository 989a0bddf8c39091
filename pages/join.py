"""/join/{token}: a teammate invited by email chooses a password and lands in the workspace."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.services import team_invites
from components.forms import clear_errors, error_banner, show_error
from components.message_card import message_card
from components.session import public_page, sign_in
from components.theme import apply_theme


@public_page('/join/{token}')
async def join_page(token: str) -> None:
    apply_theme()
    ui.page_title('Join your team · Panelist')
    try:
        invite = await run_read(team_invites.view, token)
    except AppError as exc:
        message_card('link_off', 'This link does not work', exc.message, marker='join-invalid')
        return
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4'), \
            ui.card().classes('w-full max-w-md p-8 gap-4').mark('join-card'):
        ui.label(f'Join {invite.organization}').classes('text-2xl font-semibold')
        ui.label(f'You were invited as {invite.role} with {invite.email}.').classes('text-slate-600 -mt-2')
        banner = error_banner()
        name = ui.input('Your name', value=invite.name).props('outlined').classes('w-full').mark('join-name')
        password = ui.input('Choose a password (8–128 characters)', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=new-password').classes('w-full').mark('join-password')

        async def submit() -> None:
            clear_errors(name, password, banner=banner)
            try:
                user = await run_in_session(team_invites.join, token,
                                            {'name': name.value or '', 'password': password.value or ''})
            except AppError as exc:
                show_error(exc, {'name': name, 'password': password}, banner)
                return
            sign_in(user)
            ui.navigate.to('/jobs')

        password.on('keydown.enter', submit)
        ui.button('Join', on_click=submit).props('unelevated').classes('w-full').mark('join')
