"""The candidate's interview link: /interview/{token}. No account; the unguessable token is the key.

Terminal states (invalid link, closed, finished) get a plain card; an open interview gets the room.
"""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from app.db import run_read
from app.errors import NotFound
from app.i18n import Translator, for_language, from_accept_language
from app.models import InterviewStatus
from app.runtime import get_runtime
from app.services import feedback, self_identification
from app.services.interview import rows
from components.feedback_form import feedback_form
from components.language_picker import set_page_language
from components.message_card import message_card
from components.room.finished import finished_card
from components.self_id_form import self_id_form
from components.session import public_page
from components.theme import apply_theme
from pages.interview_room import InterviewRoom
from pages.invited_consent import invited_consent


@public_page('/interview/{token}')
async def interview_page(token: str, request: Request) -> None:
    apply_theme()
    try:
        ctx = await run_read(rows.context_by_token, token)
    except NotFound as exc:  # no interview, so no job language: the browser's
        t = Translator(from_accept_language(request.headers.get('accept-language')))
        set_page_language(t)
        ui.page_title(t('Your interview · Panelist'))
        ui.status_code(404)
        message_card('link_off', t('This link does not work'), t(exc.message), marker='invalid-link')
        return
    t = for_language(ctx.job.language)
    set_page_language(t)
    ui.page_title(t('Your interview · Panelist'))
    if ctx.closed_message:
        message_card('event_busy', t('This link is closed'), t(ctx.closed_message), marker='link-closed')
    elif ctx.needs_consent and ctx.status == InterviewStatus.scheduled:
        await invited_consent(token)
    elif ctx.status == InterviewStatus.abandoned:
        message_card('schedule', t('This interview is closed'),
                     t('It was left unfinished for too long. Please contact the company that invited you '
                       'if you would like another chance.'), marker='closed')
    elif ctx.status == InterviewStatus.completed or ctx.ended_at is not None:
        stored = await run_read(self_identification.stored_answers, token)
        given = await run_read(feedback.stored_feedback, token)
        with ui.column().classes('w-full items-center gap-6 px-4 py-10'):
            finished_card(ctx.candidate_name, ctx.job.title, t, full_page=False)
            feedback_form(token, t, given)
            self_id_form(token, t, stored)
    else:
        get_runtime().engine.opened(ctx)  # plan and question 1 get made during the device check
        InterviewRoom(token, ctx, t).build()

