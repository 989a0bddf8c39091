"""A centred card with an icon, a title and a line of text, for a page with nothing else to show: an
invalid or closed link, a finished interview, a missing record."""

from __future__ import annotations

from contextlib import nullcontext

from nicegui import ui


def message_card(icon: str, title: str, text: str, marker: str, *, icon_color: str = 'primary',
                 full_page: bool = True) -> ui.card:
    """Alone in the middle of the screen (the public pages), or with full_page=False at the top of an
    HR page's frame. An empty title is left out. Returns the card, to add a button below the text."""
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4') if full_page else nullcontext(), \
            ui.card().classes('w-full max-w-lg mx-auto p-8 items-center text-center gap-3').mark(marker) as card:
        ui.icon(icon, size='48px', color=icon_color)
        if title:  # alone on the page it is the page's heading
            ui.label(title).classes('text-2xl font-semibold' if full_page else 'text-xl font-semibold')
        ui.label(text).classes('text-slate-600')
    return card
