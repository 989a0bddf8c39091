"""Pieces of the public apply page: job summary, step header, consent step, 'not open' card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.consent import ConsentNotice
from app.formatting import answer_time
from app.i18n import N_, Translator
from app.services.applications import ApplyTarget
from components.message_card import message_card

SUMMARY_CHARS = 600


def job_summary(target: ApplyTarget, t: Translator) -> ui.element:
    """Organization, title and interview facts, then the description card (returned: hidden after step 1)."""
    with ui.column().classes('w-full gap-1'):
        with ui.row().classes('items-center gap-2 text-slate-500'):
            ui.icon('record_voice_over', color='primary')
            ui.label(target.organization).classes('text-sm font-medium').mark('organization')
        ui.label(target.title).classes('text-3xl font-semibold tracking-tight text-slate-900').mark('job-title')
        # Outside the call: Babel's extractor drops the plural msgid when a `t.` appears among the arguments.
        per_answer = answer_time(target.answer_time_limit_seconds, t.locale)
        ui.label(t.ngettext('AI voice interview · {count} question · up to {time} per answer · microphone and camera',
                            'AI voice interview · {count} questions · up to {time} per answer · microphone and camera',
                            target.question_count, time=per_answer)) \
            .classes('text-sm text-slate-500')
    description = target.description.strip()
    with ui.card().classes('w-full p-6 gap-3').mark('job-summary') as card:
        if description:
            short = description if len(description) <= SUMMARY_CHARS else \
                description[:SUMMARY_CHARS].rsplit(' ', 1)[0] + '…'
            ui.label(short).classes('whitespace-pre-wrap text-slate-700 leading-relaxed')
            if short != description:
                with ui.expansion(t('Full job description')).classes('w-full -mx-4'):
                    ui.label(description).classes('whitespace-pre-wrap text-slate-700 leading-relaxed')
        if target.must_have_skills:
            with ui.row().classes('items-center gap-1'):
                ui.label(t('Must-have skills:')).classes('text-sm text-slate-500 mr-1')
                for skill in target.must_have_skills:
                    ui.chip(skill, color='indigo-1', text_color='indigo-10').props('dense')
    card.set_visibility(bool(description or target.must_have_skills))
    return card


class StepHeader:
    STEPS = (N_('Your details'), N_('Consent'), N_('Interview'))

    def __init__(self, t: Translator) -> None:
        self.pills: list[tuple[ui.label, ui.label]] = []
        with ui.row().classes('w-full items-center gap-2 no-wrap').mark('steps'):
            for number, title in enumerate(self.STEPS, start=1):
                if number > 1:
                    ui.element('div').classes('h-px bg-slate-300 grow')
                with ui.row().classes('items-center gap-2 no-wrap'):
                    dot = ui.label(str(number)).classes(
                        'w-7 h-7 rounded-full flex items-center justify-center text-sm font-semibold')
                    name = ui.label(t(title)).classes('text-sm')
                self.pills.append((dot, name))
        self.set_step(1)

    def set_step(self, current: int) -> None:
        for number, (dot, name) in enumerate(self.pills, start=1):
            active = number <= current
            dot.classes(replace='w-7 h-7 rounded-full flex items-center justify-center text-sm font-semibold '
                        + ('bg-primary text-white' if active else 'bg-slate-200 text-slate-500'))
            name.classes(replace='text-sm ' + ('font-semibold text-slate-900' if number == current
                                               else 'text-slate-500'))


def consent_step(notice: ConsentNotice, organization: str, t: Translator, *, on_back: Callable[[], None] | None,
                 on_agree: Callable[[], Awaitable[None]]) -> ui.column:
    with ui.column().classes('w-full gap-4') as step:
        with ui.card().classes('w-full p-6 gap-4').mark('consent-step') as notice_card:
            ui.label(notice.title).classes('text-lg font-semibold')
            for section in notice.sections:
                with ui.column().classes('gap-1'):
                    ui.label(section.heading).classes('text-sm font-semibold text-slate-800')
                    ui.label(section.text).classes('text-sm text-slate-700 leading-relaxed')
            ui.label(t('Notice version {version}', version=notice.version)).classes('text-xs text-slate-500')
            agree = ui.checkbox(notice.agreement).classes('font-medium').mark('consent-checkbox')
            missing = ui.label(t('Tick the box to agree, or choose “I do not agree”.')) \
                .classes('text-sm text-red-700 -mt-2').mark('consent-error')
            missing.set_visibility(False)
            agree.on_value_change(lambda: missing.set_visibility(False))
            with ui.row().classes('w-full items-center gap-2'):
                if on_back is not None:  # an invited candidate has no earlier step
                    ui.button(t('Back'), icon='arrow_back', on_click=on_back).props('flat').mark('back')
                ui.space()
                ui.button(t('I do not agree'), on_click=lambda: _declined(True)).props('flat').mark('decline')
                start = ui.button(t('Agree and go to the interview'), icon='mic', on_click=lambda: submit()) \
                    .props('unelevated').mark('agree')
        with ui.card().classes('w-full p-6 gap-3 items-start').mark('declined') as declined_card:
            ui.icon('block', size='32px', color='grey-7')
            ui.label(t('No consent, no interview')).classes('text-lg font-semibold')
            ui.label(t('Nothing you entered has been stored. Without your agreement the AI interview cannot take '
                       'place. You can close this page, or ask {organization} for an interview with a person.',
                       organization=organization)) \
                .classes('text-slate-700')
            ui.button(t('Read the notice again'), on_click=lambda: _declined(False)).props('flat').mark('reconsider')
        declined_card.set_visibility(False)

    def _declined(value: bool) -> None:
        notice_card.set_visibility(not value)
        declined_card.set_visibility(value)
        if value:
            agree.set_value(False)

    async def submit() -> None:
        if not agree.value:
            missing.set_visibility(True)
            return
        start.props('loading')
        try:
            await on_agree()
        finally:
            start.props(remove='loading')

    return step


def not_open_card(job_code: str, t: Translator) -> None:
    ui.status_code(404)
    shown = ''.join(ch for ch in job_code.upper() if ch.isalnum())[:12]
    text = t('No open job has the code {code}. The link may be mistyped, or the job may have closed. Check the '
             'code with whoever sent it to you.', code=shown) if shown else \
        t('No open job has the code you entered. The link may be mistyped, or the job may have closed. Check the '
          'code with whoever sent it to you.')
    with message_card('work_off', t('This job is not taking applications'), text, 'job-not-open',
                      icon_color='grey-6'):
        ui.button(t('Enter another code'), on_click=lambda: ui.navigate.to('/')).props('unelevated').mark('home')
