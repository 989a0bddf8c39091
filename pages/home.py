"""The landing page: candidates enter a job code, HR signs in.

Shown in the browser's language (Accept-Language) when there is a catalog for it; ?lang= (the
picker) overrides that.
"""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from app import links
from app.i18n import Translator, from_accept_language, translated_languages
from app.languages import primary
from app.services.jobs import JOB_CODE_ALPHABET, JOB_CODE_LENGTH
from components.language_picker import language_picker, set_page_language
from components.session import public_page, session_user
from components.theme import apply_theme, brand


@public_page('/')
async def home_page(request: Request, lang: str | None = None) -> None:
    apply_theme()
    chosen = primary(lang or '')
    t = Translator(chosen) if chosen in translated_languages() \
        else Translator(from_accept_language(request.headers.get('accept-language')))
    set_page_language(t)
    ui.page_title(t('Panelist · AI interviews'))
    user = await session_user()
    with ui.row().classes('absolute top-4 right-4'):
        language_picker(t, '/')
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4 gap-8'):
        with ui.column().classes('items-center gap-2'):
            brand('large')
            ui.label(t('Voice interviews, conducted by AI, reviewed by people.')).classes('text-slate-500')
        with ui.card().classes('w-full max-w-md p-8 gap-4 shadow-md'):
            ui.label(t('Interviewing for a job?')).classes('text-xl font-semibold')
            ui.label(t('Enter the {length}-character job code you were given.', length=JOB_CODE_LENGTH)) \
                .classes('text-sm text-slate-500 -mt-3')
            code = ui.input(t('Job code'), validation={
                t('Codes have {length} letters or digits', length=JOB_CODE_LENGTH): _looks_like_code}) \
                .props('outlined maxlength=6 input-class="uppercase tracking-widest text-lg"') \
                .classes('w-full').mark('job-code')

            def go() -> None:
                value = (code.value or '').strip().upper()
                if not _looks_like_code(value):
                    code.validate()
                    return
                ui.navigate.to(links.apply_path(value))

            code.on('keydown.enter', go)
            ui.button(t('Continue'), on_click=go).props('unelevated').classes('w-full').mark('go')
        # Below: for HR, whose pages are in English.
        with ui.row().classes('items-center gap-2 text-sm'):
            if user is not None:
                ui.label(t('Signed in as {name}.', name=user.name)).classes('text-slate-500')
                ui.link(t('Go to your jobs'), '/jobs')
            else:
                ui.label(t('Hiring?')).classes('text-slate-500')
                ui.link(t('Sign in'), '/login')
                ui.label(t('or')).classes('text-slate-500')
                ui.link(t('create an organization'), '/signup')


def _looks_like_code(value: str | None) -> bool:
    text = (value or '').strip().upper()
    return len(text) == JOB_CODE_LENGTH and all(ch in JOB_CODE_ALPHABET for ch in text)
