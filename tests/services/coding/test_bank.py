"""Every task in the offline coding bank is answerable: its reference solution passes all its examples
and hidden tests in the sandbox, and its starter does not (so the tests can tell)."""

from __future__ import annotations

import pytest

from app.sandbox import sandbox_status
from app.services.coding.bank import DIFFICULTIES, CodingTask, all_tasks, difficulties_for, pick_tasks
from app.services.coding.runs import run_cases

pytestmark = pytest.mark.skipif(not sandbox_status().available, reason=sandbox_status().reason or 'no sandbox')


def test_the_bank_has_python_tasks_at_all_three_difficulties() -> None:
    assert {task.difficulty for task in all_tasks()} == set(DIFFICULTIES)
    assert len({task.id for task in all_tasks()}) == len(all_tasks())


@pytest.mark.parametrize('task', all_tasks(), ids=lambda task: task.id)
def test_reference_solution_passes_every_test_and_the_starter_does_not(task: CodingTask) -> None:
    hidden = run_cases(task, task.solution, 'hidden')
    assert hidden.verdict == 'ok', hidden.stderr
    assert hidden.passed == hidden.total == len(task.hidden), [r for r in hidden.results if not r.passed]
    examples = run_cases(task, task.solution, 'examples')
    assert examples.passed == examples.total == len(task.examples)
    starter = run_cases(task, task.starter, 'hidden')
    assert starter.passed < starter.total


def test_exercises_climb_in_difficulty_and_never_repeat() -> None:
    assert difficulties_for(1) == ['medium']
    assert difficulties_for(3) == ['easy', 'medium', 'hard']
    picked = pick_tasks(3, seed=7)
    assert [task.difficulty for task in picked] == ['easy', 'medium', 'hard']
    assert len({task.id for task in pick_tasks(5, seed=1)}) == 5
