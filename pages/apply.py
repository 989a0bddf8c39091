"""/apply/{job_code}: the public apply page. Step 1 details and resume, step 2 consent, then the interview.

Nothing is stored before the candidate agrees: step 1 only reads the resume (in a worker process)
to report problems early; the file and the rows are created when they agree in step 2.
"""

from __future__ import annotations

from fastapi import Request
from nicegui import events, run, ui

from app import links
from app.db import run_read
from app.documents import MAX_RESUME_BYTES, MAX_RESUME_LABEL, TOO_LARGE, display_name
from app.errors import AppError, Conflict, Invalid, NotFound, translated
from app.formatting import file_size
from app.i18n import Translator, for_language, from_accept_language
from app.services import applications
from app.services.applications import ApplicantDetails, ApplyTarget, CheckedResume
from components.apply_parts import StepHeader, consent_step, job_summary, not_open_card
from components.forms import clear_errors, error_banner, show_error
from components.language_picker import set_page_language
from components.message_card import message_card
from components.resume_upload import ResumeUpload
from components.session import client_ip, public_page, request_base_url
from components.theme import apply_theme


@public_page('/apply/{job_code}')
async def apply_page(job_code: str, request: Request) -> None:
    apply_theme()
    try:
        target = await run_read(applications.apply_target, job_code)
    except NotFound:  # no job, so no job language: the browser's
        t = Translator(from_accept_language(request.headers.get('accept-language')))
        set_page_language(t)
        ui.page_title(t('Job not found · Panelist'))
        not_open_card(job_code, t)
        return
    t = for_language(target.language)
    set_page_language(t)
    ui.page_title(t('Apply: {title} · Panelist', title=target.title))
    with ui.column().classes('w-full max-w-3xl mx-auto px-4 py-8 gap-6'):
        summary = job_summary(target, t)
        ApplyForm(target, summary, t)


