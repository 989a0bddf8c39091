"""/jobs/{id}/invite: invite one candidate (with an optional resume) or many from a CSV, with a deadline
and a preview of the email."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import Request
from nicegui import events, run, ui

from app import media
from app.config import get_settings
from app.db import run_in_session, run_read
from app.errors import AppError, Invalid, NotFound
from app.models import Job, User
from app.permissions import Permission
from app.services import applications, jobs
from app.services.applications import CheckedResume
from app.services.email.wake import notify_outbox
from app.services.invitations import invite
from app.services.invitations.csv_rows import CsvRow, parse_csv
from components.email_notice import email_notice
from components.forms import clear_errors, error_banner, show_error
from components.not_found import not_found_card
from components.session import hr_page, request_base_url

DEADLINE_HOUR = time(17, 0, tzinfo=UTC)  # a date picked in the form means that day's 17:00 UTC


@hr_page('/jobs/{job_id}/invite', 'Invite candidates', Permission.invitations)
async def invite_page(user: User, job_id: int, request: Request) -> None:
    try:
        job = await run_read(jobs.get_job, user.organization_id, job_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    InviteForm(user, job)


def deadline_from(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), DEADLINE_HOUR)
    except ValueError:
        raise Invalid('deadline: pick a date.', {'deadline': 'Pick a date.'}) from None


class InviteForm:
    def __init__(self, user: User, job: Job) -> None:
        assert job.id is not None
        self.user, self.job, self.job_id = user, job, job.id
        self.resume: CheckedResume | None = None
        self.rows: list[CsvRow] = []
        with ui.row().classes('w-full items-center gap-3'):
            ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(f'/jobs/{self.job_id}')) \
                .props('flat round dense')
            ui.label(f'Invite candidates · {job.title}').classes('text-2xl font-semibold')
        email_notice()
        self.banner = error_banner()
        default = (datetime.now(UTC) + timedelta(days=job.invite_deadline_days)).date().isoformat()
        with ui.grid().classes('w-full grid-cols-1 md:grid-cols-2 gap-6'):
            with ui.card().classes('p-6 gap-4'):
                self.deadline = ui.input('Deadline (17:00 UTC that day)', value=default) \
                    .props('outlined type=date').classes('w-64').mark('deadline')
                with ui.tabs().classes('w-full') as tabs:
                    one_tab = ui.tab('One candidate').mark('tab-one')
                    many_tab = ui.tab('From a CSV').mark('tab-csv')
                with ui.tab_panels(tabs, value=one_tab, animated=False).classes('w-full') as self.panels:
                    with ui.tab_panel(one_tab).classes('gap-3 px-0'):
                        self.name = ui.input('Name').props('outlined').classes('w-full').mark('invite-name')
                        self.email = ui.input('Email').props('outlined type=email').classes('w-full') \
                            .mark('invite-email')
                        ui.upload(label='Resume (optional): PDF, DOCX or TXT', auto_upload=True, max_files=1,
                                  on_upload=self._resume).props('flat bordered').classes('w-full')
                        self.resume_label = ui.label().classes('text-sm text-slate-600')
                        ui.button('Send invitation', icon='send', on_click=self._send_one) \
                            .props('unelevated').mark('send-one')
                    with ui.tab_panel(many_tab).classes('gap-3 px-0'):
                        ui.label('One candidate per line: name,email (a header row is optional).') \
                            .classes('text-sm text-slate-600')
                        self.csv_text = ui.textarea(placeholder='Ann Lee,ann@example.com\nBo Chen,bo@example.com') \
                            .props('outlined autogrow').classes('w-full font-mono').mark('csv-text')
                        ui.upload(label='…or upload a .csv file', auto_upload=True, max_files=1,
                                  on_upload=self._csv_file).props('flat bordered accept=.csv,text/csv') \
                            .classes('w-full').mark('csv-upload')
                        self.csv_summary = ui.label().classes('text-sm text-slate-700').mark('csv-summary')
                        ui.button('Invite everyone', icon='groups', on_click=self._send_many) \
                            .props('unelevated').mark('send-many')
                self.panels.on_value_change(lambda: self._preview())
            with ui.card().classes('p-6 gap-2').mark('preview'):
                ui.label('Preview').classes('text-lg font-semibold')
                self.subject = ui.label().classes('font-medium').mark('preview-subject')
                self.body = ui.label().classes('whitespace-pre-wrap text-sm text-slate-700 font-mono') \
                    .mark('preview-body')
        for element in (self.deadline, self.name, self.email, self.csv_text):
            element.on('blur', self._preview)
        self.deadline.on_value_change(self._preview)
        ui.timer(0.1, self._preview, once=True)

    async def _preview(self) -> None:
        name, email = self.name.value or '', self.email.value or ''
        if self.panels.value == 'From a CSV':
            rows = self._csv_rows(quiet=True)
            name, email = (rows[0].name, rows[0].email) if rows else ('', '')
        try:
            rendered = await run_in_session(invite.preview, self.user, self.job_id, name, email,
                                            deadline=deadline_from(self.deadline.value))
        except AppError as exc:
            self.subject.set_text('')
            self.body.set_text(exc.message)
            return
        self.subject.set_text(f'Subject: {rendered.subject}')
        self.body.set_text(rendered.text)

    async def _resume(self, event: events.UploadEventArguments) -> None:
        data = await event.file.read()
        try:
            self.resume = await run.io_bound(applications.check_resume, event.file.name, data)
        except AppError as exc:
            self.resume = None
            self.resume_label.set_text(exc.message)
            return
        if self.resume is not None:
            self.resume_label.set_text(f'Attached: {self.resume.analysis.filename}')

    async def _csv_file(self, event: events.UploadEventArguments) -> None:
        data = await event.file.read()
        try:
            self.csv_text.set_value(data.decode('utf-8-sig'))
        except UnicodeDecodeError:
            self.csv_summary.set_text('Save the CSV as UTF-8 and upload it again.')
            return
        self._csv_rows()
        await self._preview()

    def _csv_rows(self, quiet: bool = False) -> list[CsvRow]:
        try:
            rows = parse_csv(self.csv_text.value or '', get_settings().invitation_max_bulk)
        except Invalid as exc:
            if not quiet:
                self.csv_summary.set_text(exc.message)
            return []
        self.csv_summary.set_text(f'{len(rows)} candidate{"s" if len(rows) != 1 else ""} in the list.')
        return rows

    async def _send_one(self) -> None:
        clear_errors(self.name, self.email, self.deadline, banner=self.banner)
        stored = invite.store_resume(self.resume) if self.resume is not None else None
        try:
            await run_in_session(invite.invite_one, self.user, self.job_id, self.name.value or '',
                                 self.email.value or '', deadline=deadline_from(self.deadline.value),
                                 request_base_url=request_base_url(), resume=self.resume, resume_file=stored)
        except AppError as exc:
            media.delete(stored)
            show_error(exc, {'name': self.name, 'email': self.email, 'deadline': self.deadline}, self.banner)
            return
        notify_outbox()
        ui.notify(f'Invitation queued for {self.email.value}.', type='positive')
        ui.navigate.to(f'/jobs/{self.job_id}')

    async def _send_many(self) -> None:
        clear_errors(self.deadline, banner=self.banner)
        rows = self._csv_rows()
        if not rows:
            return
        try:
            result = await run_in_session(invite.invite_many, self.user, self.job_id, rows,
                                          deadline=deadline_from(self.deadline.value),
                                          request_base_url=request_base_url())
        except AppError as exc:
            show_error(exc, {'deadline': self.deadline}, self.banner)
            return
        notify_outbox()
        skipped = '; '.join(f'line {s["line"]} {s["email"]}: {s["reason"]}' for s in result.skipped[:10])
        self.csv_summary.set_text(f'Invited {len(result.invited)}. ' + (f'Skipped {len(result.skipped)}: {skipped}'
                                                                        if result.skipped else ''))
        ui.notify(f'{len(result.invited)} invitations queued.', type='positive')
