"""The thank-you card: at the end of the room, and on the interview link once the interview is over."""

from __future__ import annotations

import contextlib

from nicegui import background_tasks, ui

from app.i18n import Translator
from components.feedback_form import feedback_form
from components.message_card import message_card
from components.recorder import Recorder
from components.self_id_form import self_id_form


def finished_card(name: str, job_title: str, t: Translator, *, full_page: bool = True) -> ui.card:
    """Returns the card, so the room can add its upload note below the text (the room says when the
    page may be closed: after the last video chunk)."""
    text = t('Your interview for {job} is complete and your answers are saved. The hiring team reviews every '
             'interview and will get back to you.', job=job_title)
    if full_page:
        text += ' ' + t('You can close this page.')
    title = t('Thank you, {name}!', name=name.split()[0]) if name.strip() else t('Thank you, and well done!')
    return message_card('task_alt', title, text, marker='thank-you', icon_color='positive', full_page=full_page)


def room_finished(name: str, job_title: str, token: str, recorder: Recorder, t: Translator) -> None:
    """The end of the room, in the current container: the thank-you card with a note to keep the page open
    while the last of the video uploads, then the optional feedback and self-identification forms."""
    with finished_card(name, job_title, t, full_page=False):
        upload_note = ui.label(t('Please keep this page open for a few seconds while the last of '
                                 'the video uploads.')) \
            .classes('text-sm text-slate-500').mark('upload-note')
    feedback_form(token, t)
    self_id_form(token, t)
    background_tasks.create(_close_devices(recorder, upload_note, t), name='finish interview video')


async def _close_devices(recorder: Recorder, upload_note: ui.label, t: Translator) -> None:
    # Camera and microphone stay on until the last video chunk is uploaded, then switch off.
    with contextlib.suppress(TimeoutError):
        await recorder.stop_video(timeout=120)
    recorder.release()
    recorder.set_visibility(False)  # nothing left to show: the devices are off
    upload_note.set_text(t('Everything is uploaded. You can close this page.'))
