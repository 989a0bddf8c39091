"""The line HR sees wherever email would be sent, saying whether it actually is."""

from __future__ import annotations

from nicegui import ui

from app.config import get_settings


def email_notice() -> None:
    if get_settings().smtp_configured:
        return
    with ui.row().classes('w-full items-start gap-2 no-wrap bg-amber-50 border border-amber-200 rounded px-3 py-2') \
            .mark('email-off'):
        ui.icon('mail_lock', color='amber-9').classes('mt-0.5')
        ui.label('Email is not configured on this server (SMTP_HOST is empty), so nothing is sent: messages wait '
                 'in the Outbox. Copy each candidate’s link and send it yourself.').classes('text-sm text-amber-900')
