"""The landing page: candidates enter a job code, HR signs in."""

from __future__ import annotations

from nicegui import ui

from app import links
from app.services.jobs import JOB_CODE_ALPHABET, JOB_CODE_LENGTH
from components.session import public_page, session_user
from components.theme import apply_theme, brand


@public_page('/')
async def home_page() -> None:
    apply_theme()
    ui.page_title('Panelist · AI interviews')
    user = await session_user()
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4 gap-8'):
        with ui.column().classes('items-center gap-2'):
            brand('large')
            ui.label('Voice interviews, conducted by AI, reviewed by people.').classes('text-slate-500')
        with ui.card().classes('w-full max-w-md p-8 gap-4 shadow-md'):
            ui.label('Interviewing for a job?').classes('text-xl font-semibold')
            ui.label(f'Enter the {JOB_CODE_LENGTH}-character job code you were given.') \
                .classes('text-sm text-slate-500 -mt-3')
            code = ui.input('Job code', validation={'Codes have 6 letters or digits': _looks_like_code}) \
                .props('outlined maxlength=6 input-class="uppercase tracking-widest text-lg"') \
                .classes('w-full').mark('job-code')

            def go() -> None:
                value = (code.value or '').strip().upper()
                if not _looks_like_code(value):
                    code.validate()
                    return
                ui.navigate.to(links.apply_path(value))

            code.on('keydown.enter', go)
            ui.button('Continue', on_click=go).props('unelevated').classes('w-full').mark('go')
        with ui.row().classes('items-center gap-2 text-sm'):
            if user is not None:
                ui.label(f'Signed in as {user.name}.').classes('text-slate-500')
                ui.link('Go to your jobs', '/jobs')
            else:
                ui.label('Hiring?').classes('text-slate-500')
                ui.link('Sign in', '/login')
                ui.label('or').classes('text-slate-500')
                ui.link('create an organization', '/signup')


def _looks_like_code(value: str | None) -> bool:
    text = (value or '').strip().upper()
    return len(text) == JOB_CODE_LENGTH and all(ch in JOB_CODE_ALPHABET for ch in text)
