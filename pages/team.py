"""The organization's team: members, and (for admins) adding HR teammates."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import Role, User
from app.permissions import ROLE_LABELS, Permission, can
from app.services import accounts
from components.forms import clear_errors, error_banner, show_error
from components.reviewer_assignments import reviewer_assignments_card
from components.session import hr_page
from components.team_invite_card import invite_by_email_card


@hr_page('/team', 'Team', Permission.signed_in)
async def team_page(user: User) -> None:
    ui.label('Team').classes('text-2xl font-semibold')

    @ui.refreshable
    async def members() -> None:
        team = await run_read(accounts.list_team, user.organization_id)
        rows = [{'id': m.id, 'name': m.name, 'email': m.email, 'role': ROLE_LABELS.get(m.role, m.role),
                 'joined': m.created_at.strftime('%Y-%m-%d'),
                 'last_login': m.last_login_at.strftime('%Y-%m-%d %H:%M') if m.last_login_at else '—'}
                for m in team]
        columns = [
            {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left'},
            {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left'},
            {'name': 'role', 'label': 'Role', 'field': 'role', 'align': 'left'},
            {'name': 'joined', 'label': 'Joined', 'field': 'joined', 'align': 'left'},
            {'name': 'last_login', 'label': 'Last sign-in (UTC)', 'field': 'last_login', 'align': 'left'},
        ]
        ui.table(columns=columns, rows=rows, row_key='id').props('flat bordered').classes('w-full').mark('team-table')

    await members()

    if not can(user, Permission.team):  # everyone sees the roster; only admins change it
        ui.label('Only an admin of your organization can add teammates.').classes('text-slate-500')
        return

    await invite_by_email_card(user)
    await reviewer_assignments_card(user)

    with ui.card().classes('w-full max-w-2xl p-6 gap-3'):
        ui.label('Or add a teammate with a password').classes('text-lg font-semibold')
        ui.label('Share the password with them privately; they can change it under Account.') \
            .classes('text-sm text-slate-500 -mt-2')
        banner = error_banner()
        with ui.row().classes('w-full gap-3'):
            name = ui.input('Name').props('outlined').classes('grow').mark('member-name')
            email = ui.input('Email').props('outlined type=email').classes('grow').mark('member-email')
        with ui.row().classes('w-full gap-3 items-start'):
            password = ui.input('Initial password (8–128 characters)', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=new-password').classes('grow').mark('member-password')
            role = ui.select(ROLE_LABELS, value=Role.recruiter.value, label='Role') \
                .props('outlined').classes('w-40')
        fields = {'name': name, 'email': email, 'password': password}

        async def add() -> None:
            clear_errors(*fields.values(), banner=banner)
            data = {'name': name.value or '', 'email': email.value or '', 'password': password.value or '',
                    'role': role.value}
            try:
                await run_in_session(accounts.add_teammate, user, data)
            except AppError as exc:
                show_error(exc, fields, banner)
                return
            for field in fields.values():
                field.set_value('')
            ui.notify('Teammate added.', type='positive')
            members.refresh()

        ui.button('Add teammate', icon='person_add', on_click=add).props('unelevated').mark('add-member')
