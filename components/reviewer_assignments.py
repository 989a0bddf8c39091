"""The Team page's reviewer assignments: which jobs each reviewer sees (admins only)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from sqlmodel import Session

from app.db import run_in_session, run_read
from app.errors import AppError
from app.models import User
from app.services import job_reviewers, jobs


async def reviewer_assignments_card(admin: User) -> None:
    with ui.card().classes('w-full max-w-2xl p-6 gap-3').mark('reviewer-assignments'):
        ui.label('Reviewer assignments').classes('text-lg font-semibold')
        ui.label('A reviewer sees only the jobs assigned here: their reports, notes and overrides. '
                 'Admins and recruiters see every job.').classes('text-sm text-slate-500 -mt-2')

        @ui.refreshable
        async def body() -> None:
            reviewers = await run_read(job_reviewers.assignable, admin.organization_id)
            if not reviewers:
                ui.label('No reviewers yet: invite a teammate with the Reviewer role.').classes('text-slate-500')
                return
            items = await run_read(jobs.list_jobs, admin.organization_id, '')
            job_options = {item.job.id: item.job.title for item in items if item.job.id is not None}
            assigned_by_user = await run_read(job_reviewers.assignments, admin.organization_id)
            for reviewer in reviewers:
                assert reviewer.id is not None
                assigned = assigned_by_user.get(reviewer.id, [])
                with ui.row().classes('w-full items-center gap-2 border-t border-slate-100 pt-2') \
                        .mark(f'reviewer-{reviewer.id}'):
                    ui.label(reviewer.name).classes('font-medium w-40')
                    for job_id in assigned:
                        ui.chip(job_options.get(job_id, f'Job {job_id}'), removable=True) \
                            .props('outline color=primary') \
                            .on('remove', lambda _, r=reviewer.id, j=job_id: change(job_reviewers.unassign, j, r))
                    free = {key: title for key, title in job_options.items() if key not in assigned}
                    if free:
                        ui.select(free, label='Assign to job', on_change=lambda e, r=reviewer.id:
                                  change(job_reviewers.assign, e.value, r) if e.value else None) \
                            .props('outlined dense').classes('w-56').mark('assign-job')

        async def change(action: Callable[[Session, User, int, int], None], job_id: int, user_id: int | None) -> None:
            if user_id is None:
                return
            try:
                await run_in_session(action, admin, job_id, user_id)
            except AppError as exc:
                ui.notify(exc.message, type='negative')
            body.refresh()

        await body()

