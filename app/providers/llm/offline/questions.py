"""Offline question writing: bank questions for known skills, templates for everything else."""

from __future__ import annotations

import re

from app.providers.llm.base import GeneratedQuestion, PlanItem, RubricPoint
from app.providers.llm.offline.bank import Template, question_bank
from app.schemas import JobContext, ParsedResume, ResumeProject


def normalize_question(text: str) -> str:
    return ' '.join(re.sub(r'[^a-z0-9 ]+', ' ', text.casefold()).split())


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ''


def _render(template: Template, fields: dict[str, str]) -> GeneratedQuestion:
    text = ' '.join(template.text.format_map(_Fields(fields)).split())
    rubric = [RubricPoint(point=p.point.format_map(_Fields(fields)),
                          synonyms=[s.format_map(_Fields(fields)) for s in p.synonyms]) for p in template.rubric]
    return GeneratedQuestion(text=text, rubric=rubric)


def _project(resume: ParsedResume, focus: str) -> ResumeProject | None:
    wanted = focus.casefold().strip()
    for project in resume.projects:
        if project.name.casefold().strip() == wanted:
            return project
    return None


def _first_unused(candidates: list[GeneratedQuestion], previous: set[str]) -> GeneratedQuestion | None:
    for candidate in candidates:
        if normalize_question(candidate.text) not in previous:
            return candidate
    return None


def write_question(item: PlanItem, job: JobContext, resume: ParsedResume,
                   previous_questions: list[str]) -> GeneratedQuestion:
    bank = question_bank()
    previous = {normalize_question(q) for q in previous_questions}
    fields = {'title': job.title or 'this role', 'skill': item.skill or 'your main technology'}
    candidates: list[GeneratedQuestion] = []

    if item.type == 'technical' and item.skill:
        candidates += [GeneratedQuestion(text=q.text, rubric=list(q.rubric))
                       for q in bank.for_skill(item.skill, item.difficulty)]
        candidates += [_render(t, fields) for t in bank.category_templates(item.skill)]
    elif item.type == 'project':
        project = _project(resume, item.focus)
        if project is not None:
            fields['project'] = project.name
            fields['project_detail'] = f' ({project.description.strip()[:120]})' if project.description.strip() else ''
            candidates += [_render(t, fields) for t in bank.templates.get('project', [])]
        candidates += [_render(t, fields) for t in bank.templates.get('project_generic', [])]
    elif item.type in ('warmup', 'behavioral', 'hr'):
        candidates += [_render(t, fields) for t in bank.templates.get(item.type, [])]

    # Never repeat a question; past the end of every list, general questions keep the interview going.
    fallback = ['behavioral', 'hr', 'technical_general']
    chosen = _first_unused(candidates, previous)
    for group in fallback:
        if chosen is not None:
            break
        chosen = _first_unused([_render(t, fields) for t in bank.templates.get(group, [])], previous)
    if chosen is None:
        number = len(previous_questions) + 1
        chosen = GeneratedQuestion(
            text=f'Question {number}: tell me about a piece of work related to {fields["skill"]} that you are '
                 'proud of, and what you would do differently today.',
            rubric=[
                RubricPoint(point='Describes the context and the goal of the work', synonyms=['goal', 'problem']),
                RubricPoint(point='Explains their own contribution', synonyms=['I built', 'my role', 'I did']),
                RubricPoint(point='Reflects on what they would change', synonyms=['differently', 'improve', 'lesson']),
            ])
    return chosen
