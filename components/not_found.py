"""A friendly 'not here' card, used wherever an id is missing or belongs to another organization."""

from __future__ import annotations

from nicegui import ui


def not_found_card(message: str, back_label: str = 'Back to jobs', back_to: str = '/jobs') -> None:
    ui.status_code(404)  # unknown and foreign ids look the same, down to the status code
    with ui.card().classes('w-full max-w-lg mx-auto p-8 items-center gap-3 text-center').mark('not-found'):
        ui.icon('search_off', size='48px', color='grey-6')
        ui.label('Not found').classes('text-xl font-semibold')
        ui.label(message).classes('text-slate-500')
        ui.button(back_label, on_click=lambda: ui.navigate.to(back_to)).props('flat')
