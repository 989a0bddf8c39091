"""The voluntary self-identification questions on the candidate's finished/thank-you screen.

Never before the interview ends, never required: every question has "Prefer not to say", skipping the
form changes nothing, and answers can be changed later on the same link. The text tells the candidate
exactly where the answers go (app.services.self_identification).
"""

from __future__ import annotations

from nicegui import ui

from app.db import run_in_session
from app.i18n import N_, Translator
from app.services import self_identification
from app.services.self_identification import RACE_LABELS, SEX_LABELS, SelfIdAnswers
from components.forms import save_with_status

EXPLANATION = N_('These two questions are voluntary. Your answers are stored separately from your application, are '
                  'never shown to the people who review your interview and are never used to score it. They are only '
                  "counted together with other candidates' answers, to check that our hiring treats every group "
                  'fairly. Not answering has no effect on your application.')


def self_id_form(token: str, t: Translator, stored: SelfIdAnswers | None = None) -> ui.card:
    with ui.card().classes('w-full max-w-lg mx-auto p-6 gap-3 text-left').mark('self-id-form') as card:
        ui.label(t('Optional: help us check that our hiring is fair')).classes('text-lg font-semibold')
        ui.label(t(EXPLANATION)).classes('text-sm text-slate-600')
        ui.label(t('Sex')).classes('text-sm font-medium mt-1')
        sex = ui.radio({key: t(label) for key, label in SEX_LABELS.items()}, value=stored.sex if stored else None) \
            .props('inline dense').mark('self-id-sex')
        race = ui.select({key: t(label) for key, label in RACE_LABELS.items()},
                         value=stored.race_ethnicity if stored else None, label=t('Race / ethnicity')) \
            .props('outlined dense options-dense').classes('w-full').mark('self-id-race')
        with ui.row().classes('w-full items-center gap-3'):
            button = ui.button(t('Save my answers'), on_click=lambda: save()).props('unelevated no-caps') \
                .mark('self-id-save')
            status = ui.label(t('Saved earlier; you can change your answers.') if stored else '') \
                .classes('text-sm text-slate-600').mark('self-id-status')

    async def save() -> None:
        answers = {key: value for key, value in (('sex', sex.value), ('race_ethnicity', race.value)) if value}
        await save_with_status(button, status, lambda: run_in_session(self_identification.save_answers, token, answers),
                               t('Thank you, your answers are saved. You can change them here at any time.'))

    return card
