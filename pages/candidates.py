"""HR candidate page: who applied, the parsed resume with its flags, status, download, delete."""

from __future__ import annotations

from fastapi.responses import PlainTextResponse, Response
from nicegui import app, ui

from app.db import run_in_session, run_read
from app.downloads import attachment
from app.errors import AppError, NotFound
from app.models import CandidateStatus, User
from app.services import candidates
from app.services.candidates import CandidateDetail
from components.candidate_table import STATUS_COLORS
from components.forms import error_banner, show_error
from components.not_found import not_found_card
from components.resume_view import resume_flags, resume_view
from components.session import hr_page, session_user

STATUS_LABELS = {status.value: status.value.capitalize() for status in CandidateStatus}


@hr_page('/candidates/{candidate_id}', 'Candidate')
async def candidate_page(user: User, candidate_id: int) -> None:
    try:
        detail = await run_read(candidates.candidate_detail, user.organization_id, candidate_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    candidate, job = detail.candidate, detail.job
    ui.page_title(f'{candidate.name} · Panelist')

    def download() -> None:
        ui.download.from_url(f'/candidates/{candidate_id}/resume')

    confirm = _delete_dialog(user, detail)
    with ui.row().classes('w-full items-center gap-3'):
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(f'/jobs/{job.id}')) \
            .props('flat round dense').tooltip(f'Back to {job.title}')
        ui.label(candidate.name).classes('text-2xl font-semibold').mark('candidate-name')
        badge = ui.badge(STATUS_LABELS.get(candidate.status, candidate.status),
                         color=STATUS_COLORS.get(candidate.status, 'grey-7')).mark('candidate-status')
        ui.space()
        ui.button('Delete', icon='delete', on_click=confirm.open).props('flat color=negative').mark('delete-candidate')
    _facts(detail)
    resume_flags(candidate.resume_flags)
    with ui.grid().classes('w-full grid-cols-1 lg:grid-cols-3 gap-6 items-start'):
        with ui.column().classes('lg:col-span-2 gap-6'):
            resume_view(candidate.resume_parsed, candidate.resume_text, job.must_have_skills,
                        on_download=download, filename=candidate.resume_filename)
        _status_card(user, detail, badge)


@app.get('/candidates/{candidate_id}/resume', include_in_schema=False)
async def resume_download(candidate_id: int) -> Response:
    """The original resume for the signed-in HR user of this browser (the JSON API has its own route)."""
    user = await session_user()
    if user is None:
        return PlainTextResponse('Sign in first.', status_code=401)
    try:
        file = await run_in_session(candidates.resume_file, user, candidate_id)
    except NotFound as exc:
        return PlainTextResponse(exc.message, status_code=404)
    return attachment(file.path, file.filename, file.mime)


def _facts(detail: CandidateDetail) -> None:
    candidate, job, interview = detail.candidate, detail.job, detail.interview
    match = f'{candidate.must_have_match:g}%' if candidate.must_have_match is not None else '—'
    facts = [
        ('Email', candidate.email),
        ('Applied for', job.title),
        ('Applied (UTC)', candidate.created_at.strftime('%Y-%m-%d %H:%M')),
        ('Must-have match', match),
        ('Interview', (interview.status if interview else 'none').replace('_', ' ')),
        ('Consent', f'{candidate.consent_at:%Y-%m-%d %H:%M} UTC, notice {candidate.consent_notice_version}'
         if candidate.consent_at else 'not recorded'),
    ]
    with ui.card().classes('w-full p-5').mark('candidate-facts'), \
            ui.grid().classes('w-full grid-cols-2 md:grid-cols-3 gap-x-8 gap-y-3'):
        for label, value in facts:
            with ui.column().classes('gap-0 min-w-0'):
                ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label(value).classes('text-sm font-medium text-slate-800 break-words')


def _status_card(user: User, detail: CandidateDetail, badge: ui.badge) -> None:
    candidate = detail.candidate
    with ui.card().classes('w-full p-6 gap-3').mark('status-card'):
        ui.label('Decision').classes('text-lg font-semibold')
        banner = error_banner()
        status = ui.select(STATUS_LABELS, label='Status', value=candidate.status) \
            .props('outlined').classes('w-full').mark('status-select')
        note = ui.textarea('Note (optional)', value=candidate.status_note or '') \
            .props(f'outlined autogrow counter maxlength={candidates.NOTE_MAX}').classes('w-full').mark('status-note')
        ui.label('A new status replaces the previous note. Changes are recorded in the audit trail.') \
            .classes('text-xs text-slate-500')

        async def save() -> None:
            banner.set_visibility(False)
            try:
                assert candidate.id is not None
                updated = await run_in_session(candidates.update_candidate, user, candidate.id,
                                               {'status': status.value, 'status_note': note.value or ''})
            except AppError as exc:
                show_error(exc, {'status': status, 'status_note': note}, banner)
                return
            label = STATUS_LABELS.get(updated.status, updated.status)
            badge.set_text(label)
            badge.props(f'color={STATUS_COLORS.get(updated.status, "grey-7")}')
            note.set_value(updated.status_note or '')
            ui.notify(f'Status saved: {label}.', type='positive')

        ui.button('Save decision', icon='save', on_click=save).props('unelevated').classes('self-end') \
            .mark('save-status')


def _delete_dialog(user: User, detail: CandidateDetail) -> ui.dialog:
    candidate = detail.candidate
    with ui.dialog() as dialog, ui.card().classes('p-6 gap-3 max-w-md'):
        ui.label(f'Delete {candidate.name}?').classes('text-lg font-semibold')
        ui.label('This deletes the application with the resume, the interview, its recordings, transcripts and '
                 'scores. It cannot be undone. Use it when the candidate asks for deletion.').classes('text-slate-600')

        async def delete() -> None:
            assert candidate.id is not None
            try:
                await run_in_session(candidates.delete_candidate, user, candidate.id)
            except AppError as exc:
                ui.notify(exc.message, type='negative')
                return
            dialog.close()
            ui.notify('Candidate deleted.', type='positive')
            ui.navigate.to(f'/jobs/{detail.job.id}')

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Delete candidate', on_click=delete).props('unelevated color=negative') \
                .mark('confirm-delete-candidate')
    return dialog
