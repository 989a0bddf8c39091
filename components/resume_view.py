"""The parsed resume, its flags and its text, for HR. Reused by the candidate page and the report.

Everything shown here came from an untrusted file, so it is rendered as plain text (labels and
chips escape it); links are shown only with an http(s) scheme and open in a new tab.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nicegui import ui

from app.documents.raw import HIDDEN_HEADING
from app.formatting import experience
from app.schemas import ParsedResume


def resume_flags(flags: list[dict[str, Any]]) -> None:
    """A prominent warning card listing why a human should look twice; nothing when there are no flags."""
    if not flags:
        return
    with ui.card().classes('w-full p-5 gap-3 bg-amber-50 border border-amber-300 shadow-none').mark('resume-flags'):
        with ui.row().classes('items-center gap-2 no-wrap'):
            ui.icon('warning', size='28px').classes('text-amber-700')
            ui.label(f'Look twice: {len(flags)} thing{"s" if len(flags) != 1 else ""} in this resume a reader '
                     'would not see, that addresses an AI or that would run in a viewer') \
                .classes('text-base font-semibold text-amber-900')
        for flag in flags:
            with ui.column().classes('gap-1 pl-9').mark(f'flag-{flag.get("kind")}'):
                ui.label(str(flag.get('message', ''))).classes('text-sm font-medium text-slate-800')
                for excerpt in flag.get('excerpts') or []:
                    ui.label(str(excerpt)).classes(
                        'text-xs font-mono text-slate-700 bg-white border border-amber-200 rounded px-2 py-1 '
                        'break-all')
        ui.label('Flagged text is kept as data: it is never followed as an instruction and hidden skills do not '
                 'count towards the match.').classes('text-xs text-amber-800 pl-9')


def resume_view(parsed_data: dict[str, Any], resume_text: str, must_have: list[str],
                on_download: Callable[[], Any] | None = None, filename: str | None = None) -> None:
    parsed = ParsedResume.model_validate(parsed_data or {})
    with ui.card().classes('w-full p-6 gap-4').mark('resume-view'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.label('Resume').classes('text-lg font-semibold')
            if filename:
                ui.label(filename).classes('text-sm text-slate-500 truncate max-w-xs').mark('resume-filename')
            ui.space()
            if on_download is not None:
                ui.button('Download original', icon='download', on_click=on_download) \
                    .props('flat no-caps').mark('download-resume')
        _skills(parsed.skills, must_have)
        with ui.grid().classes('w-full grid-cols-1 md:grid-cols-2 gap-x-8 gap-y-4'):
            _fact('Experience', experience(parsed.experience_years, 'Not stated'))
            with ui.column().classes('gap-1'):
                _heading('Education')
                for entry in parsed.education:
                    ui.label(entry).classes('text-sm text-slate-700')
                if not parsed.education:
                    _none()
        with ui.column().classes('w-full gap-1'):
            _heading('Projects')
            for project in parsed.projects:
                with ui.row().classes('gap-1 items-baseline text-sm'):
                    ui.label(project.name).classes('font-medium text-slate-800')
                    if project.description:
                        ui.label(f'— {project.description}').classes('text-slate-600')
            if not parsed.projects:
                _none()
        with ui.column().classes('w-full gap-1'):
            _heading('Links')
            for link in parsed.links:
                if re.match(r'^https?://', link, re.IGNORECASE):
                    ui.link(link, link, new_tab=True).classes('text-sm break-all').props('rel="noopener noreferrer"')
            if not parsed.links:
                _none()
        _text(resume_text)


def _skills(skills: list[str], must_have: list[str]) -> None:
    found = {skill.casefold() for skill in skills}
    with ui.column().classes('w-full gap-1'):
        _heading('Skills')
        with ui.row().classes('gap-1').mark('resume-skills'):
            for skill in skills:
                must = skill.casefold() in {m.casefold() for m in must_have}
                ui.chip(skill, icon='check' if must else None, color='indigo-1' if must else 'grey-3',
                        text_color='indigo-10' if must else 'grey-9').props('dense')
            if not skills:
                _none()
        missing = [skill for skill in must_have if skill.casefold() not in found]
        if missing:
            with ui.row().classes('gap-1 items-center').mark('missing-skills'):
                ui.label('Must-haves not found:').classes('text-xs text-slate-500')
                for skill in missing:
                    ui.chip(skill, color='negative').props('dense outline')


def _text(resume_text: str) -> None:
    visible, _, hidden = resume_text.partition(HIDDEN_HEADING)
    with ui.expansion('Resume text as extracted', icon='article').classes('w-full border rounded') \
            .mark('resume-text'):
        ui.label(visible.strip() or '(no text)').classes(
            'whitespace-pre-wrap text-sm text-slate-700 leading-relaxed max-h-[32rem] overflow-auto')
        if hidden.strip():
            ui.label('Hidden in the file (not visible to a reader):') \
                .classes('text-sm font-semibold text-amber-800 mt-3')
            ui.label(hidden.strip()).classes('whitespace-pre-wrap text-sm text-amber-900 bg-amber-50 rounded p-2')


def _fact(label: str, value: str) -> None:
    with ui.column().classes('gap-1'):
        _heading(label)
        ui.label(value).classes('text-sm text-slate-700')


def _heading(text: str) -> None:
    ui.label(text).classes('text-xs uppercase tracking-wide text-slate-500')


def _none() -> None:
    ui.label('None found').classes('text-sm text-slate-400')
