"""The job page's "Try an answer" box: pick one of the job's questions (or type any), write an answer, and
see it scored exactly as an interview answer would be: the four scores, the evidence and the comment."""

from __future__ import annotations

from nicegui import ui

from app import runtime
from app.db import run_read
from app.errors import AppError
from app.models import Job, User
from app.services import job_questions, scoring_try
from app.services.scoring_try import TryRequest, TryResult
from app.validation import parse_input
from components.forms import clear_errors, error_banner, show_error

LABELS = (('correctness', 'Correctness'), ('depth', 'Depth'), ('clarity', 'Clarity'), ('relevance', 'Relevance'))


async def try_answer_section(user: User, job: Job) -> None:
    assert job.id is not None
    views = [v for v in await run_read(job_questions.job_questions, user.organization_id, job.id) if not v.excluded]
    by_key = {v.key: v for v in views}
    with ui.card().classes('w-full p-6 gap-3').mark('try-answer'):
        ui.label('Try an answer').classes('text-lg font-semibold')
        ui.label('Score a typed answer the way an interview answer is scored, with the same evaluator. '
                 'Nothing is stored.').classes('text-sm text-slate-600')
        banner = error_banner()
        options = {v.key: f'{v.skill or "General"} · {v.difficulty} · {v.text[:90]}' for v in views}
        pick = ui.select(options, label="Start from one of this job's questions (optional)", with_input=True) \
            .props('outlined dense clearable').classes('w-full').mark('try-pick')
        question = ui.textarea('Question').props(f'outlined autogrow counter maxlength={scoring_try.MAX_QUESTION}') \
            .classes('w-full').mark('try-question')
        rubric = ui.textarea('Rubric: key points, one per line').props('outlined autogrow') \
            .classes('w-full').mark('try-rubric')
        answer = ui.textarea('Answer, as the candidate would say it') \
            .props(f'outlined autogrow counter maxlength={scoring_try.MAX_ANSWER}').classes('w-full') \
            .mark('try-text')

        def fill() -> None:
            chosen = by_key.get(pick.value or '')
            if chosen is not None:
                question.value = chosen.text
                rubric.value = '\n'.join(p.point for p in chosen.rubric)

        pick.on_value_change(fill)

        @ui.refreshable
        def result_view(result: TryResult | None = None) -> None:
            if result is not None:
                _result(result)

        async def score() -> None:
            clear_errors(question, rubric, answer, banner=banner)
            points = [line.strip() for line in (rubric.value or '').splitlines() if line.strip()]
            chosen = by_key.get(pick.value or '')
            try:
                request = parse_input(TryRequest, {'question': question.value or '', 'rubric': points,
                                                   'answer': answer.value or '',
                                                   'skill': chosen.skill if chosen else None})
                button.props('loading')
                result = await scoring_try.try_answer(runtime.get_runtime().pipeline.evaluator, request)
            except AppError as exc:
                show_error(exc, {'question': question, 'rubric': rubric, 'answer': answer}, banner)
                return
            finally:
                button.props(remove='loading')
            result_view.refresh(result)

        button = ui.button('Score this answer', icon='grading', on_click=score).props('unelevated') \
            .mark('try-score')
        result_view()


def _result(result: TryResult) -> None:
    with ui.column().classes('w-full gap-2 border rounded p-4 bg-slate-50').mark('try-result'):
        with ui.row().classes('w-full items-center gap-6'):
            ui.label(f'{result.score:.0f} / 100').classes('text-2xl font-semibold').mark('try-score-total')
            ui.badge(result.recommendation.title(), color='primary')
            ui.label(f'scored by {result.scorer}').classes('text-xs text-slate-500')
        with ui.row().classes('w-full gap-6'):
            for name, label in LABELS:
                with ui.column().classes('gap-0'):
                    ui.label(label).classes('text-xs uppercase tracking-wide text-slate-500')
                    ui.label(f'{getattr(result, name):.1f} / 5').classes('font-medium').mark(f'try-{name}')
        if result.comment:
            ui.label(result.comment).classes('text-sm text-slate-700').mark('try-comment')
        if result.evidence:
            ui.label('Evidence').classes('text-xs uppercase tracking-wide text-slate-500')
            for item in result.evidence:
                with ui.row().classes('w-full gap-2 no-wrap text-sm'):
                    ui.icon('check_circle', color='positive').classes('mt-0.5')
                    ui.label(f'{item.point}: “{item.quote}”').classes('text-slate-700')
        if result.missing_points:
            ui.label('Not covered').classes('text-xs uppercase tracking-wide text-slate-500')
            for point in result.missing_points:
                with ui.row().classes('w-full gap-2 no-wrap text-sm'):
                    ui.icon('radio_button_unchecked', color='grey-6').classes('mt-0.5')
                    ui.label(point).classes('text-slate-600')
