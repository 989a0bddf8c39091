"""Side panels of the candidate report: the decision, the interview video, integrity signals and the
candidate's audit trail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from app.db import run_in_session
from app.errors import AppError
from app.formatting import file_size
from app.models import AuditEvent, User
from app.services import candidates
from app.services.report_models import CandidateReport, InterviewReportOut, NoteOut
from components.audit_labels import action_label, summary
from components.dashboard import STATUS_LABELS
from components.forms import clear_errors, error_banner, show_error
from components.media_duration import with_duration

Refresh = Callable[[], Awaitable[None]]
DECISIONS = {'pending': 'Pending', 'shortlisted': 'Shortlist', 'rejected': 'Reject', 'hired': 'Hire'}


def decision_card(user: User, report: CandidateReport, refresh: Refresh) -> None:
    candidate = report.candidate
    with ui.card().classes('w-full p-5 gap-3').mark('status-card'):
        ui.label('Decision').classes('text-lg font-semibold')
        banner = error_banner()
        status = ui.toggle(DECISIONS, value=candidate.status).props('no-caps spread unelevated toggle-color=primary') \
            .classes('w-full').mark('status-select')
        note = ui.textarea('Note (optional)', value=candidate.status_note or '') \
            .props(f'outlined autogrow counter maxlength={candidates.NOTE_MAX}').classes('w-full').mark('status-note')
        if candidate.decided_at and candidate.decided_by:
            ui.label(f'Last changed by {candidate.decided_by}, {candidate.decided_at:%Y-%m-%d %H:%M} UTC.') \
                .classes('text-xs text-slate-500').mark('decided-by')
        ui.label('A new status replaces the previous note. Every change is in the audit trail.') \
            .classes('text-xs text-slate-500')

        async def save() -> None:
            clear_errors(note, banner=banner)
            try:
                updated = await run_in_session(candidates.update_candidate, user, candidate.id,
                                               {'status': status.value, 'status_note': note.value or ''})
            except AppError as exc:
                show_error(exc, {'status_note': note}, banner)
                return
            ui.notify(f'Status saved: {STATUS_LABELS.get(updated.status, updated.status)}.', type='positive')
            await refresh()

        ui.button('Save decision', icon='gavel', on_click=save).props('unelevated').classes('self-end') \
            .mark('save-status')


def video_card(candidate_id: int, interview: InterviewReportOut, *, downloadable: bool) -> None:
    with ui.card().classes('w-full p-5 gap-3').mark('video-card'):
        ui.label('Interview video').classes('text-lg font-semibold')
        if interview.recordings_deleted_at is not None:
            ui.label(f'Recordings were deleted on {interview.recordings_deleted_at:%Y-%m-%d} under the '
                     "organization's retention setting. Transcripts and scores are kept.") \
                .classes('text-sm text-slate-500').mark('recordings-deleted')
            return
        playable = [v for v in interview.videos if v.available]
        if not playable:
            ui.label('No camera recording for this interview.').classes('text-sm text-slate-500')
            return
        if len(playable) > 1:
            ui.label('The page was reloaded during the interview, so the recording is in parts.') \
                .classes('text-xs text-slate-500')
        for video in playable:
            url = f'/recordings/candidates/{candidate_id}/video/{video.index}'
            player_props = 'preload=metadata' + ('' if downloadable else ' controlslist=nodownload')
            with_duration(ui.video(url, autoplay=False).props(player_props)).classes('w-full rounded bg-black') \
                .mark('interview-video')
            with ui.row().classes('w-full items-center text-xs text-slate-500'):
                ui.label(f'Part {video.index + 1} · {file_size(video.bytes)}')
                ui.space()
                if downloadable:
                    ui.button('Download', icon='download', on_click=lambda u=url: ui.download.from_url(
                        f'{u}?download=1')).props('flat dense no-caps size=sm').tooltip('Downloads are audited')


def integrity_card(interview: InterviewReportOut) -> None:
    integrity = interview.integrity
    lost = int(integrity.get('focus_lost_count', 0) or 0)
    by_question = integrity.get('focus_lost_by_question') or {}
    with ui.card().classes('w-full p-5 gap-2').mark('integrity-card'):
        ui.label('Integrity signals').classes('text-lg font-semibold')
        ui.label(f'The interview window lost focus {lost} time{"s" if lost != 1 else ""}.') \
            .classes('text-sm text-slate-800').mark('focus-lost')
        if by_question:
            with ui.row().classes('gap-1'):
                for index, count in sorted(by_question.items(), key=lambda kv: int(kv[0])):
                    ui.chip(f'Q{int(index) + 1}: {int(count)}', color='amber-1', text_color='amber-10') \
                        .props('dense')
        ui.label('Recorded for context and never scored: a notification or a second screen also moves focus.') \
            .classes('text-xs text-slate-500')


def notes_card(notes: Sequence[NoteOut]) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('report-notes'):
        ui.label('Team notes').classes('text-lg font-semibold')
        for note in notes:
            where = f' · during Q{note.question_number}' if note.question_number else ''
            ui.label(f'{note.at:%Y-%m-%d %H:%M:%S} UTC · {note.author}{where}').classes('text-xs text-slate-500')
            ui.label(note.text).classes('text-sm text-slate-800 whitespace-pre-wrap -mt-1').mark('report-note')


def audit_card(events: Sequence[AuditEvent]) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('candidate-audit'):
        with ui.row().classes('w-full items-center'):
            ui.label('Audit trail').classes('text-lg font-semibold')
            ui.space()
            ui.link('All activity', '/audit').classes('text-sm')
        if not events:
            ui.label('No actions recorded yet.').classes('text-sm text-slate-500')
        for event in events[:30]:
            with ui.column().classes('gap-0 w-full border-l-2 border-indigo-200 pl-3'):
                ui.label(action_label(event.action)).classes('text-sm font-medium text-slate-800')
                detail = summary(event)
                if detail:
                    ui.label(detail).classes('text-xs text-slate-700 break-words')
                ui.label(f'{event.created_at:%Y-%m-%d %H:%M} UTC · {event.actor_label}') \
                    .classes('text-xs text-slate-500')
        if len(events) > 30:
            ui.label(f'…and {len(events) - 30} earlier.').classes('text-xs text-slate-500')


def feedback_card(interview: InterviewReportOut) -> None:
    """The candidate's own rating of the interview (optional, never part of the score)."""
    if interview.feedback_rating is None:
        return
    with ui.card().classes('w-full p-5 gap-2').mark('feedback-card'):
        ui.label('Candidate feedback').classes('text-lg font-semibold')
        ui.label(f'Rated the interview {interview.feedback_rating} of 5').classes('text-sm font-medium') \
            .mark('feedback-rating')
        if interview.feedback_comment:
            ui.label(interview.feedback_comment).classes('text-sm text-slate-700 whitespace-pre-wrap italic') \
                .mark('feedback-comment')
