"""The job picker and application-date range shared by the analytics and bias-audit pages.

Values are checked by the service (app.services.report_scope): a page shows its message instead of
results when a date is malformed or the range is reversed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from app.db import run_read
from app.models import User
from app.services import jobs

ALL_JOBS = 0  # the select's value for "All jobs" (a select cannot hold None and a label)


class ScopeControls:
    def __init__(self, job: ui.select, date_from: ui.date_input, date_to: ui.date_input) -> None:
        self.job, self.date_from, self.date_to = job, date_from, date_to

    def values(self) -> dict[str, Any]:
        """The scope as the services take it (strings are parsed and checked there)."""
        return {'job_id': self.job.value or None, 'date_from': (self.date_from.value or '').strip() or None,
                'date_to': (self.date_to.value or '').strip() or None}

    def query_string(self) -> str:
        return urlencode({key: value for key, value in self.values().items() if value is not None})


async def scope_controls(user: User, on_change: Callable[[], Awaitable[None]]) -> ScopeControls:
    items = await run_read(jobs.list_visible_jobs, user, '')
    options = {ALL_JOBS: 'All jobs', **{item.job.id: item.job.title for item in items if item.job.id is not None}}
    with ui.row().classes('items-center gap-3').mark('scope-controls'):
        job = ui.select(options, value=ALL_JOBS, label='Job').props('outlined dense').classes('w-64').mark('scope-job')
        date_from = ui.date_input('Applied from').props('outlined dense clearable').classes('w-44') \
            .mark('scope-from')
        date_to = ui.date_input('Applied to').props('outlined dense clearable').classes('w-44').mark('scope-to')
    for control in (job, date_from, date_to):
        control.on_value_change(on_change)
    return ScopeControls(job, date_from, date_to)
