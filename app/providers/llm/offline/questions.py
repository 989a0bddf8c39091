"""Offline question writing: bank questions for known skills, templates for everything else."""

from __future__ import annotations

import re

from app.providers.llm.base import GeneratedQuestion, PlanItem, RubricPoint
from app.providers.llm.offline.bank import Template, question_bank
from app.providers.llm.offline.intl.lexicon import Lexicon, available, lexicon
from app.schemas import JobContext, ParsedResume, ResumeProject


def normalize_question(text: str) -> str:
    return ' '.join(re.sub(r'[^\w ]+', ' ', text.casefold()).split())


def offline_lexicon(language: str) -> Lexicon | None:
    """The lexicon of a non-English interview language, None for English."""
    code = language.split('-')[0].lower()
    return lexicon(code) if code != 'en' and code in available() else None


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


def _rotated(items: list[GeneratedQuestion], variant: int) -> list[GeneratedQuestion]:
    """The same list started at the candidate's variant, so candidates do not all get the first template."""
    if not items:
        return items
    start = variant % len(items)
    return items[start:] + items[:start]


def fixed_question(item: PlanItem, job: JobContext) -> GeneratedQuestion | None:
    """HR's wording (an edited or pinned question) or the bank variant the plan chose, if any."""
    rule = job.question_rule(item.question_key)
    if rule is not None and not rule.excluded and len(rule.rubric) >= 3:
        return GeneratedQuestion(text=rule.text, rubric=list(rule.rubric))
    chosen = question_bank(job.language).by_id(item.question_key)
    return GeneratedQuestion(text=chosen.text, rubric=list(chosen.rubric)) if chosen else None


def write_question(item: PlanItem, job: JobContext, resume: ParsedResume,
                   previous_questions: list[str]) -> GeneratedQuestion:
    bank = question_bank(job.language)
    lex = offline_lexicon(job.language)
    previous = {normalize_question(q) for q in previous_questions}
    fields = {'title': job.title or (lex.text('default_title') if lex else 'this role'),
              'skill': item.skill or (lex.text('default_skill') if lex else 'your main technology')}
    excluded = {rule.key for rule in job.questions if rule.excluded}
    fixed = fixed_question(item, job)
    candidates: list[GeneratedQuestion] = [fixed] if fixed else []

    if item.type == 'technical' and item.skill:
        candidates += [fixed_question(item.model_copy(update={'question_key': q.id}), job) or
                       GeneratedQuestion(text=q.text, rubric=list(q.rubric))
                       for q in bank.for_skill(item.skill, item.difficulty) if q.id not in excluded]
        candidates += [_render(t, fields) for t in bank.category_templates(item.skill)]
    elif item.type == 'project':
        project = _project(resume, item.focus)
        if project is not None:
            fields['project'] = project.name
            # Quoted whole: the candidate should recognise their own project, not a clipped fragment of it.
            description = ' '.join(project.description.split()).rstrip('.')
            fields['project_detail'] = f' ({description})' if description else ''
            candidates += _rotated([_render(t, fields) for t in bank.templates.get('project', [])], item.variant)
        candidates += _rotated([_render(t, fields) for t in bank.templates.get('project_generic', [])], item.variant)
    elif item.type in ('warmup', 'behavioral', 'hr'):
        candidates += _rotated([_render(t, fields) for t in bank.templates.get(item.type, [])], item.variant)

    # Never repeat a question; past the end of every list, general questions keep the interview going.
    fallback = ['behavioral', 'hr', 'technical_general']
    chosen = _first_unused(candidates, previous)
    for group in fallback:
        if chosen is not None:
            break
        chosen = _first_unused([_render(t, fields) for t in bank.templates.get(group, [])], previous)
    if chosen is None and lex is not None:
        chosen = GeneratedQuestion(
            text=lex.text('fallback_question', number=len(previous_questions) + 1, skill=fields['skill']),
            rubric=[RubricPoint(point=p[0], synonyms=list(p[1:])) for p in lex.strings['fallback_rubric']])
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
