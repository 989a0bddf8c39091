"""The Team page's "Invite by email": name, email and role; the teammate gets a join link that works once."""

from __future__ import annotations

from nicegui import ui

from app.config import get_settings
from app.db import run_in_session
from app.errors import AppError
from app.models import Role, User
from app.permissions import ROLE_LABELS
from app.services import team_invites
from app.services.email.wake import notify_outbox
from components.email_notice import email_notice
from components.forms import clear_errors, error_banner, show_error
from components.session import request_base_url


async def invite_by_email_card(admin: User) -> None:
    with ui.card().classes('w-full max-w-2xl p-6 gap-3').mark('team-invite-card'):
        ui.label('Invite a teammate by email').classes('text-lg font-semibold')
        ui.label(f'They choose their own password from the link, which works once, for '
                 f'{get_settings().team_invite_hours} hours.').classes('text-sm text-slate-500 -mt-2')
        email_notice()
        banner = error_banner()
        with ui.row().classes('w-full gap-3 items-start'):
            name = ui.input('Name').props('outlined').classes('grow').mark('invite-member-name')
            email = ui.input('Email').props('outlined type=email').classes('grow').mark('invite-member-email')
            role = ui.select(ROLE_LABELS, value=Role.recruiter.value,
                             label='Role').props('outlined').classes('w-40').mark('invite-member-role')
        sent = ui.label().classes('text-sm text-slate-700 break-all').mark('team-invite-sent')

        async def send() -> None:
            clear_errors(name, email, banner=banner)
            try:
                message = await run_in_session(team_invites.invite, admin,
                                               {'name': name.value or '', 'email': email.value or '',
                                                'role': role.value}, request_base_url())
            except AppError as exc:
                show_error(exc, {'name': name, 'email': email}, banner)
                return
            notify_outbox()
            sent.set_text(f'Invitation queued for {message.to_email}. Link (if you send it yourself): '
                          f'{message.link}')
            name.set_value('')
            email.set_value('')

        ui.button('Send invitation', icon='send', on_click=send).props('unelevated').mark('send-team-invite')
