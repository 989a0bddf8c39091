"""HR candidate report: everything needed for a defensible decision on one page — the result and
radar, the video, each answer with its recording, highlighted evidence and scores (overrides
beside the AI's values), the resume, integrity signals, the decision and the audit trail.

Background processing (re-score, retry) changes the report; the page polls a cheap fingerprint and
rebuilds itself when it changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from fastapi import Request
from nicegui import ui

from app import links
from app.db import run_in_session, run_read
from app.errors import NotFound
from app.formatting import experience
from app.models import AuditEvent, User
from app.permissions import Permission, can
from app.services import audit, candidates, link_delivery, reports
from app.services.report_models import CandidateReport
from components.accommodations_card import accommodations_card
from components.answer_card import EVIDENCE_CSS, answer_card
from components.dashboard import STATUS_COLORS, STATUS_LABELS
from components.delete_dialog import delete_dialog
from components.not_found import not_found_card
from components.report_side import audit_card, decision_card, feedback_card, integrity_card, notes_card, video_card
from components.result_card import result_card
from components.resume_view import resume_flags, resume_view
from components.session import hr_page

POLL_SECONDS = 2.0
Refresh = Callable[[], Awaitable[None]]


@hr_page('/candidates/{candidate_id}', 'Candidate', Permission.candidates_read)
async def candidate_page(user: User, candidate_id: int, request: Request) -> None:
    try:
        # The marker first: work that lands between the two reads makes the first poll rebuild, never hides.
        marker = {'value': await run_read(reports.processing_marker, user.organization_id, candidate_id)}
        report = await run_read(reports.candidate_report, user.organization_id, candidate_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    ui.page_title(f'{report.candidate.name} · Panelist')
    ui.add_css(EVIDENCE_CSS)
    loaded = [report]  # the first render uses the report read above; every later one reads afresh

    @ui.refreshable
    async def body() -> None:
        current = loaded.pop() if loaded else \
            await run_read(reports.candidate_report, user.organization_id, candidate_id)
        events = await run_read(audit.list_events, user.organization_id, subject_type='candidate',
                                subject_id=candidate_id, limit=100) if can(user, Permission.audit) else None
        _report(user, current, events, refresh, str(request.base_url))

    async def refresh() -> None:
        marker['value'] = await run_read(reports.processing_marker, user.organization_id, candidate_id)
        body.refresh()

    async def poll() -> None:
        try:
            latest = await run_read(reports.processing_marker, user.organization_id, candidate_id)
        except NotFound:
            return  # deleted meanwhile (another tab): nothing to update
        if latest != marker['value']:
            marker['value'] = latest
            body.refresh()

    await body()
    ui.timer(POLL_SECONDS, poll)


def _report(user: User, report: CandidateReport, events: Sequence[AuditEvent] | None, refresh: Refresh,
            base_url: str) -> None:
    candidate, interview = report.candidate, report.interview
    _header(user, report, base_url)
    _facts(report)
    resume_flags(report.resume_flags)
    with ui.grid().classes('w-full grid-cols-1 lg:grid-cols-3 gap-6 items-start'):
        with ui.column().classes('lg:col-span-2 gap-6 min-w-0'):
            result_card(user, report, refresh)
            if report.items:
                ui.label('Questions and answers').classes('text-lg font-semibold -mb-3')
            for item in report.items:
                answer_card(user, candidate.id, item, refresh)
            resume_view(report.resume.model_dump(), report.resume_text, candidate.job_must_have_skills,
                        on_download=(lambda: ui.download.from_url(f'/candidates/{candidate.id}/resume'))
                        if can(user, Permission.export) else None,
                        filename=candidate.resume_filename)
        with ui.column().classes('gap-6 min-w-0'):
            if can(user, Permission.decide):
                decision_card(user, report, refresh)
                accommodations_card(user, report, refresh)
            if report.notes:
                notes_card(report.notes)
            if interview is not None:
                video_card(candidate.id, interview, downloadable=can(user, Permission.export))
                integrity_card(interview)
                feedback_card(interview)
            if events is not None:
                audit_card(events)


def _header(user: User, report: CandidateReport, base_url: str) -> None:
    candidate = report.candidate
    confirm = _delete_dialog(user, report)

    async def copy_link() -> None:
        # A repeat application never shows the link to the applicant; HR sends it to the candidate instead.
        try:
            token = await run_in_session(link_delivery.interview_token_for_hr, user, candidate.id)
        except NotFound as exc:
            ui.notify(exc.message, type='warning')
            return
        ui.clipboard.write(links.interview_link(base_url, token))
        ui.notify(f'Interview link copied: send it to {candidate.email}.', type='positive')

    with ui.row().classes('w-full items-center gap-3'):
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(f'/jobs/{candidate.job_id}')) \
            .props('flat round dense').tooltip(f'Back to {candidate.job_title}')
        ui.label(candidate.name).classes('text-2xl font-semibold').mark('candidate-name')
        ui.badge(STATUS_LABELS.get(candidate.status, candidate.status),
                 color=STATUS_COLORS.get(candidate.status, 'grey-7')).mark('candidate-status')
        ui.space()
        if report.interview is not None and report.interview.status in ('scheduled', 'in_progress') \
                and report.interview.ended_at is None:
            ui.button('Watch live', icon='visibility', on_click=lambda: ui.navigate.to(
                f'/candidates/{candidate.id}/live')).props('unelevated no-caps color=red-7').mark('watch-live')
        if report.interview is not None and can(user, Permission.invitations):
            ui.button('Copy interview link', icon='link', on_click=copy_link).props('flat no-caps') \
                .mark('copy-interview-link').tooltip('To send the link to the candidate (recorded in the audit trail)')
        if can(user, Permission.export):
            ui.button('Printable report', icon='print', on_click=lambda: ui.navigate.to(
                f'/candidates/{candidate.id}/print', new_tab=True)).props('flat no-caps').mark('print-report')
            ui.button('Export data', icon='data_object', on_click=lambda: ui.download.from_url(
                f'/candidates/{candidate.id}/export.json')).props('flat no-caps').mark('export-json') \
                .tooltip('Everything stored about this candidate, as JSON (for a data-access request)')
        if can(user, Permission.delete):
            ui.button('Delete', icon='delete', on_click=confirm.open).props('flat no-caps color=negative') \
                .mark('delete-candidate')


def _facts(report: CandidateReport) -> None:
    candidate, interview = report.candidate, report.interview
    match = f'{candidate.must_have_match:g}%' if candidate.must_have_match is not None else '—'
    facts = [
        ('Email', candidate.email),
        ('Applied for', candidate.job_title),
        ('Applied (UTC)', candidate.applied_at.strftime('%Y-%m-%d %H:%M')),
        ('Must-have match', match),
        ('Experience', experience(report.resume.experience_years)),
        ('Interview', (interview.status if interview else 'none').replace('_', ' ')),
        ('Consent', f'{candidate.consent_at:%Y-%m-%d %H:%M} UTC, notice {candidate.consent_notice_version}'
         if candidate.consent_at else 'not recorded'),
    ]
    with ui.card().classes('w-full p-5').mark('candidate-facts'), \
            ui.grid().classes('w-full grid-cols-2 md:grid-cols-4 gap-x-8 gap-y-3'):
        for label, value in facts:
            with ui.column().classes('gap-0 min-w-0'):
                ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label(value).classes('text-sm font-medium text-slate-800 break-words')


def _delete_dialog(user: User, report: CandidateReport) -> ui.dialog:
    candidate = report.candidate
    return delete_dialog(
        f'Delete {candidate.name}?',
        'This deletes the application with the resume, the interview, its recordings, transcripts, scores '
        'and overrides. It cannot be undone. Use it when the candidate asks for deletion; the audit trail '
        'keeps that it happened.',
        button='Delete candidate', marker='confirm-delete-candidate',
        delete=lambda: run_in_session(candidates.delete_candidate, user, candidate.id),
        done='Candidate deleted.', then=f'/jobs/{candidate.job_id}')
