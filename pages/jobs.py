"""HR job pages: the list with search and counts, and a job's detail page with its candidate dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from nicegui import ui

from app import links
from app.db import run_in_session, run_read
from app.errors import AppError, NotFound
from app.formatting import answer_time
from app.languages import LANGUAGES
from app.models import Job, User
from app.permissions import Permission, can
from app.services import feedback, jobs
from app.services.accommodations import effective
from app.services.feedback import JobFeedback
from components.copy_button import copy_button
from components.dashboard import job_dashboard
from components.delete_dialog import delete_dialog
from components.invitations_card import invitations_card
from components.job_questions import job_questions_section
from components.not_found import not_found_card
from components.session import hr_page
from components.try_answer import try_answer_section


@hr_page('/jobs', 'Jobs', Permission.jobs_read)
async def jobs_page(user: User) -> None:
    with ui.row().classes('w-full items-center gap-4'):
        ui.label('Jobs').classes('text-2xl font-semibold')
        ui.space()
        # debounce: the browser sends the value once typing pauses, so each search is one query
        search = ui.input(placeholder='Search title or code').props('outlined dense clearable debounce=300') \
            .classes('w-72').mark('job-search')
        with search.add_slot('prepend'):
            ui.icon('search')
        if can(user, Permission.jobs_write):
            ui.button('New job', icon='add', on_click=lambda: ui.navigate.to('/jobs/new')) \
                .props('unelevated').mark('new-job')

    @ui.refreshable
    async def job_table() -> None:
        term = (search.value or '').strip()
        items = await run_read(jobs.list_visible_jobs, user, term)
        if not items:
            with ui.card().classes('w-full p-10 items-center gap-2 text-center'):
                ui.icon('work_outline', size='40px', color='grey-5')
                if term:
                    ui.label(f'No jobs match “{term}”.').classes('text-slate-500')
                elif not can(user, Permission.jobs_write):
                    ui.label('No jobs assigned to you yet').classes('text-lg font-medium')
                    ui.label('An admin assigns reviewers to jobs on the Team page.').classes('text-slate-500')
                else:
                    ui.label('No jobs yet').classes('text-lg font-medium')
                    ui.label('Create a job posting to get a share link for candidates.').classes('text-slate-500')
                    ui.button('Create your first job', on_click=lambda: ui.navigate.to('/jobs/new')).props('unelevated')
            return
        total = len(items)
        active = sum(1 for item in items if item.job.is_active)
        ui.label(f'{total} job{"s" if total != 1 else ""} · {active} active').classes('text-sm text-slate-500 -mb-4')
        rows = [{
            'id': item.job.id,
            'title': item.job.title,
            'code': item.job.job_code,
            'status': 'Active' if item.job.is_active else 'Inactive',
            'candidates': item.candidates,
            'completed': item.completed_interviews,
            'created': item.job.created_at.strftime('%Y-%m-%d'),
        } for item in items]
        columns: list[dict[str, Any]] = [
            {'name': 'title', 'label': 'Title', 'field': 'title', 'align': 'left', 'sortable': True},
            {'name': 'code', 'label': 'Code', 'field': 'code', 'align': 'left'},
            {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left', 'sortable': True},
            {'name': 'candidates', 'label': 'Candidates', 'field': 'candidates', 'sortable': True},
            {'name': 'completed', 'label': 'Interviews done', 'field': 'completed', 'sortable': True},
            {'name': 'created', 'label': 'Created', 'field': 'created', 'sortable': True},
        ]
        table = ui.table(columns=columns, rows=rows, row_key='id', pagination={'rowsPerPage': 25}) \
            .classes('w-full').props('flat bordered').mark('jobs-table')
        table.add_slot('body-cell-status', """
            <q-td :props="props">
              <q-badge :color="props.value === 'Active' ? 'positive' : 'grey-6'" :label="props.value" />
            </q-td>""")
        table.add_slot('body-cell-code', """
            <q-td :props="props"><span class="font-mono tracking-wider">{{ props.value }}</span></q-td>""")
        table.on('rowClick', lambda e: ui.navigate.to(f'/jobs/{e.args[1]["id"]}'))
        table.classes('cursor-pointer')

    search.on_value_change(lambda: job_table.refresh())
    await job_table()


@hr_page('/jobs/{job_id}', 'Job', Permission.jobs_read)
async def job_detail_page(user: User, job_id: int, request: Request) -> None:
    try:
        job = await run_read(jobs.get_job, user.organization_id, job_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    ui.page_title(f'{job.title} · Panelist')
    link = links.apply_link(str(request.base_url) if request else None, job.job_code)

    confirm = _delete_dialog(user, job)
    editor = can(user, Permission.jobs_write)

    async def toggle_active() -> None:
        try:
            await run_in_session(jobs.set_active, user, job_id, not job.is_active)
        except AppError as exc:
            ui.notify(exc.message, type='negative')
            return
        ui.navigate.reload()

    with ui.row().classes('w-full items-center gap-3'):
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/jobs')).props('flat round dense')
        ui.label(job.title).classes('text-2xl font-semibold').mark('job-title')
        ui.badge('Active' if job.is_active else 'Inactive', color='positive' if job.is_active else 'grey-6') \
            .mark('job-status')
        ui.space()
        if editor:
            ui.button('Edit', icon='edit', on_click=lambda: ui.navigate.to(f'/jobs/{job.id}/edit')).props('flat') \
                .mark('edit-job')
            ui.button('Deactivate' if job.is_active else 'Activate',
                      icon='pause_circle' if job.is_active else 'play_circle',
                      on_click=toggle_active).props('flat').mark('toggle-active')
            ui.button('Delete', icon='delete', on_click=confirm.open).props('flat color=negative').mark('delete-job')

    if editor:
        _share_card(job, link)
    if can(user, Permission.invitations):
        await invitations_card(user, job)
    await job_dashboard(user, job)
    with ui.grid().classes('w-full grid-cols-1 md:grid-cols-3 gap-6'):
        with ui.card().classes('md:col-span-2 p-6 gap-2'):
            ui.label('Job description').classes('text-lg font-semibold')
            if job.description:
                ui.label(job.description).classes('whitespace-pre-wrap text-slate-700 leading-relaxed')
            else:
                ui.label('No description yet.').classes('text-slate-400')
        with ui.column().classes('gap-6'):
            _skills_card(job)
            _settings_card(job, await run_read(feedback.job_feedback, user.organization_id, job_id))
    if editor:  # the question plan and the rubric tryout edit the job
        await job_questions_section(user, job)
        await try_answer_section(user, job)


def _delete_dialog(user: User, job: Job) -> ui.dialog:
    assert job.id is not None
    job_id = job.id
    return delete_dialog(
        f'Delete “{job.title}”?',
        'This deletes the job with all its candidates, interviews, recordings and reports. It cannot be undone.',
        button='Delete job', marker='confirm-delete',
        delete=lambda: run_in_session(jobs.delete_job, user, job_id),
        done='Job deleted.', then='/jobs')


def _share_card(job: Job, link: str) -> None:
    with ui.card().classes('w-full p-6').mark('share-card'):
        with ui.row().classes('w-full items-center gap-8 no-wrap'):
            with ui.column().classes('gap-0'):
                ui.label('Job code').classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label(job.job_code).classes('text-3xl font-mono font-semibold tracking-widest').mark('job-code')
            with ui.column().classes('gap-1 grow'):
                ui.label('Share link').classes('text-xs uppercase tracking-wide text-slate-500')
                with ui.row().classes('w-full items-center gap-2 no-wrap'):
                    field = ui.input(value=link).props('outlined dense readonly aria-label="Share link"') \
                        .classes('grow font-mono').mark('share-link')
                    copy_button(field, 'Share link copied.').mark('copy-link')
                    ui.button(icon='open_in_new', on_click=lambda: ui.navigate.to(link, new_tab=True)) \
                        .props('flat round').tooltip('Open the apply page')
        if (insecure := links.insecure_link_warning(link)) is not None:
            with ui.row().classes('w-full items-center gap-2 no-wrap mt-2').mark('insecure-link'):
                ui.icon('lock_open', color='negative')
                ui.label(insecure).classes('text-sm text-red-800')
        if not job.is_active:
            ui.label('This job is inactive: the link shows candidates that applications are closed.') \
                .classes('text-sm text-amber-700 mt-2')


def _skills_card(job: Job) -> None:
    with ui.card().classes('w-full p-6 gap-3'):
        ui.label('Skills').classes('text-lg font-semibold')
        for label, skills, color, text_color in (
            ('Must have', job.must_have_skills, 'indigo-1', 'indigo-10'),
            ('Nice to have', job.nice_to_have_skills, 'grey-3', 'grey-9'),
        ):
            ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
            with ui.row().classes('gap-1'):
                for skill in skills:
                    ui.chip(skill, color=color, text_color=text_color).props('dense')
                if not skills:
                    ui.label('None listed').classes('text-slate-500 text-sm')


def _settings_card(job: Job, given: JobFeedback) -> None:
    with ui.card().classes('w-full p-6 gap-2'):
        ui.label('Interview').classes('text-lg font-semibold')
        for label, value in (
            ('Questions', str(job.question_count)),
            ('Time per answer', answer_time(job.answer_time_limit_seconds)),
            ('Language', LANGUAGES.get(job.language, job.language)),
            ('Follow-up questions', 'On' if job.follow_ups_enabled else 'Off'),
            ('Coding exercises', str(job.coding_question_count) if job.coding_enabled else 'Off'),
            ('Invitation deadline', f'{job.invite_deadline_days} days'),
            ('Accommodations', ', '.join(effective(job, None).labels())),
            ('Candidate feedback', f'{given.average:g} of 5 ({given.responses} '
             f'response{"s" if given.responses != 1 else ""})' if given.average is not None else 'None yet'),
        ):
            with ui.row().classes('w-full justify-between text-sm'):
                ui.label(label).classes('text-slate-500')
                ui.label(value).classes('font-medium text-right')
