"""The thank-you card: at the end of the room, and on the interview link once the interview is over."""

from __future__ import annotations

from nicegui import ui

from components.message_card import message_card


def finished_card(name: str, job_title: str, *, full_page: bool = True) -> ui.card:
    """Returns the card, so the room can add its upload note below the text (the room says when the
    page may be closed: after the last video chunk)."""
    closing = ' You can close this page.' if full_page else ''
    return message_card('task_alt', f'Thank you, {name.split()[0] if name else "and well done"}!',
                        f'Your interview for {job_title} is complete and your answers are saved. The hiring team '
                        f'reviews every interview and will get back to you.{closing}', marker='thank-you',
                        icon_color='positive', full_page=full_page)
