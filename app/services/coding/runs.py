"""Running a candidate's code against a task's examples (Run) or hidden tests (Submit) in the sandbox.

Blocking (one sandboxed process per call): call from a worker thread. Refuses to run anything when
the sandbox is unavailable.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from app.errors import Invalid
from app.sandbox import SandboxLimits, SandboxUnavailable, run_python, sandbox_status
from app.services.coding import harness
from app.services.coding.bank import CodingTask, TestCase

MAX_CODE_CHARS = 20_000
Which = Literal['examples', 'hidden']


class CodingUnavailable(Invalid):
    """The sandbox cannot run here: coding exercises are off (never run unsandboxed)."""


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest class
    name: str
    passed: bool
    args: str
    expected: str
    got: str | None
    error: str | None
    ms: float | None

    def stored(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CodeRun:
    results: list[TestResult]
    verdict: str  # the sandbox's: ok | error | timeout | cpu_limit | memory_limit | output_limit | process_limit
    message: str  # why the run stopped, when it did not finish normally ('' when it did)
    printed: str  # the candidate's own output, capped
    stderr: str
    wall_ms: int
    setup_error: str | None = None
    passed: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, 'passed', sum(1 for r in self.results if r.passed))

    @property
    def total(self) -> int:
        return len(self.results)


def check_code(code: str) -> str:
    if not code.strip():
        raise Invalid('The code is empty.')
    if len(code) > MAX_CODE_CHARS:
        raise Invalid(f'The code is longer than {MAX_CODE_CHARS:,} characters.')
    if '\0' in code:
        raise Invalid('The code contains a NUL character.')
    return code


def run_cases(task: CodingTask, code: str, which: Which, limits: SandboxLimits | None = None) -> CodeRun:
    check_code(code)
    status = sandbox_status()
    if not status.available:
        raise CodingUnavailable(f'Code cannot be run: {status.reason}.')
    cases: list[TestCase] = task.examples if which == 'examples' else task.hidden
    nonce = secrets.token_hex(16)
    files = {'harness.py': harness.HARNESS, 'solution.py': code,
             'tests.json': harness.tests_file(task.entry, [case.args for case in cases])}
    try:
        result = run_python(files, 'harness.py', limits, stdin=nonce + '\n')
    except SandboxUnavailable as exc:
        raise CodingUnavailable(f'Code cannot be run: {exc}.') from exc
    output = harness.parse(result.stdout, nonce)
    label = 'Example' if which == 'examples' else 'Hidden test'
    results = [_result(f'{label} {n + 1}', case, output.cases.get(n), output.setup_error, result.message)
               for n, case in enumerate(cases)]
    message = result.message if result.verdict not in ('ok', 'error') else ''
    return CodeRun(results, result.verdict, message, output.printed[-4000:], result.stderr[-4000:],
                   result.wall_ms, output.setup_error)


def _result(name: str, case: TestCase, out: harness.CaseOutput | None, setup_error: str | None,
            stopped: str) -> TestResult:
    shown_args = ', '.join(_show(arg) for arg in case.args)
    expected = _show(case.expected)
    if out is None:
        error = setup_error or stopped or 'Not run: the program ended before this test.'
        return TestResult(name, False, shown_args, expected, None, error, None)
    if out.error is not None:
        return TestResult(name, False, shown_args, expected, None, out.error, out.ms)
    passed = not out.unserializable and _same(out.value, case.expected)
    got = str(out.value) if out.unserializable else _show(out.value)
    return TestResult(name, passed, shown_args, expected, got, None, out.ms)


def _same(value: Any, expected: Any) -> bool:
    # JSON on both sides: a tuple and a list with the same items are the same answer; True is not 1.
    return json.dumps(value, sort_keys=True) == json.dumps(expected, sort_keys=True)


def _show(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 200 else text[:197] + '...'
