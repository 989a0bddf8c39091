"""One question of the report: the question, the candidate's recording, the transcript with the
evidence quotes highlighted, the four scores (AI beside any HR override), covered and missing
rubric points, the AI's comment, and processing state with Retry / Re-score.

Transcript and evidence are untrusted: app.highlight escapes every piece before the <mark> tags.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.db import run_in_session
from app.errors import AppError
from app.formatting import question_type
from app.highlight import highlight_html
from app.models import User
from app.permissions import Permission, can
from app.runtime import answer_queue
from app.services import corrections
from app.services.interview.scoring import DIMENSIONS
from app.services.report_models import AnswerOut, ReportItem
from components.code_result import code_result
from components.media_duration import with_duration
from components.review_dialogs import override_dialog, transcript_dialog

Refresh = Callable[[], Awaitable[None]]
EVIDENCE_CSS = ('mark.evidence { background: #fef3c7; color: inherit; border-bottom: 2px solid #f59e0b; '
                'padding: 0 1px; }')
STATUS_LABELS = {'received': 'Transcribing…', 'transcribed': 'Scoring…', 'scored': 'Scored', 'failed': 'Failed',
                 'needs_review': 'Needs review'}
STATUS_COLORS = {'received': 'grey-7', 'transcribed': 'grey-7', 'scored': 'positive', 'failed': 'negative',
                 'needs_review': 'amber-10'}  # Quasar's 'warning' amber fails WCAG contrast with white text


def answer_card(user: User, candidate_id: int, item: ReportItem, refresh: Refresh) -> None:
    question, answer = item.question, item.answer
    with ui.card().classes('w-full p-5 gap-3').mark(f'answer-{question.number}'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(f'Q{question.number}').classes('text-sm font-semibold text-white bg-indigo-600 rounded px-2')
            ui.label(question_type(question.type)).classes('text-xs uppercase tracking-wide text-slate-500')
            if question.skill:
                ui.chip(question.skill, color='indigo-1', text_color='indigo-10').props('dense')
            if question.asked_by:
                ui.chip(f'asked live by {question.asked_by}', color='purple-1', text_color='purple-10') \
                    .props('dense').mark('asked-by')
            ui.space()
            if answer is not None:
                if answer.typed:
                    ui.badge('typed answer', color='indigo-8').props('outline').mark('typed-badge').tooltip(
                        'The candidate typed this answer (an accommodation); it was scored like a transcript')
                if answer.scored_by == 'offline':
                    ui.badge('offline scoring', color='deep-orange-10').props('outline').tooltip(
                        'Scored by the built-in rule-based scorer (no language model)')
                ui.badge(STATUS_LABELS.get(answer.status, answer.status),
                         color=STATUS_COLORS.get(answer.status, 'grey-7')).mark('answer-status')
        ui.label(question.text).classes('text-base font-medium text-slate-900')
        if item.code is not None:
            code_result(item.code)
        if answer is None:
            ui.label('Not answered.').classes('text-sm text-slate-400')
            return
        _processing(user, answer, refresh)
        if item.code is not None and answer.transcript == '' and not answer.has_audio:
            ui.label('No spoken explanation: the code was submitted on its own.').classes('text-sm text-slate-500') \
                .mark('no-explanation')
        else:
            _recording(answer, can(user, Permission.export))
            _transcript(user, answer, refresh)
        if answer.scores['correctness'].ai is not None:
            _scores(user, candidate_id, question.number, answer, refresh)
            _points(answer)
        if answer.comment:
            with ui.row().classes('gap-2 items-start no-wrap'):
                ui.icon('smart_toy', size='18px').classes('text-slate-400 mt-0.5')
                ui.label(answer.comment).classes('text-sm text-slate-600 italic').mark('ai-comment')


def _processing(user: User, answer: AnswerOut, refresh: Refresh) -> None:
    if not can(user, Permission.decide):  # retrying and scoring are decisions a reviewer does not make
        return
    if answer.status == 'needs_review':
        _review_reason(user, answer, refresh)
    if answer.status != 'failed':
        return
    with ui.row().classes('w-full items-center gap-3 bg-red-50 border border-red-200 rounded px-3 py-2 no-wrap') \
            .mark('answer-failure'):
        ui.icon('error_outline', color='negative')
        with ui.column().classes('gap-0 grow min-w-0'):
            ui.label(f'Processing failed after {answer.attempts} attempt{"s" if answer.attempts != 1 else ""}.') \
                .classes('text-sm font-medium text-red-900')
            ui.label(answer.error or 'Unknown error').classes('text-xs text-red-800 break-words')

        async def retry() -> None:
            await _queue(corrections.retry_answer, user, answer.id, 'Retrying: the answer is processed again.')
            await refresh()

        ui.button('Retry', icon='refresh', on_click=retry).props('unelevated color=negative').mark('retry-answer')


def _review_reason(user: User, answer: AnswerOut, refresh: Refresh) -> None:
    """Why the answer was not scored (no speech, invented or unsure transcript): HR listens, corrects
    the transcript if needed, then scores it."""
    with ui.row().classes('w-full items-center gap-3 bg-amber-50 border border-amber-200 rounded px-3 py-2 no-wrap') \
            .mark('answer-review-reason'):
        ui.icon('hearing', color='warning')
        with ui.column().classes('gap-0 grow min-w-0'):
            ui.label('Not scored: the transcript needs a person to check it.') \
                .classes('text-sm font-medium text-amber-900')
            ui.label(answer.review_reason or '').classes('text-xs text-amber-900 break-words')

        async def score_now() -> None:
            await _queue(corrections.request_rescore, user, answer.id, 'Scoring the transcript as it stands.')
            await refresh()

        ui.button('Score transcript', icon='task_alt', on_click=score_now).props('unelevated color=amber-10') \
            .mark('score-reviewed-answer')


def _recording(answer: AnswerOut, downloadable: bool) -> None:
    if answer.typed:
        return  # nothing was recorded: the text below is the answer
    if not answer.has_audio:
        ui.label('Recording not available (deleted after the retention period).').classes('text-xs text-slate-400')
        return
    with ui.row().classes('w-full items-center gap-2 no-wrap'):
        # The player's own menu offers a download too: not for roles without the export permission.
        player_props = 'preload=metadata' + ('' if downloadable else ' controlslist=nodownload')
        with_duration(ui.audio(f'/recordings/answers/{answer.id}', autoplay=False).props(player_props)) \
            .classes('grow').mark('answer-audio')
        if answer.duration_seconds:
            ui.label(f'{answer.duration_seconds:.0f} s').classes('text-xs text-slate-500 tabular-nums')
        if downloadable:
            ui.button(icon='download', on_click=lambda: ui.download.from_url(
                f'/recordings/answers/{answer.id}?download=1')).props('flat round dense').tooltip('Download (audited)')


def _transcript(user: User, answer: AnswerOut, refresh: Refresh) -> None:
    if answer.transcript is None:
        ui.label('Transcript pending.').classes('text-sm text-slate-400')
        return
    corrected = answer.transcript_corrected is not None
    text = answer.transcript_corrected if corrected else answer.transcript
    with ui.row().classes('w-full items-center gap-2'):
        heading = 'Typed answer' if answer.typed else 'Transcript'
        ui.label(f'{heading} (corrected by a reviewer)' if corrected else heading) \
            .classes('text-xs uppercase tracking-wide text-slate-500')
        if answer.stt_confidence is not None and not corrected:
            ui.label(f'speech recognition confidence {answer.stt_confidence:.0%}').classes('text-xs text-slate-500')
        ui.space()
        if can(user, Permission.decide):
            ui.button('Correct', icon='edit', on_click=lambda: transcript_dialog(
                user, answer.id, ai_transcript=answer.transcript or '', corrected=answer.transcript_corrected,
                on_done=refresh)).props('flat dense no-caps size=sm').mark('correct-transcript')
        if answer.status in ('scored', 'failed', 'needs_review') and corrected and can(user, Permission.decide):
            async def rescore() -> None:
                await _queue(corrections.request_rescore, user, answer.id, 'Re-scoring with the corrected transcript.')
                await refresh()
            ui.button('Re-score', icon='autorenew', on_click=rescore).props('flat dense no-caps size=sm') \
                .mark('rescore-answer')
    evidence = [(e.point, e.quote) for e in answer.evidence]
    # Built only from html.escape()d pieces and fixed <mark> tags (app.highlight), hence no sanitizer here.
    ui.html(highlight_html(text or '', evidence) or '<i>(silence)</i>', sanitize=False) \
        .classes('w-full text-sm leading-relaxed whitespace-pre-wrap bg-slate-50 rounded px-3 py-2 text-slate-800') \
        .mark('transcript')
    if corrected:
        with ui.expansion('AI transcript', icon='history').classes('w-full text-sm').props('dense'):
            ui.label(answer.transcript).classes('text-sm text-slate-600 whitespace-pre-wrap').mark('ai-transcript')


def _scores(user: User, candidate_id: int, number: int, answer: AnswerOut, refresh: Refresh) -> None:
    with ui.grid(columns=4).classes('w-full gap-2').mark('answer-scores'):
        for dimension in DIMENSIONS:
            score = answer.scores[dimension]
            with ui.column().classes('gap-0 border rounded px-3 py-2').mark(f'score-{dimension}'):
                with ui.row().classes('w-full items-center gap-1 no-wrap'):
                    ui.label(dimension.capitalize()).classes('text-xs uppercase tracking-wide text-slate-500')
                    ui.space()
                    if can(user, Permission.review):
                        ui.button(icon='edit', on_click=lambda d=dimension, s=score: override_dialog(
                            user, candidate_id, title=f'Override {d} for Q{number}', ai_value=_fmt(s.ai),
                            current=s.override, answer_id=answer.id, field=d, on_done=refresh)) \
                            .props('flat round dense size=xs color=grey-7').tooltip('Override') \
                            .mark(f'override-{dimension}')
                with ui.row().classes('items-baseline gap-2'):
                    ui.label(_fmt(score.effective)).classes('text-xl font-semibold tabular-nums')
                    if score.override is not None:
                        ui.label(f'AI {_fmt(score.ai)}').classes('text-xs text-slate-500 line-through')
                if score.override is not None:
                    ui.label(f'HR: {score.override.reason}').classes('text-xs text-indigo-800 break-words') \
                        .tooltip(f'{score.override.actor}, {score.override.at:%Y-%m-%d %H:%M} UTC')


def _points(answer: AnswerOut) -> None:
    if not (answer.matched_points or answer.missing_points):
        return
    with ui.row().classes('w-full gap-1 items-center').mark('rubric-points'):
        for point in answer.matched_points:
            ui.chip(point, icon='check', color='green-1', text_color='green-10').props('dense')
        for point in answer.missing_points:
            ui.chip(point, icon='close', color='red-1', text_color='red-10').props('dense')


async def _queue(action: Callable[..., object], user: User, answer_id: int, message: str) -> None:
    try:
        await run_in_session(action, user, answer_id)
    except AppError as exc:
        ui.notify(exc.message, type='negative')
        return
    answer_queue().enqueue(answer_id)
    ui.notify(message, type='info')


def _fmt(value: float | None) -> str:
    return '—' if value is None else f'{value:.1f}'
