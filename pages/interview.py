"""The candidate's interview link: /interview/{token}. No account; the unguessable token is the key.

Terminal states (invalid link, closed, finished) get a plain card; an open interview gets the room.
"""

from __future__ import annotations

from nicegui import ui

from app.db import run_read
from app.errors import NotFound
from app.models import InterviewStatus
from app.services.interview import rows
from components.message_card import message_card
from components.room.finished import finished_card
from components.theme import apply_theme
from pages.interview_room import InterviewRoom


@ui.page('/interview/{token}')
async def interview_page(token: str) -> None:
    apply_theme()
    ui.page_title('Your interview · Panelist')
    try:
        ctx = await run_read(rows.context_by_token, token)
    except NotFound as exc:
        ui.status_code(404)
        message_card('link_off', 'This link does not work', exc.message, marker='invalid-link')
        return
    if ctx.status == InterviewStatus.abandoned:
        message_card('schedule', 'This interview is closed',
                     'It was left unfinished for too long. Please contact the company that invited you '
                     'if you would like another chance.', marker='closed')
    elif ctx.status == InterviewStatus.completed or ctx.ended_at is not None:
        finished_card(ctx.candidate_name, ctx.job.title)
    else:
        InterviewRoom(token, ctx).build()

