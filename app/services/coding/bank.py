"""The offline coding-task bank: Python tasks at three difficulties, each with a reference solution
that passes its hidden tests (tests/services/coding/test_bank.py runs every one in the sandbox)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

BANK_FILE = Path(__file__).resolve().parents[3] / 'data' / 'coding' / 'python.json'
DIFFICULTIES = ('easy', 'medium', 'hard')


class TestCase(BaseModel):
    __test__ = False  # not a pytest class
    args: list[Any]
    expected: Any


class CodingTask(BaseModel):
    id: str
    difficulty: str
    title: str
    statement: str
    entry: str = Field(pattern=r'^[A-Za-z_][A-Za-z0-9_]*$')
    starter: str
    examples: list[TestCase]
    hidden: list[TestCase] = Field(min_length=1)
    solution: str
    rubric: list[list[str]]  # [point, synonym, ...] like the question bank

    @property
    def spoken_text(self) -> str:
        return f'Coding exercise: {self.title}. {self.statement.replace("`", "")}'

    def rubric_points(self) -> list[dict[str, Any]]:
        return [{'point': row[0], 'synonyms': row[1:]} for row in self.rubric]


@lru_cache(maxsize=1)
def all_tasks() -> tuple[CodingTask, ...]:
    data = json.loads(BANK_FILE.read_text(encoding='utf-8'))
    return tuple(CodingTask.model_validate(task) for task in data['tasks'])


def task_by_id(task_id: str | None) -> CodingTask | None:
    return next((task for task in all_tasks() if task.id == task_id), None)


def difficulties_for(count: int) -> list[str]:
    """One exercise is medium; two are easy + medium; three or more climb through all three."""
    if count <= 0:
        return []
    if count == 1:
        return ['medium']
    return [DIFFICULTIES[min(n, 2)] for n in range(count)]


def pick_tasks(count: int, seed: int) -> list[CodingTask]:
    """`count` different tasks at rising difficulty; `seed` (the interview id) varies which ones."""
    chosen: list[CodingTask] = []
    for n, difficulty in enumerate(difficulties_for(count)):
        pool = [t for t in all_tasks() if t.difficulty == difficulty and t not in chosen] or \
               [t for t in all_tasks() if t not in chosen]
        if not pool:
            break
        chosen.append(pool[(seed + n) % len(pool)])
    return chosen
