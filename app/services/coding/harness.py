"""The test harness that runs inside the sandbox with the candidate's code, and reading its output.

Only the arguments go in (tests.json); the harness prints each return value on a line starting with a
nonce it read from stdin before the candidate's code ran, and the host compares with the expected
values. So printing fake results needs the nonce and the hidden answers, neither of which the code has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

HARNESS = r"""
import json, sys, time, traceback

def _main():
    nonce = sys.stdin.readline().strip()
    sys.stdin = open('/dev/null')
    spec = json.load(open('/code/tests.json'))
    out, dumps, perf = sys.__stdout__, json.dumps, time.perf_counter

    def emit(record):
        try:
            line = dumps(record)
        except (TypeError, ValueError):
            record['value'] = repr(record.get('value'))
            record['unserializable'] = True
            line = dumps(record)
        out.write('\n' + nonce + ' ' + line + '\n')
        out.flush()

    namespace = {'__name__': 'solution'}
    try:
        source = open('/code/solution.py').read()
        exec(compile(source, 'solution.py', 'exec'), namespace)
        function = namespace.get(spec['entry'])
        if not callable(function):
            raise NameError('define a function named ' + spec['entry'])
    except BaseException as error:
        emit({'setup_error': ''.join(traceback.format_exception_only(type(error), error)).strip()[-500:]})
        return
    for index, args in enumerate(spec['cases']):
        started = perf()
        try:
            record = {'i': index, 'value': function(*args)}
        except BaseException as error:
            if isinstance(error, (KeyboardInterrupt, MemoryError)):
                raise
            record = {'i': index, 'error': (type(error).__name__ + ': ' + str(error))[:300]}
        record['ms'] = round((perf() - started) * 1000, 3)
        emit(record)

_main()
"""


@dataclass(frozen=True)
class CaseOutput:
    index: int
    value: Any
    error: str | None
    ms: float
    unserializable: bool


@dataclass(frozen=True)
class HarnessOutput:
    cases: dict[int, CaseOutput]
    setup_error: str | None
    printed: str  # what the candidate's code printed (harness lines removed)


def tests_file(entry: str, cases: list[list[Any]]) -> str:
    return json.dumps({'entry': entry, 'cases': cases})


def parse(stdout: str, nonce: str) -> HarnessOutput:
    cases: dict[int, CaseOutput] = {}
    setup_error = None
    printed: list[str] = []
    prefix = nonce + ' '
    for line in stdout.split('\n'):
        if not line.startswith(prefix):
            printed.append(line)
            continue
        try:
            record = json.loads(line[len(prefix):])
        except ValueError:
            continue  # a line cut by the output limit
        if 'setup_error' in record:
            setup_error = str(record['setup_error'])
        elif isinstance(record.get('i'), int):
            cases[record['i']] = CaseOutput(record['i'], record.get('value'), record.get('error'),
                                            float(record.get('ms', 0.0)), bool(record.get('unserializable')))
    return HarnessOutput(cases, setup_error, '\n'.join(printed).strip('\n'))
