"""The room's top bar: the brand, the job title, the notice that someone of the hiring team is watching
live, and the question counter the room keeps up to date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.i18n import Translator
from components.theme import brand

WATCH_CHECK_SECONDS = 2.0


def room_header(job_title: str, t: Translator, watchers: Callable[[], Awaitable[list[str]]]) -> ui.label:
    """Returns the question counter label. `watchers` is polled every WATCH_CHECK_SECONDS, so it must be
    cheap (the room passes the presence lookup: a dict read, or Redis off the event loop; no database)."""
    with ui.header().classes('bg-white text-slate-800 border-b border-slate-200 px-6 py-2 items-center gap-3'):
        brand()
        ui.label('·').classes('text-slate-400')
        ui.label(job_title).classes('text-slate-600 truncate')
        ui.space()
        with ui.row().classes('items-center gap-1 text-sm text-red-700').mark('being-watched') as watched:
            ui.icon('visibility', size='18px')
            ui.label(t('A member of the hiring team is watching live'))
        watched.set_visibility(False)

        async def check() -> None:
            watched.set_visibility(bool(await watchers()))

        ui.timer(WATCH_CHECK_SECONDS, check)
        return ui.label().classes('text-sm font-medium text-slate-600').mark('question-number')
