"""A friendly 'not here' card, used wherever an id is missing or belongs to another organization."""

from __future__ import annotations

from nicegui import ui

from components.message_card import message_card


def not_found_card(message: str, back_label: str = 'Back to jobs', back_to: str = '/jobs') -> None:
    ui.status_code(404)  # unknown and foreign ids look the same, down to the status code
    with message_card('search_off', 'Not found', message, 'not-found', icon_color='grey-6', full_page=False):
        ui.button(back_label, on_click=lambda: ui.navigate.to(back_to)).props('flat')
