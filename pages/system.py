"""The System page (/system, admins only): the operational figures behind /metrics, for people without
Prometheus — provider health and call times, the processing queue, recent failures with their reasons,
HTTP errors and disk used by recordings."""

from __future__ import annotations

from typing import Any

from nicegui import run, ui

from app.config import get_settings
from app.db import run_read
from app.formatting import file_size
from app.models import User
from app.permissions import Permission
from app.runtime import get_runtime
from app.services import system_status
from app.services.system_status import ProcessStatus, QueueStatus
from components.session import hr_page

MEDIA_LABELS = {'answers': 'Answer recordings', 'videos': 'Interview videos', 'questions': 'Spoken questions',
                'resumes': 'Resumes'}


def size_text(count: int) -> str:
    return file_size(count) if count else 'none'


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return '—'
    if seconds < 120:
        return f'{seconds:.0f} s'
    return f'{seconds / 60:.0f} min' if seconds < 7200 else f'{seconds / 3600:.1f} h'


@hr_page('/system', 'System', Permission.system)
async def system_page(user: User) -> None:
    @ui.refreshable
    async def content() -> None:
        queue = await run_read(system_status.queue_status, user)
        process = await run.io_bound(system_status.process_status)
        _providers()
        _queue(queue)
        if process is not None:  # None only while the server shuts down
            _calls(process)

    with ui.row().classes('w-full items-center gap-4'):
        ui.label('System').classes('text-2xl font-semibold')
        ui.space()
        ui.button('Refresh', icon='refresh', on_click=content.refresh).props('flat no-caps').mark('refresh-system')
    token = 'on (Authorization: Bearer METRICS_TOKEN)' if get_settings().metrics_token else 'off (set METRICS_TOKEN)'
    ui.label(f'Prometheus metrics at /metrics: {token}. Counts marked "since start" restart with the server.') \
        .classes('text-sm text-slate-500 -mt-4')
    await content()


def _card(title: str, marker: str) -> ui.card:
    card = ui.card().classes('w-full p-4 gap-2').mark(marker)
    with card:
        ui.label(title).classes('text-lg font-semibold')
    return card


def _figures(figures: list[tuple[str, str]]) -> None:
    with ui.grid().classes('w-full grid-cols-2 md:grid-cols-4 gap-4'):
        for label, value in figures:
            with ui.column().classes('gap-0'):
                ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
                ui.label(value).classes('text-xl font-semibold tabular-nums')


def _providers() -> None:
    with _card('Providers', 'providers-card'):
        for status in get_runtime().providers.health():
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon('check_circle' if status.ready else 'error', color='positive' if status.ready else 'negative')
                ui.label(f'{status.kind.upper()} · {status.name}').classes('font-medium w-40')
                ui.label(status.detail).classes('text-sm text-slate-600')


def _queue(queue: QueueStatus) -> None:
    with _card('Answer processing', 'queue-card'):
        _figures([('Waiting', str(queue.waiting)), ('Oldest waiting', duration_text(queue.oldest_waiting_seconds)),
                  ('Failed, waiting for HR', str(queue.awaiting_retry)),
                  ('Recordings stored', size_text(queue.recordings_bytes))])
        ui.label('Failures in the last 24 hours').classes('text-base font-semibold mt-2')
        if not queue.failures_24h:
            ui.label('None: every answer received in the last 24 hours was processed without an error.') \
                .classes('text-sm text-slate-500').mark('no-failures')
            return
        columns: list[dict[str, Any]] = [
            {'name': 'reason', 'label': 'Reason', 'field': 'reason', 'align': 'left', 'classes': 'whitespace-normal'},
            {'name': 'answers', 'label': 'Answers', 'field': 'answers', 'align': 'right'},
            {'name': 'final', 'label': 'Given up', 'field': 'final', 'align': 'right'},
            {'name': 'last', 'label': 'Last (UTC)', 'field': 'last', 'align': 'left'}]
        ui.table(columns=columns, rows=[{'id': n, 'reason': r.reason, 'answers': r.answers, 'final': r.final,
                                         'last': f'{r.last_at:%Y-%m-%d %H:%M}'}
                                        for n, r in enumerate(queue.failures_24h)], row_key='id') \
            .classes('w-full').props('flat dense bordered').mark('failures-table')


def _calls(process: ProcessStatus) -> None:
    with _card('Provider calls since start', 'calls-card'):
        if process.calls:
            ui.table(columns=[{'name': n, 'label': label, 'field': n, 'align': 'left' if n != 'calls' else 'right'}
                              for n, label in (('provider', 'Provider'), ('operation', 'Call'), ('calls', 'Calls'),
                                               ('mean', 'Mean time'))],
                     rows=[{'id': n, 'provider': f'{c.kind.upper()} · {c.provider}', 'operation': c.operation,
                            'calls': c.calls, 'mean': f'{c.mean_seconds:.2f} s' if c.mean_seconds is not None else '—'}
                           for n, c in enumerate(process.calls)], row_key='id') \
                .classes('w-full').props('flat dense bordered').mark('calls-table')
        else:
            ui.label('No provider calls yet.').classes('text-sm text-slate-500')
        errors = ', '.join(f'{e.kind.upper()} · {e.provider}: {e.count} {e.error.replace("_", " ")}'
                           for e in process.errors) or 'none'
        ui.label(f'Provider errors: {errors}').classes('text-sm text-slate-600').mark('provider-errors')
    with _card('Web requests and disk', 'disk-card'):
        _figures([('Requests since start', str(process.http_requests)),
                  ('Server errors (5xx)', str(process.http_server_errors)),
                  *((MEDIA_LABELS.get(m.kind, m.kind), f'{size_text(m.bytes)} · {m.files} files')
                    for m in process.media),
                  ('Free disk', file_size(process.disk_free_bytes) if process.disk_free_bytes is not None else '—')])
