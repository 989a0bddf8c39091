"""Pieces of the live HR view (pages/live.py): the question on screen, the answers as they are
processed, integrity signals, the near-live video, HR's queued questions and notes."""

from __future__ import annotations

from nicegui import ui

from app.formatting import question_type
from app.services.live.snapshot import LiveItem, LiveNote, LiveSnapshot

STATUS_TEXT = {None: 'Answering now', 'received': 'Transcribing…', 'transcribed': 'Scoring…',
               'scored': 'Scored', 'failed': 'Failed'}
# When a loaded stretch of video ends, load the file again (it has grown) and carry on where it ended.
FOLLOW_VIDEO_JS = """
(() => {
  const video = document.querySelector('#c%(id)s video') || document.getElementById('c%(id)s');
  if (!video || video.dataset.follow) return;
  video.dataset.follow = '1';
  video.addEventListener('ended', () => {
    const at = video.currentTime;
    video.src = video.src.split('?')[0] + '?t=' + Date.now();
    video.addEventListener('loadedmetadata', () => { video.currentTime = at; video.play(); }, { once: true });
  });
})();
"""


def status_line(snap: LiveSnapshot, watchers: list[str]) -> None:
    state = {'in_progress': 'In progress', 'finished': 'Answers done, processing', 'scheduled': 'Not started yet',
             'completed': 'Completed', 'abandoned': 'Abandoned'}.get(snap.status, snap.status)
    with ui.row().classes('w-full items-center gap-3 text-sm'):
        ui.badge(state, color='positive' if snap.status == 'in_progress' else 'grey-7').mark('live-status')
        ui.label(f'{snap.answered} of {snap.total} answered').classes('text-slate-600')
        ui.space()
        ui.icon('visibility', size='18px').classes('text-red-600')
        ui.label('Watching: ' + (', '.join(watchers) or 'you')).classes('text-slate-600').mark('live-watchers')


def current_card(snap: LiveSnapshot) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('live-current'):
        ui.label('On screen now').classes('text-xs uppercase tracking-wide text-slate-500')
        if snap.current is None:
            ui.label('No question on screen.' if snap.status != 'in_progress' else 'Between questions…') \
                .classes('text-slate-500')
            return
        with ui.row().classes('items-center gap-2'):
            ui.label(f'Q{snap.current.number} of {snap.total}').classes('font-semibold')
            ui.label(question_type(snap.current.type)).classes('text-xs uppercase text-slate-500')
        ui.label(snap.current.text).classes('text-lg text-slate-900').mark('live-current-text')


def answer_item(item: LiveItem) -> None:
    with ui.card().classes('w-full p-4 gap-2').mark(f'live-answer-{item.number}'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(f'Q{item.number}').classes('text-sm font-semibold text-white bg-indigo-600 rounded px-2')
            ui.label(question_type(item.type)).classes('text-xs uppercase text-slate-500')
            if item.asked_by:
                ui.chip(f'asked by {item.asked_by}', color='purple-1', text_color='purple-10').props('dense')
            ui.space()
            ui.badge(STATUS_TEXT.get(item.status, item.status or ''), color='positive' if item.status == 'scored'
                     else 'grey-7').mark('live-answer-status')
        ui.label(item.text).classes('text-sm font-medium text-slate-800')
        if item.tests:
            ui.badge(item.tests, color='indigo').mark('live-tests')
        if item.transcript:
            ui.label(item.transcript).classes('text-sm text-slate-700 whitespace-pre-wrap').mark('live-transcript')
        elif item.tests and item.status is not None:
            ui.label('No spoken explanation.').classes('text-sm text-slate-400')
        elif item.status is not None and item.status != 'received':
            ui.label('(nothing was said)').classes('text-sm text-slate-400')
        scores = {k: v for k, v in item.scores.items() if v is not None}
        if scores:
            ui.label(' · '.join(f'{k} {v:.1f}' for k, v in scores.items())).classes('text-xs text-slate-500') \
                .mark('live-scores')
        elif item.status == 'scored':
            ui.label('Not scored (no key points).').classes('text-xs text-slate-500')


def integrity_box(snap: LiveSnapshot) -> None:
    with ui.card().classes('w-full p-5 gap-1').mark('live-integrity'):
        ui.label('Integrity signals').classes('text-lg font-semibold')
        ui.label(f'Focus lost {snap.focus_lost} time{"s" if snap.focus_lost != 1 else ""}.').classes('text-sm')
        for event in reversed(snap.signals):
            what = 'left the window' if event.get('lost') else 'came back'
            question = event.get('question_index')
            where = f' (Q{int(question) + 1})' if question is not None else ''
            ui.label(f'{str(event.get("at", ""))[11:19]} UTC: {what}{where}').classes('text-xs text-slate-500')


def video_box(snap: LiveSnapshot) -> None:
    with ui.card().classes('w-full p-5 gap-2').mark('live-video'):
        ui.label('Camera (a few seconds behind)').classes('text-lg font-semibold')
        if not snap.videos:
            ui.label('No video uploaded yet.').classes('text-sm text-slate-500')
            return
        latest = snap.videos[-1]
        url = f'/recordings/candidates/{snap.candidate_id}/video/{latest["index"]}'
        video = ui.video(url, autoplay=True, muted=True).classes('w-full rounded bg-black').mark('live-video-player')
        ui.run_javascript(FOLLOW_VIDEO_JS % {'id': video.id})
        ui.label('When the loaded part ends, the player loads what has arrived since and carries on.') \
            .classes('text-xs text-slate-500')


def queued_list(snap: LiveSnapshot) -> None:
    for queued in snap.queued:
        with ui.row().classes('w-full items-start gap-2 text-sm no-wrap').mark('live-queued'):
            ui.icon('schedule', size='18px').classes('text-purple-700')
            scored = 'scored on key points' if queued['scored'] else 'unscored'
            ui.label(f'Q{queued["number"]} (next, {scored}): {queued["text"]}').classes('text-slate-700')


def notes_list(notes: list[LiveNote]) -> None:
    for note in reversed(notes):
        where = f' · during Q{note.question_number}' if note.question_number else ''
        with ui.column().classes('w-full gap-0').mark('live-note'):
            ui.label(f'{note.at:%H:%M:%S} UTC · {note.author}{where}').classes('text-xs text-slate-500')
            ui.label(note.text).classes('text-sm text-slate-800 whitespace-pre-wrap')
