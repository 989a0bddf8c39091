"""The consent step for a candidate HR invited (they never saw the apply page): the same notice, then the room."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.i18n import for_language
from app.services.invitations import accept
from components.apply_parts import consent_step
from components.language_picker import set_page_language


async def invited_consent(token: str) -> None:
    notice, organization, language = await run_read(accept.notice_for, token)
    t = for_language(language)
    set_page_language(t)

    async def agree() -> None:
        try:
            await run_in_session(accept.accept, token, notice.version)
        except AppError as exc:
            ui.notify(t(exc.message), type='warning')
            return
        ui.navigate.reload()  # now the room

    with ui.column().classes('w-full max-w-3xl mx-auto px-4 py-8 gap-6'):
        ui.label(t('Your interview with {organization}', organization=organization)).classes('text-2xl font-semibold')
        ui.label(t('Before you start, please read how your interview is recorded and evaluated.')) \
            .classes('text-slate-600')
        consent_step(notice, organization, t, on_back=None, on_agree=agree)
