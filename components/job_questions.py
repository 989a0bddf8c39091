"""The job page's "Interview questions" section: the pool the interviewer draws from, per skill and
difficulty, where HR edits a question's text and rubric, pins it (asked in every interview), excludes
it (never asked) or adds their own. Every change saves the whole list through app/services/job_questions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from nicegui import ui
from pydantic import ValidationError

from app.db import run_in_session, run_read
from app.errors import AppError, Invalid
from app.models import Job, User
from app.services import job_questions
from app.services.job_questions import JobQuestionView, QuestionEdit
from components.forms import clear_errors, error_banner, show_error

DIFFICULTY_COLORS = {'easy': 'green-1', 'medium': 'amber-1', 'hard': 'red-1'}
NO_SKILL = '(no skill: a general question)'
Save = Callable[[list[QuestionEdit], str], Awaitable[None]]


async def job_questions_section(user: User, job: Job) -> None:
    assert job.id is not None
    job_id = job.id

    async def save(edits: list[QuestionEdit], done: str) -> None:
        """Save the whole list; a refused save raises AppError and changes nothing."""
        await run_in_session(job_questions.save_job_questions, user, job_id,
                             {'questions': [e.model_dump() for e in edits]})
        ui.notify(done, type='positive')
        await pool.refresh()

    with ui.card().classes('w-full p-6 gap-3').mark('job-questions'):
        dialogs = ui.element()  # outside the refreshed list, so a dialog outlives the refresh its save causes
        with ui.row().classes('w-full items-center gap-2'):
            ui.label('Interview questions').classes('text-lg font-semibold')
            ui.space()
            ui.button('Add your own question', icon='add',
                      on_click=lambda: _edit_dialog(user, job, None, views_now(), save, dialogs)) \
                .props('flat').mark('add-question')
        ui.label('Each candidate gets one of these per skill, at the difficulty their resume claims. Pinned '
                 'questions are asked in every interview; excluded ones never are.') \
            .classes('text-sm text-slate-600')

        current: list[JobQuestionView] = []
        opened: set[str] = set()

        def views_now() -> list[JobQuestionView]:
            return current

        @ui.refreshable
        async def pool() -> None:
            views = await run_read(job_questions.job_questions, user.organization_id, job_id)
            current[:] = views
            if not views:
                ui.label('This job lists no skills with bank questions yet. Add skills, or add your own question.') \
                    .classes('text-slate-400 text-sm')
                return
            pinned = sum(v.pinned for v in views)
            excluded = sum(v.excluded for v in views)
            ui.label(f'{len(views)} questions · {pinned} pinned · {excluded} excluded') \
                .classes('text-xs text-slate-500').mark('questions-summary')
            groups: dict[str, list[JobQuestionView]] = {}
            for view in views:
                groups.setdefault(view.skill or 'General', []).append(view)
            for skill, items in groups.items():
                marks = sum(v.pinned or v.excluded or v.edited or v.custom for v in items)
                title = f'{skill} · {len(items)} questions' + (f' · {marks} changed' if marks else '')
                # Stays open across the refresh that every pin, exclusion or edit causes.
                expansion = ui.expansion(title, icon='quiz', value=skill in opened,
                                         on_value_change=lambda e, s=skill: opened.add(s) if e.value
                                         else opened.discard(s))
                with expansion.classes('w-full border rounded').mark(f'skill-{skill}'):
                    for view in items:
                        edit = partial(_edit_dialog, user, job, view, current, save, dialogs)
                        _question_row(view, current, save, edit)

        await pool()


def _question_row(view: JobQuestionView, views: list[JobQuestionView],
                  save: Save, edit: Callable[[], None]) -> None:
    def replaced(**changes: Any) -> list[QuestionEdit]:
        return [v.edit(**changes) if v.key == view.key else v.edit() for v in views]

    async def act(edits: list[QuestionEdit], done: str) -> None:
        try:
            await save(edits, done)
        except AppError as exc:  # e.g. more pins than the interview has questions
            ui.notify(exc.message, type='negative', multi_line=True)

    with ui.column().classes('w-full gap-1 py-2 border-b last:border-b-0' + (' opacity-60' if view.excluded else '')) \
            .mark(f'question-{view.key}'):
        with ui.row().classes('w-full items-start gap-2 no-wrap'):
            ui.badge(view.difficulty, color=DIFFICULTY_COLORS.get(view.difficulty, 'grey-3'),
                     text_color='grey-9').classes('mt-1')
            ui.label(view.text).classes('grow text-sm' + (' line-through' if view.excluded else ''))
            for flag, label, color in ((view.pinned, 'Pinned', 'primary'), (view.excluded, 'Excluded', 'grey-7'),
                                       (view.edited, 'Edited', 'teal'), (view.custom, 'Your own', 'purple')):
                if flag:
                    ui.badge(label, color=color).classes('mt-1')
            ui.button(icon='edit', on_click=edit).props('flat round dense size=sm').tooltip('Edit text and rubric') \
                .mark(f'edit-{view.key}')
            ui.button(icon='push_pin', on_click=lambda: act(
                replaced(pinned=not view.pinned, excluded=False),
                'Unpinned.' if view.pinned else 'Pinned: asked in every interview for this job.')) \
                .props(f'flat round dense size=sm color={"primary" if view.pinned else "grey-7"}') \
                .tooltip('Unpin' if view.pinned else 'Pin: ask in every interview').mark(f'pin-{view.key}')
            ui.button(icon='block', on_click=lambda: act(
                replaced(excluded=not view.excluded, pinned=False),
                'Included again.' if view.excluded else 'Excluded: never asked.')) \
                .props(f'flat round dense size=sm color={"negative" if view.excluded else "grey-7"}') \
                .tooltip('Include again' if view.excluded else 'Exclude: never ask').mark(f'exclude-{view.key}')
        with ui.column().classes('gap-0 pl-16'):
            for point in view.rubric:
                ui.label(f'• {point.point}').classes('text-xs text-slate-600')


def _edit_dialog(user: User, job: Job, view: JobQuestionView | None, views: list[JobQuestionView],
                 save: Save, holder: ui.element) -> None:
    """Edit a question's wording and rubric (one key point per line), or write a new one (view None)."""
    skills = job_questions.job_skills(job)
    holder.clear()
    with holder, ui.dialog() as dialog, ui.card().classes('p-6 gap-3 w-[40rem] max-w-full').mark('question-dialog'):
        ui.label('Edit question' if view else 'Add your own question').classes('text-lg font-semibold')
        banner = error_banner()
        skill = difficulty = None
        if view is None:
            with ui.row().classes('w-full gap-3 no-wrap'):
                skill = ui.select([*skills, NO_SKILL], value=skills[0] if skills else NO_SKILL, label='Skill') \
                    .props('outlined dense').classes('grow').mark('question-skill')
                difficulty = ui.select(['easy', 'medium', 'hard'], value='medium', label='Difficulty') \
                    .props('outlined dense').classes('w-40').mark('question-difficulty')
        text = ui.textarea('Question', value=view.text if view else '') \
            .props('outlined autogrow counter maxlength=1000').classes('w-full').mark('question-text')
        rubric = ui.textarea('Rubric: the key points a good answer covers, one per line (3 to 6)',
                             value='\n'.join(p.point for p in view.rubric) if view else '') \
            .props('outlined autogrow').classes('w-full').mark('question-rubric')
        pinned = ui.checkbox('Pin: ask in every interview for this job', value=view.pinned if view else True) \
            .mark('question-pinned')

        async def submit() -> None:
            clear_errors(text, rubric, banner=banner)
            points = [line.strip() for line in (rubric.value or '').splitlines() if line.strip()]
            changes: dict[str, Any] = {'text': (text.value or '').strip(), 'rubric': points,
                                       'pinned': bool(pinned.value), 'excluded': False}
            try:
                if view is not None:
                    edits = [v.edit(**changes) if v.key == view.key else v.edit() for v in views]
                else:
                    chosen = skill.value if skill is not None else None
                    edits = [v.edit() for v in views] + [QuestionEdit.model_validate({
                        **changes, 'skill': None if chosen == NO_SKILL else chosen,
                        'difficulty': difficulty.value if difficulty is not None else 'medium'})]
                await save(edits, 'Question saved.')
            except ValidationError as exc:  # the rules the API applies, checked before anything is sent
                show_error(Invalid.from_validation(exc), {'text': text, 'rubric': rubric}, banner)
                return
            except AppError as exc:
                show_error(exc, {'text': text, 'rubric': rubric}, banner)
                return
            dialog.close()

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save question', on_click=submit).props('unelevated').mark('question-save')
    dialog.open()
