"""The candidate's interview link: /interview/{token}. No account; the unguessable token is the key.

Terminal states (invalid link, closed, finished) get a plain card; an open interview gets the room.
"""

from __future__ import annotations

from nicegui import ui

from app.db import run_read
from app.errors import NotFound
from app.models import InterviewStatus
from app.services import feedback, self_identification
from app.services.interview import rows
from components.feedback_form import feedback_form
from components.message_card import message_card
from components.room.finished import finished_card
from components.self_id_form import self_id_form
from components.session import public_page
from components.theme import apply_theme
from pages.interview_room import InterviewRoom
from pages.invited_consent import invited_consent


@public_page('/interview/{token}')
async def interview_page(token: str) -> None:
    apply_theme()
    ui.page_title('Your interview · Panelist')
    try:
        ctx = await run_read(rows.context_by_token, token)
    except NotFound as exc:
        ui.status_code(404)
        message_card('link_off', 'This link does not work', exc.message, marker='invalid-link')
        return
    if ctx.closed_message:
        message_card('event_busy', 'This link is closed', ctx.closed_message, marker='link-closed')
    elif ctx.needs_consent and ctx.status == InterviewStatus.scheduled:
        await invited_consent(token)
    elif ctx.status == InterviewStatus.abandoned:
        message_card('schedule', 'This interview is closed',
                     'It was left unfinished for too long. Please contact the company that invited you '
                     'if you would like another chance.', marker='closed')
    elif ctx.status == InterviewStatus.completed or ctx.ended_at is not None:
        stored = await run_read(self_identification.stored_answers, token)
        given = await run_read(feedback.stored_feedback, token)
        with ui.column().classes('w-full items-center gap-6 px-4 py-10'):
            finished_card(ctx.candidate_name, ctx.job.title, full_page=False)
            feedback_form(token, given)
            self_id_form(token, stored)
    else:
        InterviewRoom(token, ctx).build()

