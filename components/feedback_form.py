"""The candidate's optional feedback on the thank-you screen: 1–5 and a comment (app.services.feedback)."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session
from app.services import feedback
from app.services.feedback import FeedbackIn
from components.forms import save_with_status

RATINGS = {1: '1 · Poor', 2: '2', 3: '3', 4: '4', 5: '5 · Excellent'}


def feedback_form(token: str, stored: FeedbackIn | None = None) -> ui.card:
    with ui.card().classes('w-full max-w-lg mx-auto p-6 gap-3 text-left').mark('feedback-form') as card:
        ui.label('Optional: how was this interview for you?').classes('text-lg font-semibold')
        ui.label('Your rating helps the hiring team improve the interview. It is not part of your evaluation.') \
            .classes('text-sm text-slate-600')
        rating = ui.radio(RATINGS, value=stored.rating if stored else None).props('inline dense') \
            .props('aria-label="Your rating from 1 (poor) to 5 (excellent)"').mark('feedback-rating')
        comment = ui.textarea('Comment (optional)', value=stored.comment if stored else '') \
            .props(f'outlined autogrow counter maxlength={feedback.COMMENT_MAX}').classes('w-full') \
            .mark('feedback-comment')
        with ui.row().classes('w-full items-center gap-3'):
            button = ui.button('Send feedback', on_click=lambda: save()).props('unelevated no-caps') \
                .mark('feedback-save')
            status = ui.label('Sent earlier; you can change it.' if stored else '') \
                .classes('text-sm text-slate-600').props('role=status aria-live=polite').mark('feedback-status')

    async def save() -> None:
        if rating.value is None:
            status.set_text('Choose a rating from 1 to 5 first.')
            status.classes(replace='text-sm text-red-700')
            return
        await save_with_status(button, status, lambda: run_in_session(
            feedback.save_feedback, token, {'rating': rating.value, 'comment': comment.value or ''}),
            'Thank you for your feedback.')

    return card