class ApplyForm:
    """The two steps; per-visitor state lives on this object (one per page load)."""

    def __init__(self, target: ApplyTarget, summary: ui.element, t: Translator) -> None:
        self.t = t
        self.target = target
        self.summary = summary
        self.checking = False
        self.uploads = 0  # a newer upload wins over a slower, older one still being read
        self.details: ApplicantDetails | None = None
        self.checked: CheckedResume | None = None
        self.header = StepHeader(t)
        with ui.card().classes('w-full p-6 gap-4').mark('details-step') as self.details_card:
            self._details_step()
        self.consent_card = consent_step(target.notice, target.organization, t, on_back=self._back,
                                         on_agree=self._agree)
        self.consent_card.set_visibility(False)
        self.done_box = ui.column().classes('w-full')

    def _details_step(self) -> None:
        t = self.t
        ui.label(t('Your details')).classes('text-lg font-semibold')
        self.banner = error_banner()
        self.name = ui.input(t('Full name')).props('outlined maxlength=200 autocomplete=name') \
            .classes('w-full').mark('name')
        self.email = ui.input(t('Email')).props('outlined type=email autocomplete=email') \
            .classes('w-full').mark('email')
        ui.label(t('Resume: PDF, DOCX or TXT, at most {limit}', limit=MAX_RESUME_LABEL)) \
            .classes('text-sm text-slate-600 -mb-2')
        self.upload = ResumeUpload(t, on_upload=self._uploaded, on_rejected=self._rejected,
                                   label=t('Choose or drop your resume')).classes('w-full').mark('resume')
        # Clear the uploader's list once the browser has the server's answer (resetting earlier aborts it),
        # so another file can be chosen; the file's fate is shown in the labels below.
        self.upload.on('uploaded', self.upload.reset)
        self.upload.on('failed', self._upload_failed)
        with ui.row().classes('items-center gap-2 -mt-2'):
            self.spinner = ui.spinner(size='sm')
            self.spinner.set_visibility(False)
            self.file_label = ui.label().classes('text-sm text-slate-700').mark('resume-file')
        self.file_error = ui.label().classes('text-sm text-red-700 -mt-2').mark('resume-error')
        self.file_error.set_visibility(False)
        self.continue_button = ui.button(t('Continue'), icon='arrow_forward', on_click=self._continue) \
            .props('unelevated').classes('self-end').mark('continue')

    async def _uploaded(self, event: events.UploadEventArguments) -> None:
        self.file_error.set_visibility(False)
        self.checked = None
        if event.file.size() > MAX_RESUME_BYTES:  # the browser limit can be bypassed
            self._file_error(self.t(TOO_LARGE))
            return
        name, data = event.file.name, await event.file.read()
        self.uploads += 1
        number = self.uploads
        self.checking = True
        self.file_label.set_text(self.t('Reading {name}…', name=display_name(name)))
        self.spinner.set_visibility(True)
        try:
            # Read now (in a worker process) so problems show up before the consent step.
            checked = await run.io_bound(applications.check_resume, name, data)
        except AppError as exc:
            if number == self.uploads:
                self.file_label.set_text('')
                self._file_error(self.t(_field_message(exc, 'resume')))
            return
        finally:
            if number == self.uploads:
                self.checking = False
                self.spinner.set_visibility(False)
        if checked is None or number != self.uploads:  # shutting down, or a newer file was chosen meanwhile
            return
        self.checked = checked
        self.file_label.set_text(self.t('Attached: {name} ({size})', name=checked.analysis.filename,
                                        size=file_size(len(data), self.t.locale)))

    def _upload_failed(self) -> None:
        self.upload.reset()
        self._file_error(self.t('The upload failed. Files larger than {limit} are refused.', limit=MAX_RESUME_LABEL))

    def _rejected(self) -> None:
        self._file_error(self.t('That file was not accepted: use a PDF, DOCX or TXT file of at most {limit}.',
                                limit=MAX_RESUME_LABEL))

    def _file_error(self, message: str) -> None:
        self.file_error.set_text(message)
        self.file_error.set_visibility(True)

    async def _continue(self) -> None:
        clear_errors(self.name, self.email, banner=self.banner)
        try:
            self.details = applications.check_details({'name': self.name.value, 'email': self.email.value})
        except Invalid as exc:
            show_error(translated(exc, self.t), {'name': self.name, 'email': self.email}, self.banner, self.t)
            return
        if self.checking:
            self._file_error(self.t('Still reading your resume: one moment, then continue.'))
            return
        if self.checked is None:
            if not self.file_error.visible:
                self._file_error(self.t(applications.NO_RESUME))
            return
        self._show_step(2)

    def _show_step(self, step: int) -> None:
        self.details_card.set_visibility(step == 1)
        self.consent_card.set_visibility(step == 2)
        self.summary.set_visibility(step == 1)  # the notice should not start below the fold
        self.header.set_step(step)
        ui.run_javascript('window.scrollTo({top: 0})')  # no Python API scrolls the window

    def _back(self) -> None:
        self._show_step(1)

    async def _agree(self) -> None:
        assert self.details is not None and self.checked is not None
        try:
            result = await run.io_bound(applications.complete_application, self.target.job_code, self.details,
                                        self.checked, consent=True, notice=self.target.notice.version,
                                        ip=client_ip() or 'unknown', base_url=request_base_url())
        except Conflict as exc:
            ui.notify(self.t(exc.message), type='warning')
            ui.navigate.reload()
            return
        except AppError as exc:
            self._back()
            show_error(translated(exc, self.t), {'name': self.name, 'email': self.email}, self.banner, self.t)
            return
        if result is None:  # the app is shutting down
            return
        if result.token is None:  # the link went to the email on file, not to this browser
            self._link_sent(self.t(applications.LINK_SENT, email=self.details.email) if result.created
                            else self.t(applications.ALREADY_APPLIED))
            return
        ui.navigate.to(links.interview_path(result.token))

    def _link_sent(self, message: str) -> None:
        self.details_card.set_visibility(False)
        self.consent_card.set_visibility(False)
        self.summary.set_visibility(False)
        with self.done_box:
            message_card('mark_email_read', message, self.t('Check your inbox for the email with your interview '
                                                            'link. If it does not arrive, contact the company you '
                                                            'applied to.'),
                         marker='link-sent', full_page=False)


def _field_message(exc: AppError, field: str) -> str:
    return exc.fields.get(field, exc.message) if isinstance(exc, Invalid) else exc.message


