"""Settings: how long interview recordings are kept (admins change it, everyone sees it) and, for the
site admin (the first organization's admin), whether anyone may sign up on this server."""

from __future__ import annotations

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import Role, User
from app.permissions import Permission
from app.services import organization, site_settings
from app.services.organization import MAX_RETENTION_DAYS
from components.forms import clear_errors, error_banner, show_error
from components.session import hr_page


@hr_page('/settings', 'Settings', Permission.settings)
async def settings_page(user: User) -> None:
    org = await run_read(organization.get_organization, user.organization_id)
    ui.label('Settings').classes('text-2xl font-semibold')
    if await run_read(site_settings.is_site_admin, user):
        await _signup_card(user)
    _retention_card(user, org.recording_retention_days)


async def _signup_card(user: User) -> None:
    with ui.card().classes('w-full max-w-2xl p-6 gap-3').mark('signup-card'):
        ui.label('Open sign-up').classes('text-lg font-semibold')
        ui.label('When on, anyone who can reach this server can create an organization. Turn it off once your '
                 'team is set up and add teammates from "Add teammates" instead.').classes('text-sm text-slate-600')

        async def changed(event: ValueChangeEventArguments) -> None:
            enabled = bool(event.value)
            await run_in_session(site_settings.set_signup_allowed, user, enabled)
            ui.notify('Anyone can now sign up.' if enabled else 'Sign-up is closed.', type='positive')

        ui.switch('Allow anyone to create an organization', value=await run_read(site_settings.signup_allowed),
                  on_change=changed).mark('allow-signup')


def _retention_card(user: User, retention_days: int | None) -> None:
    with ui.card().classes('w-full max-w-2xl p-6 gap-3').mark('retention-card'):
        ui.label('Recording retention').classes('text-lg font-semibold')
        ui.label('Interview audio and video are deleted automatically this many days after the interview ended '
                 '(checked every hour). Transcripts, scores and reports stay until the candidate is deleted. '
                 'Leave it off to keep recordings until then.').classes('text-sm text-slate-600')
        admin = user.role == Role.admin
        keep = ui.switch('Delete recordings automatically', value=retention_days is not None) \
            .mark('retention-enabled')
        days = ui.number('Keep recordings for (days)', min=1, max=MAX_RETENTION_DAYS, step=1, precision=0,
                         value=retention_days or 90).props('outlined').classes('w-64') \
            .mark('retention-days')
        days.bind_visibility_from(keep, 'value')
        banner = error_banner()
        if not admin:
            keep.disable()
            days.disable()
            ui.label('Only an admin of your organization can change this.').classes('text-sm text-slate-500')
            return

        async def save() -> None:
            clear_errors(days, banner=banner)
            value = int(days.value) if keep.value and days.value is not None else None
            if keep.value and value is None:
                show_error(AppError('Enter the number of days.'), {}, banner)
                return
            try:
                await run_in_session(organization.update_settings, user, {'recording_retention_days': value})
            except AppError as exc:
                show_error(exc, {'recording_retention_days': days}, banner)
                return
            ui.notify('Retention saved.' if value else 'Recordings are kept until the candidate is deleted.',
                      type='positive')

        ui.button('Save', icon='save', on_click=save).props('unelevated').classes('self-end').mark('save-retention')
