"""A coding answer on the report: the submitted code and each hidden test's result with its run time."""

from __future__ import annotations

from nicegui import ui

from app.services.report_models import CodeOut


def code_result(code: CodeOut) -> None:
    with ui.column().classes('w-full gap-2').mark('code-result'):
        with ui.row().classes('items-center gap-2'):
            all_passed = code.tests_passed == code.tests_total
            ui.badge(f'{code.tests_passed} of {code.tests_total} tests passed',
                     color='positive' if all_passed else 'warning').mark('tests-passed')
            ui.label(f'run {code.run_ms} ms · Run pressed {code.examples_run}× before submitting') \
                .classes('text-xs text-slate-500')
        if code.message:
            ui.label(code.message).classes('text-sm text-amber-700')
        ui.code(code.code, language='python').classes('w-full text-sm').mark('submitted-code')
        rows = [{'name': t.name, 'result': 'passed' if t.passed else 'failed', 'input': t.args,
                 'expected': t.expected, 'got': t.got if t.error is None else t.error,
                 'ms': f'{t.ms:.3f}' if t.ms is not None else '—'} for t in code.tests]
        columns = [{'name': key, 'label': label, 'field': key, 'align': 'left'} for key, label in (
            ('name', 'Test'), ('result', 'Result'), ('input', 'Input'), ('expected', 'Expected'),
            ('got', 'Returned / error'), ('ms', 'ms'))]
        ui.table(columns=columns, rows=rows, row_key='name').props('dense flat bordered wrap-cells') \
            .classes('w-full text-xs').mark('code-tests')
