"""The thank-you card: at the end of the room, and on the interview link once the interview is over."""

from __future__ import annotations

from nicegui import ui

from app.i18n import Translator
from components.message_card import message_card


def finished_card(name: str, job_title: str, t: Translator, *, full_page: bool = True) -> ui.card:
    """Returns the card, so the room can add its upload note below the text (the room says when the
    page may be closed: after the last video chunk)."""
    text = t('Your interview for {job} is complete and your answers are saved. The hiring team reviews every '
             'interview and will get back to you.', job=job_title)
    if full_page:
        text += ' ' + t('You can close this page.')
    title = t('Thank you, {name}!', name=name.split()[0]) if name.strip() else t('Thank you, and well done!')
    return message_card('task_alt', title, text, marker='thank-you', icon_color='positive', full_page=full_page)
