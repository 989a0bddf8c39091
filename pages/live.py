"""The live HR view of an interview in progress: what the candidate is on, answers with transcripts
and scores as they are processed, integrity signals and the near-live video, pushed by a server-side
timer that compares a cheap fingerprint (no page reloads). HR can queue a question of their own and
write private notes. Opening the page is audited; the candidate's room shows that someone watches.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import background_tasks, context, run, ui

from app.db import run_in_session, run_read
from app.errors import AppError, NotFound
from app.models import User
from app.permissions import Permission, can
from app.runtime import get_runtime
from app.services.live import notes, presence
from app.services.live.ask import MAX_KEY_POINTS
from app.services.live.snapshot import LiveSnapshot, live_marker, live_snapshot
from components.live_parts import (
    answer_item,
    current_card,
    integrity_box,
    notes_list,
    queued_list,
    status_line,
    video_box,
)
from components.not_found import not_found_card
from components.session import hr_page

PUSH_SECONDS = 1.0
Refresh = Callable[[], Awaitable[None]]


@hr_page('/candidates/{candidate_id}/live', 'Live interview', Permission.candidates_read)
async def live_page(user: User, candidate_id: int) -> None:
    org = user.organization_id
    try:
        marker = {'value': await run_read(live_marker, org, candidate_id)}
        first = await run_read(live_snapshot, org, candidate_id)
    except NotFound as exc:
        not_found_card(exc.message)
        return
    await run_in_session(presence.record_live_view, user, candidate_id, first.interview_id)
    watch_id = await run.io_bound(presence.watch, first.interview_id, user.name or user.email)
    if watch_id is None:
        return  # the server is shutting down
    # on_delete, not on_disconnect: a reconnect (a network blip) keeps the watcher; a closed tab ends it.
    context.client.on_delete(lambda: background_tasks.create(run.io_bound(presence.leave, first.interview_id,
                                                                          watch_id), name='leave live view'))
    ui.page_title(f'Live · {first.candidate_name} · Panelist')
    snap = {'value': first}
    watching = {'value': await presence.watchers_async(first.interview_id)}

    with ui.row().classes('w-full items-center gap-3'):
        ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to(f'/candidates/{candidate_id}')) \
            .props('flat round dense').tooltip('Back to the report')
        ui.label(f'Live: {first.candidate_name}').classes('text-2xl font-semibold').mark('live-title')
        ui.label(first.job_title).classes('text-slate-500')

    @ui.refreshable
    def header() -> None:
        status_line(snap['value'], watching['value'])

    @ui.refreshable
    def main_column() -> None:
        current = snap['value']
        current_card(current)
        answered = [item for item in current.items if item.status is not None]
        if answered:
            ui.label('Answers so far').classes('text-lg font-semibold')
        for item in reversed(answered):
            answer_item(item)

    @ui.refreshable
    def video() -> None:  # rebuilt only when a new segment starts: a rebuild restarts the player
        video_box(snap['value'])

    @ui.refreshable
    def integrity() -> None:
        integrity_box(snap['value'])

    @ui.refreshable
    def queued() -> None:
        queued_list(snap['value'])

    @ui.refreshable
    def note_items() -> None:
        notes_list(snap['value'].notes)

    header()
    with ui.grid().classes('w-full grid-cols-1 lg:grid-cols-3 gap-6 items-start'):
        with ui.column().classes('lg:col-span-2 gap-4 min-w-0'):
            main_column()
        with ui.column().classes('gap-4 min-w-0'):
            video()
            integrity()
            if can(user, Permission.decide):  # asking the candidate steers the interview: not a reviewer's
                _ask_card(user, candidate_id, snap, queued, refresh=lambda: push(force=True))
            _notes_card(user, candidate_id, note_items, refresh=lambda: push(force=True))

    async def push(force: bool = False) -> None:
        try:
            latest = await run_read(live_marker, org, candidate_id)
        except NotFound:
            return  # deleted meanwhile
        await presence.renew_async(first.interview_id, watch_id)  # several instances: the watch expires unless renewed
        watching['value'] = await presence.watchers_async(first.interview_id)
        if latest == marker['value'] and not force:
            header.refresh()  # watchers come and go without a database change
            return
        marker['value'] = latest
        segments = len(snap['value'].videos)
        snap['value'] = await run_read(live_snapshot, org, candidate_id)
        for part in (header, main_column, integrity, queued, note_items):
            part.refresh()
        if len(snap['value'].videos) != segments:
            video.refresh()

    ui.timer(PUSH_SECONDS, push)


def _ask_card(user: User, candidate_id: int, snap: dict[str, LiveSnapshot], queued: Callable[[], object],
              refresh: Refresh) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('live-ask'):
        ui.label('Ask a question next').classes('text-lg font-semibold')
        ui.label('Spoken by the interviewer voice as the next question, recorded and transcribed like the '
                 'others, and marked on the report as asked by you.').classes('text-xs text-slate-500')
        text = ui.textarea('Your question').props('outlined autogrow maxlength=1000').classes('w-full') \
            .mark('live-question')
        points = ui.textarea(f'Key points a good answer covers (optional, one per line, up to {MAX_KEY_POINTS})') \
            .props('outlined autogrow').classes('w-full').mark('live-key-points')
        ui.label('Without key points the answer is shown unscored.').classes('text-xs text-slate-500 -mt-1')
        queued()

        async def ask() -> None:
            current = snap['value']
            try:
                slot = await get_runtime().pipeline.live.ask(user, candidate_id, current.interview_id,
                                                            text.value or '', points.value or '')
            except AppError as exc:
                ui.notify(exc.message, type='warning')
                return
            text.set_value('')
            points.set_value('')
            ui.notify(f'Queued as question {slot + 1}: it is asked next.', type='positive')
            await refresh()

        ui.button('Queue question', icon='record_voice_over', on_click=ask).props('unelevated no-caps') \
            .mark('queue-question')


def _notes_card(user: User, candidate_id: int, note_items: Callable[[], object], refresh: Refresh) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('live-notes'):
        ui.label('Private notes').classes('text-lg font-semibold')
        ui.label('Time-stamped, visible to your team on the report, never to the candidate.') \
            .classes('text-xs text-slate-500')
        text = ui.textarea('Note').props('outlined autogrow maxlength=2000').classes('w-full').mark('live-note-text')

        async def add() -> None:
            try:
                await run_in_session(notes.add_note, user, candidate_id, text.value or '')
            except AppError as exc:
                ui.notify(exc.message, type='warning')
                return
            text.set_value('')
            await refresh()

        ui.button('Add note', icon='note_add', on_click=add).props('outline no-caps').mark('add-note')
        note_items()
