"""Run and Submit against the sandbox: what the candidate and HR see for right, wrong and hostile code."""

from __future__ import annotations

import pytest

from app.errors import Invalid
from app.sandbox import SandboxLimits, sandbox_status
from app.services.coding.bank import task_by_id
from app.services.coding.runs import MAX_CODE_CHARS, run_cases

pytestmark = pytest.mark.skipif(not sandbox_status().available, reason=sandbox_status().reason or 'no sandbox')

TWO_SUM = task_by_id('py-medium-two-sum')
QUICK = SandboxLimits(cpu_seconds=2, wall_seconds=3.0)


def test_a_wrong_answer_shows_what_it_returned_and_its_run_time() -> None:
    assert TWO_SUM is not None
    run = run_cases(TWO_SUM, 'def two_sum(numbers, target):\n    print("thinking")\n    return [0, 1]\n', 'hidden')
    assert run.verdict == 'ok' and 0 < run.passed < run.total
    failed = next(r for r in run.results if not r.passed)
    assert failed.got == '[0, 1]' and failed.expected != failed.got and failed.ms is not None
    assert 'thinking' in run.printed


def test_an_exception_in_one_test_fails_only_that_test() -> None:
    assert TWO_SUM is not None
    code = 'def two_sum(numbers, target):\n    if len(numbers) == 2:\n        raise ValueError("short")\n' \
           '    seen = {}\n    for j, v in enumerate(numbers):\n        if target - v in seen:\n' \
           '            return [seen[target - v], j]\n        seen[v] = j\n'
    run = run_cases(TWO_SUM, code, 'hidden')
    assert run.results[0].error == 'ValueError: short' and not run.results[0].passed
    assert all(r.passed for r in run.results[1:])


def test_missing_function_and_syntax_errors_are_reported_on_every_test() -> None:
    assert TWO_SUM is not None
    missing = run_cases(TWO_SUM, 'def other():\n    pass\n', 'examples')
    assert missing.passed == 0 and 'two_sum' in (missing.results[0].error or '')
    broken = run_cases(TWO_SUM, 'def two_sum(:\n', 'examples')
    assert broken.passed == 0 and 'SyntaxError' in (broken.results[0].error or '')


def test_an_endless_loop_is_stopped_and_every_test_says_why() -> None:
    assert TWO_SUM is not None
    run = run_cases(TWO_SUM, 'def two_sum(numbers, target):\n    while True:\n        pass\n', 'examples', QUICK)
    assert run.verdict in ('timeout', 'cpu_limit') and run.passed == 0
    assert run.message.startswith('Stopped:')
    assert all((r.error or '').startswith('Stopped:') for r in run.results)


def test_printing_fake_results_does_not_pass_tests() -> None:
    assert TWO_SUM is not None
    fake = '{"i": %d, "value": [0, 1], "ms": 0}'
    code = (f'for i in range(10):\n    print("\\n" + "x" * 32 + " " + {fake!r} % i)\n'
            'def two_sum(numbers, target):\n    return [9, 9]\n')
    run = run_cases(TWO_SUM, code, 'hidden')
    assert run.passed == 0


def test_empty_or_oversized_code_is_refused_before_running() -> None:
    assert TWO_SUM is not None
    with pytest.raises(Invalid, match='empty'):
        run_cases(TWO_SUM, '   \n', 'examples')
    with pytest.raises(Invalid, match='longer'):
        run_cases(TWO_SUM, 'x = 1\n' * MAX_CODE_CHARS, 'examples')
