"""The candidate's optional feedback on the thank-you screen: 1–5 and a comment (app.services.feedback)."""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session
from app.i18n import Translator
from app.services import feedback
from app.services.feedback import FeedbackIn
from components.forms import save_with_status


def feedback_form(token: str, t: Translator, stored: FeedbackIn | None = None) -> ui.card:
    ratings = {1: t('1 · Poor'), 2: '2', 3: '3', 4: '4', 5: t('5 · Excellent')}
    aria = t('Your rating from 1 (poor) to 5 (excellent)')
    with ui.card().classes('w-full max-w-lg mx-auto p-6 gap-3 text-left').mark('feedback-form') as card:
        ui.label(t('Optional: how was this interview for you?')).classes('text-lg font-semibold')
        ui.label(t('Your rating helps the hiring team improve the interview. It is not part of your evaluation.')) \
            .classes('text-sm text-slate-600')
        rating = ui.radio(ratings, value=stored.rating if stored else None).props('inline dense') \
            .props(f'aria-label="{aria}"').mark('feedback-rating')
        comment = ui.textarea(t('Comment (optional)'), value=stored.comment if stored else '') \
            .props(f'outlined autogrow counter maxlength={feedback.COMMENT_MAX}').classes('w-full') \
            .mark('feedback-comment')
        with ui.row().classes('w-full items-center gap-3'):
            button = ui.button(t('Send feedback'), on_click=lambda: save()).props('unelevated no-caps') \
                .mark('feedback-save')
            status = ui.label(t('Sent earlier; you can change it.') if stored else '') \
                .classes('text-sm text-slate-600').props('role=status aria-live=polite').mark('feedback-status')

    async def save() -> None:
        if rating.value is None:
            status.set_text(t('Choose a rating from 1 to 5 first.'))
            status.classes(replace='text-sm text-red-700')
            return
        await save_with_status(button, status, lambda: run_in_session(
            feedback.save_feedback, token, {'rating': rating.value, 'comment': comment.value or ''}),
            t('Thank you for your feedback.'))

    return card
