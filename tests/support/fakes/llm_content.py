"""Valid, sensible answers for the fake LLM servers, computed from the prompt's data block with the
offline engine, plus the scripted content faults (truncated, out of range, missing fields).

The task is recognised from the data block's keys, which the prompt builder sets per task.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from app.providers.llm.base import PlanItem, ReportInput, RubricPoint
from app.providers.llm.offline.provider import follow_up_question
from app.providers.llm.offline.questions import write_question
from app.providers.llm.offline.report import write_report
from app.providers.llm.offline.scoring import evaluate_transcript
from app.providers.llm.prompts import extract_data
from app.schemas import JobContext, ParsedResume


def task_of(data: dict[str, Any]) -> str:
    if 'skeleton' in data:
        return 'plan'
    if 'item' in data:
        return 'question'
    if 'candidate_name' in data:
        return 'report'
    if 'skill' in data:
        return 'evaluate'
    return 'follow_up'


def _plan(data: dict[str, Any]) -> dict[str, Any]:
    items = []
    for raw in data['skeleton']:
        item = PlanItem.model_validate(raw)
        focus = item.focus
        if item.type == 'technical' and item.focus != 'basics':
            focus = f'practical use of {item.skill} in production'
        elif item.type in ('warmup', 'behavioral'):
            focus = focus or 'teamwork and ownership'
        items.append({'type': item.type, 'skill': item.skill, 'difficulty': item.difficulty, 'focus': focus})
    return {'items': items}


def _question(data: dict[str, Any]) -> dict[str, Any]:
    question = write_question(PlanItem.model_validate(data['item']), JobContext.model_validate(data['job']),
                              ParsedResume.model_validate(data['resume']), list(data['previous_questions']))
    return question.model_dump()


def _evaluate(data: dict[str, Any]) -> dict[str, Any]:
    rubric = [RubricPoint.model_validate(p) for p in data['rubric']]
    evaluation = evaluate_transcript(data['question'], rubric, data['transcript'], skill=data.get('skill'),
                                     duration_seconds=data.get('duration_seconds'))
    out = evaluation.model_dump(exclude={'coverage'})
    out['comment'] = out['comment'] or 'No comment.'
    return out


def _follow_up(data: dict[str, Any]) -> dict[str, Any]:
    rubric = [RubricPoint.model_validate(p) for p in data['rubric']]
    question = follow_up_question(data['question'], rubric, data['transcript'])
    return {'ask': question is not None, 'question': question or ''}


def _report(data: dict[str, Any]) -> dict[str, Any]:
    return {'report': write_report(ReportInput.model_validate(data))}


ANSWERS = {'plan': _plan, 'question': _question, 'evaluate': _evaluate, 'follow_up': _follow_up, 'report': _report}


def answer_for(user_prompt: str, fault: str) -> tuple[str, bool]:
    """(JSON text, truncated?) for a rendered user prompt, with a content fault applied."""
    if fault == 'ok':
        return _ok_answer(user_prompt), False
    return _answer(user_prompt, fault)


@lru_cache(maxsize=4096)
def _ok_answer(user_prompt: str) -> str:
    # The offline engine is deterministic, so identical prompts (a load test's many candidates) are
    # answered from memory: a remote model's thinking should not cost this machine's CPU in benchmarks.
    return _answer(user_prompt, 'ok')[0]


def _answer(user_prompt: str, fault: str) -> tuple[str, bool]:
    data = extract_data(user_prompt)
    task = task_of(data)
    value = ANSWERS[task](data)
    if fault == 'out_of_range':
        if task == 'evaluate':
            value.update(correctness=7.5, relevance=-1)
        elif task == 'question':
            value['rubric'] = value['rubric'][:1]
        elif task == 'plan':
            value['items'] = value['items'] + value['items']
        elif task == 'report':
            value['report'] = 'Too short.'
        else:
            value['question'] = 'x' * 1000
    elif fault == 'missing_fields':
        required = {'evaluate': 'correctness', 'question': 'rubric', 'plan': 'items', 'report': 'report',
                    'follow_up': 'ask'}[task]
        value.pop(required, None)
    text = json.dumps(value)
    if fault == 'truncated':
        return text[: max(1, len(text) // 2)], True
    return text, False
