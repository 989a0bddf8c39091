"""Create and edit a job posting."""

from __future__ import annotations

from typing import Any

from nicegui import run, ui

from app.config import get_settings
from app.db import run_in_session, run_read
from app.errors import AppError, NotFound
from app.models import Job, User
from app.permissions import Permission
from app.sandbox import SandboxStatus, sandbox_status
from app.services import jobs
from app.services.language_support import LanguageSupport, all_language_support
from components.accommodation_fields import accommodation_fields
from components.forms import clear_errors, error_banner, show_error
from components.not_found import not_found_card
from components.session import hr_page

TIME_LIMITS = {60: '1 minute', 90: '1½ minutes', 120: '2 minutes', 180: '3 minutes', 240: '4 minutes',
               300: '5 minutes', 420: '7 minutes', 600: '10 minutes'}


@hr_page('/jobs/new', 'New job', Permission.jobs_write)
async def new_job_page(user: User) -> None:
    _job_form(user, None, await _language_support(), await _sandbox())


@hr_page('/jobs/{job_id}/edit', 'Edit job', Permission.jobs_write)
async def edit_job_page(user: User, job_id: int) -> None:
    try:
        job = await run_read(jobs.get_job, user.organization_id, job_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    _job_form(user, job, await _language_support(), await _sandbox())


async def _language_support() -> dict[str, LanguageSupport]:
    # Looks at model files and asks espeak-ng for its voices (a subprocess, once per process): off the loop.
    found = await run.io_bound(all_language_support, get_settings())
    return {support.code: support for support in found or []}  # None only while the server shuts down


async def _sandbox() -> SandboxStatus:
    # The first call probes bwrap by running it: on a worker thread, not the event loop.
    return await run.io_bound(sandbox_status) or SandboxStatus(False, 'the server is shutting down')


def _job_form(user: User, job: Job | None, support: dict[str, LanguageSupport], sandbox: SandboxStatus) -> None:
    editing = job is not None
    with ui.row().classes('w-full items-center gap-3'):
        back = f'/jobs/{job.id}' if job else '/jobs'
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(back)).props('flat round dense')
        ui.label('Edit job' if editing else 'New job').classes('text-2xl font-semibold')

    with ui.card().classes('w-full max-w-4xl p-6 gap-4'):
        banner = error_banner()
        title = ui.input('Job title', value=job.title if job else '') \
            .props('outlined maxlength=200 counter').classes('w-full').mark('title')
        description = ui.textarea('Job description', value=job.description if job else '') \
            .props(f'outlined autogrow counter maxlength={jobs.MAX_DESCRIPTION}') \
            .classes('w-full').mark('description')
        must = ui.input_chips('Must-have skills', value=list(job.must_have_skills) if job else [],
                              new_value_mode='add-unique') \
            .props('outlined hint="Type a skill and press Enter"').classes('w-full').mark('must-have')
        suggestions = ui.row().classes('w-full items-center gap-1 -mt-2')
        nice = ui.input_chips('Nice-to-have skills', value=list(job.nice_to_have_skills) if job else [],
                              new_value_mode='add-unique') \
            .props('outlined hint="Type a skill and press Enter"').classes('w-full').mark('nice-to-have')

        with ui.row().classes('w-full gap-4'):
            questions = ui.number('Questions per interview', value=job.question_count if job else 10,
                                  min=3, max=15, step=1, precision=0) \
                .props('outlined hint="3 to 15"').classes('w-56').mark('question-count')
            limit = ui.select(TIME_LIMITS, label='Time per answer',
                              value=job.answer_time_limit_seconds if job else 180) \
                .props('outlined').classes('w-56').mark('time-limit')
            # Each language says what it runs on here (installed models, configured providers).
            options = {code: s.name + ('' if s.usable else ' (needs setup)') + (' (beta)' if s.beta else '')
                       for code, s in support.items()}
            language = ui.select(options, label='Interview language', value=job.language if job else 'en') \
                .props('outlined').classes('w-64').mark('language')
        language_note = ui.label().classes('text-sm -mt-2').mark('language-note')

        def describe_language() -> None:
            chosen = support.get(language.value)
            language_note.text = chosen.summary() if chosen else ''
            language_note.classes(replace='text-sm -mt-2 ' + (
                'text-gray-600' if chosen is not None and chosen.usable and not chosen.beta else 'text-amber-700'))

        describe_language()
        language.on_value_change(describe_language)
        deadline_days = ui.number('Invitation deadline (days)', value=job.invite_deadline_days if job else 7,
                                  min=1, max=90, step=1, precision=0) \
            .props('outlined hint="Default for candidates invited by email"').classes('w-72') \
            .mark('invite-days')
        with ui.row().classes('w-full gap-8'):
            follow_ups = ui.switch('Ask a follow-up after shallow answers',
                                   value=job.follow_ups_enabled if job else False).mark('follow-ups')
            active = ui.switch('Accepting applications', value=job.is_active if job else True).mark('active')
        with ui.row().classes('w-full gap-4 items-center'):
            coding = ui.switch('Coding exercises (Python) after the spoken questions',
                               value=job.coding_enabled if job else False).mark('coding')
            coding_count = ui.select({n: f'{n} exercise{"s" if n > 1 else ""}'
                                      for n in range(1, jobs.MAX_CODING_QUESTIONS + 1)},
                                     value=job.coding_question_count if job else 1, label='How many') \
                .props('outlined dense').classes('w-40').mark('coding-count')
            coding_count.bind_visibility_from(coding, 'value')
        if not sandbox.available:
            ui.label(f'Coding exercises are off on this server: {sandbox.reason}. Interviews ask only the spoken '
                     'questions until bubblewrap works.').classes('text-sm text-amber-700 -mt-2').mark('coding-off')
        accommodations = accommodation_fields(job)

        def refresh_suggestions() -> None:
            suggestions.clear()
            chosen = list(must.value or []) + list(nice.value or [])
            found = jobs.suggest_skills(description.value or '', chosen)
            if not found:
                return
            with suggestions:
                ui.label('Found in the description:').classes('text-xs text-slate-500')
                for skill in found:
                    ui.chip(skill, icon='add', on_click=lambda s=skill: add_must(s)) \
                        .props('dense clickable outline color=primary').mark('suggestion')

        def add_must(skill: str) -> None:
            must.set_value([*(must.value or []), skill])
            refresh_suggestions()

        description.on('blur', refresh_suggestions)
        must.on_value_change(refresh_suggestions)
        nice.on_value_change(refresh_suggestions)  # a skill made nice-to-have is no longer suggested
        refresh_suggestions()

        fields: dict[str, Any] = {
            'title': title, 'description': description, 'must_have_skills': must,
            'nice_to_have_skills': nice, 'question_count': questions,
            'answer_time_limit_seconds': limit, 'language': language, 'invite_deadline_days': deadline_days,
            **accommodations.inputs,
        }

        async def save() -> None:
            clear_errors(*fields.values(), banner=banner)
            data = {
                'title': title.value or '',
                'description': description.value or '',
                'must_have_skills': list(must.value or []),
                'nice_to_have_skills': list(nice.value or []),
                'question_count': int(questions.value) if questions.value is not None else None,
                'answer_time_limit_seconds': limit.value,
                'language': language.value,
                'follow_ups_enabled': bool(follow_ups.value),
                'coding_enabled': bool(coding.value),
                'coding_question_count': coding_count.value,
                'is_active': bool(active.value),
                'invite_deadline_days': int(deadline_days.value) if deadline_days.value is not None else None,
                **accommodations.values(),
            }
            try:
                if job is None:
                    saved = await run_in_session(jobs.create_job, user, data)
                else:
                    assert job.id is not None
                    saved = await run_in_session(jobs.update_job, user, job.id, data)
            except AppError as exc:
                show_error(exc, fields, banner)
                return
            ui.notify('Job saved.', type='positive')
            ui.navigate.to(f'/jobs/{saved.id}')

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: ui.navigate.to(back)).props('flat')
            ui.button('Save job' if editing else 'Create job', on_click=save).props('unelevated').mark('save')
